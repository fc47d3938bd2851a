"""The `recommender` section of scripts/compare.py: BlockNumerics' recommenders side by side
with the `implicit` library and NumPy, in one run.

Implicit feedback: synthetic interactions (NumPy, below) split 80/20 at random, written as CSV;
`blocknum train recommender --solver implicit` and `implicit.als.AlternatingLeastSquares`
(CPU) train on the same split with equal factors, iterations, regularization and threads
(confidence 1 + α·r on both sides: implicit takes its input values as confidences, so it gets
1 + α·r with its alpha = 1), in interleaved rounds; the table gets each side's median fit time.
Precision@10 of both factor sets is computed by one NumPy function (Spark's definition: hits / 10
over the users with held-out items, training items left out).

Explicit ratings: `blocknum train recommender` with --solver bpmf, als and adam on the
synthetic ratings of Datasets.syntheticRatings (1000 × 500, rank 10, noise 0.1) at several
observed fractions and seeds; each run reports the oracle bound on the same draw (the
posterior mean of the user factors given the true item factors). A plain NumPy Gibbs sampler
(same model, priors, tempering and sweep counts) runs on the split our BPMF run wrote (--out).
Plot: docs/figures/recommender.png.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from comparelib import median  # noqa: E402

# What this section needs beyond comparelib.PACKAGES; compare.py installs it into the venv.
PACKAGES = ["implicit", "threadpoolctl"]

# The Done-when settings of issue 25.
IMPLICIT_SIZE = (20_000, 10_000, 0.005)
IMPLICIT_FACTORS = 64
IMPLICIT_ITERATIONS = 15
IMPLICIT_REGULARIZATION = 0.01
IMPLICIT_ALPHA = 1.0
THREADS = 2


# MARK: data

def synthetic_interactions(users, items, density, seed, rank=16):
    """Interactions as Datasets.syntheticInteractions makes them (NumPy's streams): each user
    picks about density·items items without replacement with probability ∝ exp(<U_u, V_i> + b_i)
    (Gumbel top-n), values 1 + floor(Exponential(mean 2))."""
    import numpy as np
    rng = np.random.default_rng(seed)
    scale = np.sqrt(2) / rank ** 0.25
    u = scale * rng.standard_normal((users, rank))
    v = scale * rng.standard_normal((items, rank))
    popularity = rng.standard_normal(items)
    mean = density * items
    wanted = np.clip(np.rint(mean + np.sqrt(mean) * rng.standard_normal(users)).astype(int), 1, items)
    widest = int(wanted.max())
    rows, columns = [], []
    for start in range(0, users, 1000):
        end = min(users, start + 1000)
        keys = u[start:end] @ v.T + popularity + rng.gumbel(size=(end - start, items))
        top = np.argpartition(-keys, widest - 1, axis=1)[:, :widest]
        order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        for row in range(end - start):
            chosen = np.sort(top[row, : wanted[start + row]])
            rows.append(np.full(len(chosen), start + row))
            columns.append(chosen)
    rows, columns = np.concatenate(rows), np.concatenate(columns)
    values = 1 + np.floor(rng.exponential(2.0, len(rows)))
    return rows, columns, values


def write_csv(path, rows, columns, values):
    import numpy as np
    with open(path, "w") as f:
        np.savetxt(f, np.column_stack([rows, columns, values]), fmt="%d,%d,%.17g")


def read_csv(path):
    import numpy as np
    data = np.loadtxt(path, delimiter=",", ndmin=2)
    return data[:, 0].astype(int), data[:, 1].astype(int), data[:, 2]


def precision_at(k, user_factors, item_factors, training, held_out, users, items):
    """Spark's precision@k: hits in the top k (training items left out) / k, averaged over the
    users with held-out items; scores in blocks of 1000 users."""
    import numpy as np
    import scipy.sparse
    train = scipy.sparse.csr_matrix((np.ones(len(training[0])), (training[0], training[1])), shape=(users, items))
    test = scipy.sparse.csr_matrix((np.ones(len(held_out[0])), (held_out[0], held_out[1])), shape=(users, items))
    evaluated = np.flatnonzero(np.diff(test.indptr) > 0)
    total = 0.0
    for start in range(0, len(evaluated), 1000):
        chosen = evaluated[start : start + 1000]
        scores = user_factors[chosen].astype(np.float64) @ item_factors.T.astype(np.float64)
        scores[train[chosen].nonzero()] = -np.inf
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        hits = np.asarray(test[chosen][np.arange(len(chosen))[:, None], top].sum(axis=1)).ravel()
        total += hits.sum() / k
    return total / len(evaluated)


# MARK: implicit feedback

def implicit_comparison(tool, report, quick, scratch, run_json):
    import numpy as np
    import scipy.sparse
    import implicit
    from implicit.als import AlternatingLeastSquares
    from threadpoolctl import threadpool_limits
    users, items, density = IMPLICIT_SIZE
    rows, columns, values = synthetic_interactions(users, items, density, seed=0)
    rng = np.random.default_rng(1)
    held = rng.random(len(rows)) < 0.2
    training = (rows[~held], columns[~held], values[~held])
    held_out = (rows[held], columns[held], values[held])
    directory = os.path.join(scratch, "implicit")
    os.makedirs(directory, exist_ok=True)
    training_path, held_out_path = os.path.join(directory, "training.csv"), os.path.join(directory, "held_out.csv")
    write_csv(training_path, *training)
    write_csv(held_out_path, *held_out)
    confidence = scipy.sparse.csr_matrix(
        ((1 + IMPLICIT_ALPHA * training[2]).astype(np.float32), (training[0], training[1])), shape=(users, items))

    rounds = 1 if quick else 3
    ours_seconds, their_seconds = [], []
    ours_json = their_model = None
    for round_number in range(rounds):
        ours_json = run_json(
            tool, "train", "recommender", "--solver", "implicit", "--ratings", training_path, "--held-out", held_out_path,
            "--users", str(users), "--items", str(items), "--factors", str(IMPLICIT_FACTORS),
            "--iterations", str(IMPLICIT_ITERATIONS), "--regularization", str(IMPLICIT_REGULARIZATION),
            "--alpha", str(IMPLICIT_ALPHA), "--threads", str(THREADS), "--seed", str(round_number),
            "--out", os.path.join(directory, "ours"))
        ours_seconds.append(ours_json["seconds"])
        # implicit's own advice: one BLAS thread, its loop's threads do the parallel work.
        with threadpool_limits(limits=1, user_api="blas"):
            model = AlternatingLeastSquares(
                factors=IMPLICIT_FACTORS, regularization=IMPLICIT_REGULARIZATION, alpha=1.0, iterations=IMPLICIT_ITERATIONS,
                num_threads=THREADS, random_state=round_number, dtype=np.float32)
            start = time.perf_counter()
            model.fit(confidence, show_progress=False)
            their_seconds.append(time.perf_counter() - start)
        their_model = model
    ours_user = np.load(os.path.join(directory, "ours", "user_factors.npy"))
    ours_item = np.load(os.path.join(directory, "ours", "item_factors.npy"))
    our_precision = precision_at(10, ours_user, ours_item, training, held_out, users, items)
    their_precision = precision_at(10, their_model.user_factors, their_model.item_factors, training, held_out, users, items)
    size = f"{users}×{items}, {density:.1%}, {IMPLICIT_FACTORS} factors, {IMPLICIT_ITERATIONS} it, {THREADS} threads"
    report.add(f"implicit ALS fit (precision@10 {our_precision:.4f} vs {their_precision:.4f}; median of {rounds})", size,
               median(ours_seconds), f"implicit {implicit.__version__} ALS", median(their_seconds))
    return {
        "size": size, "ours_seconds": ours_seconds, "their_seconds": their_seconds, "ours_precision": our_precision,
        "their_precision": their_precision, "ours_cli_precision": ours_json["precisionAtK"],
        "training": len(training[0]), "held_out": len(held_out[0]),
    }


# MARK: explicit ratings

def normal_wishart(x, rng, beta0=2.0):
    """(Λ, μ) from the Normal–Wishart posterior given the rows of x (μ0 = 0, W0 = I, ν0 = k)."""
    import numpy as np
    from scipy.stats import wishart
    n, k = x.shape
    average = x.mean(axis=0)
    centered = x - average
    inverse_scale = np.eye(k) + centered.T @ centered + beta0 * n / (beta0 + n) * np.outer(average, average)
    precision = wishart.rvs(df=k + n, scale=np.linalg.inv(inverse_scale), random_state=rng)
    covariance = np.linalg.inv((beta0 + n) * precision)
    mean = rng.multivariate_normal(n * average / (beta0 + n), covariance)
    return precision, mean


def numpy_bpmf(training, held_out, users, items, k, burn_in, samples, tempered, seed):
    """Plain NumPy BPMF Gibbs sampler (Salakhutdinov & Mnih 2008) with the same model, priors,
    tempering and sweep counts as ours; returns the held-out RMSE of the averaged prediction
    and the seconds."""
    import numpy as np
    start = time.perf_counter()
    rng = np.random.default_rng(seed)
    u_index, i_index, r = training
    mean = r.mean()
    centered = r - mean
    variance0 = max(centered.var(), 1e-12)
    factors = [0.1 * rng.standard_normal((users, k)), 0.1 * rng.standard_normal((items, k))]
    alpha = 1 / variance0
    sums = np.zeros(len(held_out[0]))
    sides = []
    for rows, columns, count in ((u_index, i_index, users), (i_index, u_index, items)):
        order = np.argsort(rows, kind="stable")
        counts = np.bincount(rows, minlength=count)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        sides.append((order, rows[order], columns[order], counts > 0, starts[counts > 0], centered[order]))
    for sweep in range(1, burn_in + samples + 1):
        used = alpha
        if sweep <= tempered:
            fraction = (sweep - 1) / tempered
            used = min(alpha, 1 / np.exp((1 - fraction) * np.log(variance0) + fraction * np.log(1 / alpha)))
        for side in (0, 1):
            x, y = factors[side], factors[1 - side]
            order, rows, columns, nonempty, starts, values = sides[side]
            precision, mu = normal_wishart(x, rng)
            n = x.shape[0]
            p = np.broadcast_to(precision, (n, k, k)).copy()
            h = np.broadcast_to(precision @ mu, (n, k)).copy()
            yc = y[columns]
            p[nonempty] += used * np.add.reduceat(yc[:, :, None] * yc[:, None, :], starts)
            h[nonempty] += used * np.add.reduceat(values[:, None] * yc, starts)
            lower = np.linalg.cholesky(p)
            w = np.linalg.solve(lower, h[..., None])[..., 0] + rng.standard_normal((n, k))
            x[:] = np.linalg.solve(np.transpose(lower, (0, 2, 1)), w[..., None])[..., 0]
        u, v = factors
        error = centered - np.einsum("ij,ij->i", u[u_index], v[i_index])
        alpha = rng.gamma(1 + len(r) / 2, 1 / (1 + error @ error / 2))
        if sweep > burn_in:
            sums += np.einsum("ij,ij->i", u[held_out[0]], v[held_out[1]])
    prediction = mean + sums / samples
    return float(np.sqrt(np.mean((prediction - held_out[2]) ** 2))), time.perf_counter() - start


def explicit_comparison(tool, report, quick, scratch, run_json):
    densities = [0.05, 0.2] if quick else [0.02, 0.05, 0.1, 0.2]
    seeds = range(2) if quick else range(5)
    solvers = ["bpmf", "als", "adam"]
    results = {}  # (solver, density) -> list of (rmse, oracle, seconds)
    for density in densities:
        for seed in seeds:
            for solver in solvers:
                out = os.path.join(scratch, f"explicit-{density}-{seed}")
                arguments = ["train", "recommender", "--solver", solver, "--density", str(density), "--seed", str(seed)]
                if solver == "bpmf":
                    arguments += ["--out", out]
                row = run_json(tool, *arguments)
                results.setdefault((solver, density), []).append((row["heldOutRMSE"], row["oracleRMSE"], row["seconds"]))
                if solver == "bpmf":
                    bpmf = row
            training, held_out = read_csv(os.path.join(out, "training.csv")), read_csv(os.path.join(out, "held_out.csv"))
            rmse, seconds = numpy_bpmf(training, held_out, bpmf["users"], bpmf["items"], bpmf["factors"], bpmf["burnIn"],
                                       bpmf["samples"], bpmf["temperedSweeps"], seed)
            results.setdefault(("numpy bpmf", density), []).append((rmse, bpmf["oracleRMSE"], seconds))
    for density in densities:
        ours = results[("bpmf", density)]
        theirs = results[("numpy bpmf", density)]
        mean = lambda rows, i: sum(r[i] for r in rows) / len(rows)
        report.add(f"BPMF {density:.0%} observed, mean of {len(ours)} seeds (RMSE {mean(ours, 0):.4f} vs {mean(theirs, 0):.4f})",
                   "1000×500 rank 10", median([r[2] for r in ours]), "NumPy Gibbs sampler", median([r[2] for r in theirs]))
    return results, densities


def table(results, densities):
    lines = ["| solver | " + " | ".join(f"{d:.0%} observed" for d in densities) + " |",
             "|---|" + "---|" * len(densities)]
    names = {"bpmf": "BPMF (ours)", "numpy bpmf": "BPMF (NumPy)", "als": "ALS-WR (ours)", "adam": "Adam (ours)"}
    for solver in ["bpmf", "numpy bpmf", "als", "adam"]:
        cells = []
        for density in densities:
            rows = results[(solver, density)]
            rmse = sum(r[0] for r in rows) / len(rows)
            ratio = sum(r[0] / r[1] for r in rows) / len(rows)
            seconds = median([r[2] for r in rows])
            cells.append(f"{rmse:.4f} ({ratio:.3f}× oracle, {seconds:.2f} s)")
        lines.append(f"| {names[solver]} | " + " | ".join(cells) + " |")
    oracle = [sum(r[1] for r in results[("bpmf", d)]) / len(results[("bpmf", d)]) for d in densities]
    lines.append("| oracle bound | " + " | ".join(f"{o:.4f}" for o in oracle) + " |")
    return "\n".join(lines)


def run(tool, report, label, quick, scratch, save, finish_axes, run_json):
    import matplotlib.pyplot as plt
    implicit_result = implicit_comparison(tool, report, quick, scratch, run_json)
    results, densities = explicit_comparison(tool, report, quick, scratch, run_json)
    print("\nExplicit ratings, held-out RMSE (mean over seeds; ratio: mean of per-seed RMSE / oracle; median seconds):\n")
    print(table(results, densities))
    ir = implicit_result
    print(f"\nImplicit ALS, {ir['size']}: ours {', '.join(f'{s:.2f}' for s in ir['ours_seconds'])} s, implicit "
          f"{', '.join(f'{s:.2f}' for s in ir['their_seconds'])} s; precision@10 ours {ir['ours_precision']:.4f} "
          f"(our CLI: {ir['ours_cli_precision']:.4f}), implicit {ir['their_precision']:.4f}; "
          f"{ir['training']} training, {ir['held_out']} held-out interactions\n")

    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4), gridspec_kw={"width_ratios": [3, 2]})
    styles = {"bpmf": ("BPMF (ours)", "o", "-"), "numpy bpmf": ("BPMF (NumPy)", "x", ":"),
              "als": ("ALS-WR (ours)", "s", "-"), "adam": ("Adam (ours)", "^", "-")}
    for solver, (name, marker, line) in styles.items():
        points = [(d, sum(r[0] for r in results[(solver, d)]) / len(results[(solver, d)])) for d in densities]
        left.plot(*zip(*points), marker=marker, linestyle=line, label=name)
    oracle = [(d, sum(r[1] for r in results[("bpmf", d)]) / len(results[("bpmf", d)])) for d in densities]
    left.plot(*zip(*oracle), color="black", linestyle="--", label="oracle bound (knows V)")
    finish_axes(left, "Explicit: 1000×500, rank 10, noise 0.1", "observed fraction", "held-out RMSE (mean over seeds)",
                x_log_base=10, y_log=True)
    from matplotlib.ticker import NullFormatter
    left.set_xticks(densities, [f"{d:.0%}" for d in densities])
    left.xaxis.set_minor_formatter(NullFormatter())
    bars = [median(ir["ours_seconds"]), median(ir["their_seconds"])]
    right.bar(["BlockNumerics", "implicit"], bars, color=["tab:blue", "tab:orange"])
    for x, (seconds, precision) in enumerate(zip(bars, [ir["ours_precision"], ir["their_precision"]])):
        right.text(x, seconds, f"{seconds:.2f} s\nP@10 {precision:.4f}", ha="center", va="bottom", fontsize=8)
    right.set_ylabel("fit seconds (median)")
    right.set_title(f"Implicit ALS: {ir['size']}", fontsize=9)
    right.set_ylim(0, max(bars) * 1.3)
    save(figure, "recommender.png", label)
