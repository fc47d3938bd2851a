#!/usr/bin/env python3
"""BlockNumerics side by side with NumPy, SciPy and scikit-learn, in one run.

Builds `blocknum` (release), writes the shared inputs as .npy files, runs
`blocknum bench … --json` and the Python peers on the same inputs, prints one markdown
table (operation, size, ours, peer, ratio) and writes PNG plots into docs/figures/:

  gemm.png      GEMM GFLOP/s against n: naive, naive blocked, BLAS (`Matrix *`),
                BlockMatrix (8×8 blocks), NumPy `@`
  sparse.png    BSR × dense speedup against block density, ours and SciPy's bsr_matrix
                (dense = 1: the same side's dense product)
  svd.png       SVD time against n: ours gesvd and gesdd against direct LAPACKE calls,
                scipy.linalg.svd(gesvd) and numpy.linalg.svd (gesdd) on the same uniform A;
                ours randomized rank 20 against scikit-learn's randomized_svd on the same
                decaying-spectrum A
  nmf.png       NMF relative error against time: ours HALS, MU and randomized HALS, scikit-learn cd and mu
  training.png  digits MLP: training loss per epoch and held-out accuracy after e epochs,
                ours and scikit-learn's MLPClassifier
  recommender.png  held-out RMSE against observed fraction (BPMF, ALS, Adam, NumPy Gibbs,
                oracle) and implicit ALS against the implicit library (scripts/compare_recommender.py)

Every figure is labelled with the machine, the date and the thread count.

    scripts/compare.py                   everything (a few minutes on 2 cores)
    scripts/compare.py gemm sparse       some sections only
    scripts/compare.py --quick           smaller sizes, fewer repeats
    scripts/compare.py --fallback-start Prescott gemm
                                         blocknum starts with OpenBLAS on a pre-AVX core, as
                                         Debian's 0.3.21 does on recent Intel CPUs, and lets
                                         the library's kernel check correct it (NumPy keeps
                                         its own OpenBLAS)
    scripts/compare.py SECTION --check   instead of the section's table and plot, its target
                                         on identical data, PASS or FAIL (exit status 1):
      sparse    s * x at 2048², 32×32 blocks, 10 %, x 2048×256, at least 20× faster than
                SciPy's bsr_matrix @ dense (results checked equal by checksum)
      svd       our gesdd at 2000² (uniform) at most 1.1× numpy.linalg.svd's time, same Σσ
      nmf       HALS, exact or on a randomized sketch, within 1.05× scikit-learn NMF(cd)'s
                error in at most half its time (2000×1000, k 20, NNDSVDa, 500 iterations);
                with --digits also the digits (1797×64, k 16), exact HALS no worse
      training  digits 64-64-10 MLP, Adam, batch 32, 40 epochs, against MLPClassifier with the
                same configuration, the two interleaved over --seeds seeds (default 10): the
                median fit time at most 1/5 of MLPClassifier's, and the mean held-out accuracy
                within 0.5 point of its mean and at least 0.97; with --block-sparse also the
                64-256-10 model with a 25 % block-sparse hidden layer within 1 point of it

Python packages (numpy, scipy, scikit-learn, matplotlib) are installed into one virtual
environment, .venv-compare/ (ignored by git), the first time (scripts/comparelib.py).
"""
import argparse
import os
import platform
import sys
import tempfile
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import comparelib as lib  # noqa: E402
from comparelib import best_of, median, run_json  # noqa: E402

SECTIONS = ["gemm", "sparse", "svd", "nmf", "training", "recommender"]


class Report:
    """Collects the rows of the markdown table: operation, size, ours, peer, ratio."""

    def __init__(self):
        self.rows = []

    def add(self, operation, size, ours_seconds, peer, peer_seconds):
        self.rows.append((operation, size, ours_seconds, peer, peer_seconds))

    def markdown(self):
        lines = ["| operation | size | ours | peer | peer time | ours / peer |",
                 "|---|---|---|---|---|---|"]
        for operation, size, ours, peer, theirs in self.rows:
            lines.append(f"| {operation} | {size} | {format_seconds(ours)} | {peer} | "
                         f"{format_seconds(theirs)} | {ours / theirs:.2f} |")
        return "\n".join(lines)


def format_seconds(seconds):
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} µs"


def save(figure, name, label):
    figure.text(0.5, 0.005, label, ha="center", va="bottom", fontsize=7, color="gray")
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    os.makedirs(lib.FIGURES, exist_ok=True)
    path = os.path.join(lib.FIGURES, name)
    figure.savefig(path, dpi=110)
    print(f"wrote {os.path.relpath(path, lib.ROOT)}", file=sys.stderr)


# MARK: sections

def finish_axes(axes, title, xlabel, ylabel, x_log_base=None, y_log=False, legend_size=None):
    """The labels, log scales, legend and grid every plot here shares."""
    if x_log_base:
        axes.set_xscale("log", base=x_log_base)
    if y_log:
        axes.set_yscale("log")
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_title(title)
    axes.legend(fontsize=legend_size)
    axes.grid(True, which="both", alpha=0.3)


def gemm(tool, report, label, quick, scratch):
    import matplotlib.pyplot as plt
    import numpy as np
    sizes = [64, 256, 1024] if quick else [64, 128, 256, 512, 1024, 2048]
    rows = run_json(tool, "bench", "gemm", "--sizes", ",".join(map(str, sizes)),
                    "--repeats", "3" if quick else "5")
    series = {}
    for row in rows:
        if row["scalar"] == "Double":
            series.setdefault(row["operation"], {})[row["size"]] = row
    block = {}
    for n in sizes:
        if n < 256:
            continue
        for row in run_json(tool, "bench", "block", "--size", str(n), "--repeats", "3",
                            "--naive-limit", "0.5", "--batch-count", "10")["rows"]:
            if row["operation"].startswith("BlockMatrix 8×8"):
                block[n] = row["gflops"]
    numpy_gflops = {}
    rng = np.random.default_rng(0)
    for n in sizes:
        a = rng.uniform(size=(n, n))
        b = rng.uniform(size=(n, n))
        seconds, _ = best_of(lambda: a @ b, 3 if quick else 5)
        numpy_gflops[n] = 2 * n ** 3 / seconds / 1e9
        ours = series["Matrix *"][n]["seconds"]
        report.add("GEMM Double (best)", f"{n}²", ours, "NumPy @", seconds)
    gemm_interleaved(tool, report, rounds=3 if quick else 9)

    figure, axes = plt.subplots(figsize=(7, 4.5))
    for name, label_text in (("naive", "naive triple loop"), ("naive blocked", "naive blocked Swift"),
                             ("Matrix *", "BlockNumerics Matrix * (BLAS)")):
        points = sorted((n, r["gflops"]) for n, r in series.get(name, {}).items() if r.get("gflops"))
        if points:
            axes.plot(*zip(*points), marker="o", label=label_text)
    if block:
        axes.plot(*zip(*sorted(block.items())), marker="s", label="BlockMatrix 8×8 blocks")
    axes.plot(*zip(*sorted(numpy_gflops.items())), marker="^", linestyle="--", label="NumPy @")
    finish_axes(axes, "GEMM throughput", "n (n × n · n × n, Double)", "GFLOP/s", x_log_base=2, y_log=True)
    save(figure, "gemm.png", label)


def gemm_interleaved(tool, report, rounds, sizes=(1024, 2048), repeats=9):
    """`Matrix *` against NumPy `@` at 1024² and 2048², Float and Double. For each size and
    type, `rounds` rounds alternate one `blocknum bench gemm` run and the same product in
    NumPy (`repeats` timed runs each after a warm-up, a few seconds a round), so a slow spell
    of the machine hits both sides alike. Each blocknum run is a new process whose first
    products run slower (its heap and OpenBLAS's buffers are new; NumPy's process is warm),
    hence medians of 9 runs rather than of 3. The table gets the median over rounds of each
    side's per-round median; the label adds the median of the per-round ratios."""
    import numpy as np
    rng = np.random.default_rng(0)
    for scalar, dtype in (("Double", np.float64), ("Float", np.float32)):
        for n in sizes:
            a = rng.uniform(size=(n, n)).astype(dtype)
            b = rng.uniform(size=(n, n)).astype(dtype)
            ours, theirs = [], []
            for _ in range(rounds):
                rows = run_json(tool, "bench", "gemm", "--sizes", str(n), "--scalar", scalar.lower(), "--skip-naive",
                                "--repeats", str(repeats))
                ours.append(next(r["medianSeconds"] for r in rows if r["operation"] == "Matrix *"))
                theirs.append(lib.best_and_median(lambda: a @ b, repeats)[1])
                # NumPy's OpenBLAS workers spin for about 0.1 s after a call before they sleep;
                # the next blocknum run must not start against them (blocknum's workers end
                # with its process, so NumPy never meets ours).
                time.sleep(0.5)
            ratio = median([o / t for o, t in zip(ours, theirs)])
            report.add(f"GEMM {scalar}, median of {rounds} interleaved rounds (per-round ratio {ratio:.2f})", f"{n}²",
                       median(ours), "NumPy @", median(theirs))


def sparse(tool, report, label, quick, scratch):
    import matplotlib.pyplot as plt
    densities = [1, 5, 10, 20, 50] if quick else [1, 2, 5, 10, 20, 50, 100]
    ours_speedup, scipy_speedup = {}, {}
    for density in densities:
        directory = os.path.join(scratch, f"sparse-{density}")
        os.makedirs(directory, exist_ok=True)
        result = run_json(tool, "bench", "sparse", "--densities", str(density), "--block-sizes", "32",
                          "--block-size-density", str(density), "--repeats", "3", "--export", directory)
        a, x, meta = lib.load_bsr_export(directory)
        rows = result["densitySweep"] + result["blockSizes"]
        ours = min(r["seconds"] for r in rows if r["operation"] == "s * x")
        dense_ours = min(r["seconds"] for r in rows if r["operation"] == "cblas_dgemm")
        dense = a.toarray()
        scipy_seconds, _ = best_of(lambda: a @ x, 3)
        numpy_seconds, _ = best_of(lambda: dense @ x, 3)
        ours_speedup[density] = dense_ours / ours
        scipy_speedup[density] = numpy_seconds / scipy_seconds
        report.add(f"BSR × dense, 32×32 blocks, {density} %", f"{meta['rows']}² × {meta['rhsColumns']}",
                   ours, "SciPy bsr_matrix @", scipy_seconds)

    figure, axes = plt.subplots(figsize=(7, 4.5))
    axes.plot(*zip(*sorted(ours_speedup.items())), marker="o", label="BlockNumerics s * x (vs our dense dgemm)")
    axes.plot(*zip(*sorted(scipy_speedup.items())), marker="^", label="SciPy bsr_matrix @ (vs NumPy dense @)")
    axes.axhline(1, color="black", linewidth=0.8, label="dense = 1")
    finish_axes(axes, "Block-sparse × dense, 2048² in 32×32 blocks, × 2048×256", "block density (%)",
                "speedup over the dense product", x_log_base=10, y_log=True)
    save(figure, "sparse.png", label)


def svd(tool, report, label, quick, scratch):
    import matplotlib.pyplot as plt
    import numpy as np
    import scipy.linalg
    from sklearn.utils.extmath import randomized_svd
    sizes = [500, 1000] if quick else [500, 1000, 2000]
    times = {name: {} for name in ("ours gesvd", "ours gesdd", "ours randomized rank 20", "LAPACKE_dgesvd direct",
                                   "LAPACKE_dgesdd direct", "scipy.linalg.svd gesvd", "numpy.linalg.svd (gesdd)",
                                   "scikit-learn randomized_svd rank 20")}
    for n in sizes:
        # Uniform entries for the full decompositions, as in the svd check.
        a = np.random.default_rng(0).uniform(size=(n, n))
        path = os.path.join(scratch, f"svd-{n}.npy")
        np.save(path, a)
        for row in run_json(tool, "bench", "svd", "--input", path, "--drivers",
                            "gesvd,lapacke-gesvd,gesdd,lapacke-gesdd", "--repeats", "3"):
            operation = row["operation"]
            name = operation + " direct" if operation.startswith("LAPACKE") else "ours " + operation.split()[-1]
            times[name][n] = row["seconds"]
        times["scipy.linalg.svd gesvd"][n], _ = lib.timed_like_stopwatch(
            lambda: scipy.linalg.svd(a, full_matrices=False, lapack_driver="gesvd"))
        times["numpy.linalg.svd (gesdd)"][n], _ = lib.timed_like_stopwatch(lambda: np.linalg.svd(a, full_matrices=False))
        report.add("SVD gesvd, thin vectors", f"{n}²", times["ours gesvd"][n], "scipy.linalg.svd(gesvd)",
                   times["scipy.linalg.svd gesvd"][n])
        report.add("SVD gesdd, thin vectors", f"{n}²", times["ours gesdd"][n], "numpy.linalg.svd",
                   times["numpy.linalg.svd (gesdd)"][n])
        for driver in ("gesvd", "gesdd"):
            report.add(f"SVD {driver}, thin vectors", f"{n}²", times[f"ours {driver}"][n], f"LAPACKE_d{driver} direct",
                       times[f"LAPACKE_d{driver} direct"][n])
        # A decaying spectrum for the randomized SVDs (on uniform data they would be inaccurate).
        d, sigma = lib.decaying_matrix(n)
        path = os.path.join(scratch, f"svd-decaying-{n}.npy")
        np.save(path, d)
        row = run_json(tool, "bench", "svd", "--input", path, "--drivers", "randomized", "--rank", "20", "--repeats", "3")[0]
        times["ours randomized rank 20"][n] = row["seconds"]
        seconds, (_, s, _) = lib.timed_like_stopwatch(
            lambda: randomized_svd(d, n_components=20, n_oversamples=10, n_iter=4, random_state=0))
        times["scikit-learn randomized_svd rank 20"][n] = seconds
        # Both sums of the top 20 values against the exact one, as a check that both are accurate.
        exact = float(sigma[:20].sum())
        ours_error = abs(row["checksum"] - exact) / exact
        their_error = abs(float(s.sum()) - exact) / exact
        report.add(f"randomized SVD rank 20 (Σσ error {ours_error:.0e} / {their_error:.0e})", f"{n}² decaying",
                   times["ours randomized rank 20"][n], "sklearn randomized_svd", seconds)

    figure, axes = plt.subplots(figsize=(7, 4.5))
    for name, points in times.items():
        style = "-" if name.startswith("ours") else ":" if name.startswith("LAPACKE") else "--"
        marker = "o" if name.startswith("ours") else "s" if name.startswith("LAPACKE") else "^"
        axes.plot(*zip(*sorted(points.items())), marker=marker, linestyle=style,
                  label=name.replace("ours", "BlockNumerics"))
    finish_axes(axes, "SVD time: full decompositions on uniform A, randomized on σ_i = e^(−i/10)",
                "n (n × n, Double; thin vectors)", "seconds", x_log_base=2, y_log=True, legend_size=8)
    save(figure, "svd.png", label)


def nmf(tool, report, label, quick, scratch):
    import matplotlib.pyplot as plt
    import numpy as np
    x = lib.nmf_matrix()
    path = os.path.join(scratch, "nmf-x.npy")
    np.save(path, x)
    budgets = [10, 50, 200] if quick else [5, 10, 25, 50, 100, 200, 500]
    names = {"NMF hals": "BlockNumerics HALS", "NMF mu": "BlockNumerics MU", "NMF rhals": "BlockNumerics randomized HALS"}
    curves = {name: [] for name in names.values()} | {"scikit-learn cd": [], "scikit-learn mu": []}
    for iterations in budgets:
        for row in run_json(tool, "bench", "nmf", "--input", path, "--rank", "20", "--iterations", str(iterations),
                            "--solvers", "hals,mu,rhals", "--repeats", "1"):
            curves[names[row["operation"]]].append((row["seconds"], row["checksum"]))
        for solver in ("cd", "mu"):
            curves[f"scikit-learn {solver}"].append(sklearn_nmf(x, 20, iterations, solver))
    last = budgets[-1]
    report.add(f"NMF HALS, {last} iterations", "2000×1000, k 20", curves["BlockNumerics HALS"][-1][0],
               "scikit-learn NMF(cd)", curves["scikit-learn cd"][-1][0])
    report.add(f"NMF MU, {last} iterations", "2000×1000, k 20", curves["BlockNumerics MU"][-1][0],
               "scikit-learn NMF(mu)", curves["scikit-learn mu"][-1][0])
    report.add(f"NMF randomized HALS, {last} iterations", "2000×1000, k 20", curves["BlockNumerics randomized HALS"][-1][0],
               "scikit-learn NMF(cd)", curves["scikit-learn cd"][-1][0])
    nmf_interleaved(tool, report, x, path, iterations=last, rounds=3 if quick else 5)

    figure, axes = plt.subplots(figsize=(7, 4.5))
    for name, points in curves.items():
        style = "-" if name.startswith("BlockNumerics") else "--"
        axes.plot(*zip(*points), marker="o", linestyle=style, label=name)
    finish_axes(axes, f"NMF, X 2000×1000, k = 20, nndsvda, {budgets[0]}…{last} iterations", "seconds",
                "relative error ‖X − WH‖ / ‖X‖", x_log_base=10, y_log=True)
    save(figure, "nmf.png", label)


def nmf_interleaved(tool, report, x, path, iterations, rounds):
    """Exact HALS against scikit-learn's NMF(solver='cd') from the same NNDSVDa start,
    `iterations` each (tolerance 0), alternating for `rounds` rounds: medians of both."""
    ours, theirs, errors = [], [], []
    for _ in range(rounds):
        row = run_json(tool, "bench", "nmf", "--input", path, "--rank", "20", "--iterations", str(iterations),
                       "--solvers", "hals", "--repeats", "1")[0]
        ours.append(row["seconds"])
        seconds, error = sklearn_nmf(x, 20, iterations, "cd")
        theirs.append(seconds)
        errors = (row["checksum"], error)
    report.add(f"NMF HALS, {iterations} iterations, median of {rounds} interleaved rounds "
               f"(error {errors[0]:.6g} vs {errors[1]:.6g})", "2000×1000, k 20", median(ours),
               "scikit-learn NMF(cd)", median(theirs))


def training(tool, report, label, quick, scratch):
    """Digits, 64-64-10 ReLU MLP, Adam 1e-3, batch 32 (see `sklearn_mlp` for the set-up and
    the differences that remain). Both sides are deterministic for a seed, so a
    run of e epochs is the first e epochs of a longer one: held-out accuracy after e epochs
    comes from one run per budget."""
    import matplotlib.pyplot as plt
    epochs = 20 if quick else 40
    budgets = [1, 2, 5, 10, 20] if quick else [1, 2, 5, 10, 20, 40]
    x, y, train, test = lib.digits_split()

    def ours(e):
        return ours_mlp(tool, e, 0)

    def theirs(e):
        return sklearn_mlp(x[train], y[train], e, 0)

    full = ours(epochs)
    their_seconds, their_model = theirs(epochs)
    report.add(f"digits MLP 64-64-10, Adam, {epochs} epochs (accuracy {full['testAccuracy']:.3f} vs "
               f"{their_model.score(x[test], y[test]):.3f})", "1437 rows", full["seconds"],
               "MLPClassifier.fit", their_seconds)
    our_accuracy = {e: ours(e)["testAccuracy"] for e in budgets}
    their_accuracy = {e: theirs(e)[1].score(x[test], y[test]) for e in budgets}

    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    left.plot(range(1, len(full["losses"]) + 1), full["losses"], label="BlockNumerics Sequential")
    left.plot(range(1, len(their_model.loss_curve_) + 1), their_model.loss_curve_, linestyle="--",
              label="scikit-learn MLPClassifier")
    finish_axes(left, "Training loss per epoch", "epoch", "training loss (mean cross-entropy)", y_log=True)
    right.plot(*zip(*sorted(our_accuracy.items())), marker="o", label="BlockNumerics Sequential")
    right.plot(*zip(*sorted(their_accuracy.items())), marker="^", linestyle="--", label="scikit-learn MLPClassifier")
    finish_axes(right, "Held-out accuracy after e epochs", "epochs", "held-out accuracy (360 rows)", x_log_base=2)
    figure.suptitle(f"digits, 64-64-10 ReLU MLP, Adam 1e-3, batch 32, seed 0 ({full['seconds']:.2f} s ours, "
                    f"{their_seconds:.2f} s scikit-learn for {epochs} epochs)", fontsize=10)
    save(figure, "training.png", label)


def recommender(tool, report, label, quick, scratch):
    """Recommenders against the implicit library and NumPy: scripts/compare_recommender.py."""
    import compare_recommender
    compare_recommender.run(tool, report, label, quick, scratch, save=save, finish_axes=finish_axes, run_json=run_json)


# MARK: the peers, shared by the sections and the checks

def sklearn_nmf(x, k, iterations, solver):
    """scikit-learn's NMF from NNDSVDa, `iterations` iterations (tolerance 0, every one runs):
    `(seconds, relative error)`."""
    import numpy as np
    from sklearn.decomposition import NMF
    model = NMF(n_components=k, init="nndsvda", solver=solver, max_iter=iterations, tol=0, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        seconds, w = lib.timed(lambda: model.fit_transform(x))
    return seconds, np.linalg.norm(x - w @ model.components_) / np.linalg.norm(x)


def ours_nmf(tool, path, k, iterations, solvers):
    """`blocknum bench nmf` on the .npy at `path`: {solver: (seconds, relative error)}."""
    rows = run_json(tool, "bench", "nmf", "--input", path, "--rank", str(k), "--iterations", str(iterations),
                    "--solvers", ",".join(solvers), "--repeats", "1")
    return {row["operation"].removeprefix("NMF "): (row["seconds"], row["checksum"]) for row in rows}


def sklearn_mlp(x, y, epochs, seed):
    """scikit-learn's MLPClassifier set up as `blocknum train digits`: one hidden layer of 64
    ReLU units, softmax, Adam (1e-3, β 0.9/0.999, ε 1e-8), batch 32, shuffled every epoch,
    Glorot-uniform weights; alpha 0 (its default 1e-4 L2 penalty is off to match ours), tol 0,
    n_iter_no_change above the epoch count and no early stopping, so every epoch runs.
    Differences that remain: it draws its biases Glorot-uniform too (ours start at zero), and
    its random streams differ from ours. Returns `(seconds of the fit, model)`."""
    from sklearn.neural_network import MLPClassifier
    model = MLPClassifier(
        hidden_layer_sizes=(64,), activation="relu", solver="adam", learning_rate_init=1e-3, batch_size=32,
        max_iter=epochs, alpha=0.0, shuffle=True, tol=0.0, n_iter_no_change=epochs + 1, early_stopping=False,
        random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: max_iter reached, as intended
        seconds, _ = lib.timed(lambda: model.fit(x, y))
    return seconds, model


def ours_mlp(tool, epochs, seed, extra=()):
    """`blocknum train digits --json` with the same settings (its seconds are the fit's)."""
    return run_json(tool, "train", "digits", "--optimizer", "adam", "--learning-rate", "1e-3", "--epochs", str(epochs),
                    "--batch-size", "32", "--seed", str(seed), *extra)


# MARK: checks (SECTION --check): a target on identical data, PASS or FAIL

def check_sparse(tool, arguments, scratch):
    """s * x (2048², 32×32 blocks, 10 %, x 2048×256) against SciPy's bsr_matrix @ dense on the
    arrays blocknum exported: at least 20× faster, results equal by checksum."""
    import numpy as np
    import scipy
    size, block, density, rhs, repeats, required = 2048, 32, 10, 256, 10, 20.0
    report = run_json(tool, "bench", "sparse", "--size", str(size), "--rhs", str(rhs), "--block", str(block),
                      "--densities", str(density), "--block-sizes", str(block), "--block-size-density", str(density),
                      "--repeats", str(repeats), "--export", scratch)
    a, x, meta = lib.load_bsr_export(scratch)
    # Both of our measurements of this matrix (the sweep point and the block-size point); the best counts.
    rows = report["densitySweep"] + report["blockSizes"]
    ours = min(r["seconds"] for r in rows if r["operation"] == "s * x")
    ours_checksum = next(r["checksum"] for r in rows if r["operation"] == "s * x")
    cblas = min(r["seconds"] for r in rows if r["operation"] == "cblas_dgemm")
    dense = a.toarray()
    scipy_best, scipy_median, y_scipy = lib.best_and_median(lambda: a @ x, repeats)
    numpy_best, numpy_median, y_numpy = lib.best_and_median(lambda: dense @ x, repeats)
    for name, y in (("SciPy BSR", y_scipy), ("NumPy dense", y_numpy)):
        total = float(np.sum(y))
        if abs(total - ours_checksum) > 1e-9 * abs(ours_checksum):
            return [f"{name}'s product sums to {total!r}, ours to {ours_checksum!r}: not the same data"]
    stored = a.nnz // (meta["blockRows"] * meta["blockColumns"])
    grid = (meta["rows"] // meta["blockRows"]) * (meta["columns"] // meta["blockColumns"])
    print(f"{meta['rows']}×{meta['columns']} in {meta['blockRows']}×{meta['blockColumns']} blocks, {stored} of {grid} "
          f"stored ({100 * stored / grid:.1f} %), times x {meta['rows']}×{meta['rhsColumns']}, Double; scipy "
          f"{scipy.__version__}; best of {repeats} after 1 warm-up; results equal (checksum {ours_checksum:.6e})\n")
    print(f"{'operation':<34}{'best':>10}{'median':>10}{'ours is':>12}")
    print(f"{'BlockNumerics s * x':<34}{ours * 1e3:>8.2f} ms")
    print(f"{'BlockNumerics dense cblas_dgemm':<34}{cblas * 1e3:>8.2f} ms{'':>10}{cblas / ours:>10.1f} ×")
    print(f"{'SciPy bsr_matrix @ dense':<34}{scipy_best * 1e3:>8.2f} ms{scipy_median * 1e3:>8.2f} ms{scipy_best / ours:>10.1f} ×")
    print(f"{'NumPy dense @':<34}{numpy_best * 1e3:>8.2f} ms{numpy_median * 1e3:>8.2f} ms{numpy_best / ours:>10.1f} ×")
    ratio = scipy_best / ours
    return [] if ratio >= required else [f"s * x is {ratio:.1f}× faster than SciPy's bsr_matrix @ dense, needs ≥ {required:g}×"]


def check_svd(tool, arguments, scratch):
    """Our gesdd on a 2000² uniform matrix against numpy.linalg.svd (LAPACK's gesdd too), one
    run each timed as blocknum's Stopwatch times it: at most 1.1× its time, the same Σσ."""
    import numpy as np
    size, required = 2000, 1.1
    a = np.random.default_rng(0).uniform(size=(size, size))
    path = os.path.join(scratch, "a.npy")
    np.save(path, a)
    row = run_json(tool, "bench", "svd", "--input", path, "--drivers", "gesdd", "--repeats", "1")[0]
    theirs, s = lib.timed_like_stopwatch(lambda: np.linalg.svd(a, full_matrices=False)[1], repeats=1)
    ratio = row["seconds"] / theirs
    print(f"A {size}×{size} uniform, thin vectors: BlockNumerics SVD gesdd {row['seconds']:.3f} s (Σσ "
          f"{row['checksum']:.15e}), numpy.linalg.svd {theirs:.3f} s (Σσ {float(s.sum()):.15e}), ratio {ratio:.3f}")
    failures = []
    if abs(row["checksum"] - float(s.sum())) > 1e-10 * float(s.sum()):
        failures.append("the singular values differ (Σσ)")
    if ratio > required:
        failures.append(f"time ratio {ratio:.3f} > {required}")
    return failures


def check_nmf(tool, arguments, scratch):
    """HALS (exact and on a randomized sketch) against scikit-learn's NMF(solver='cd') on
    lib.nmf_matrix(), 20 components, NNDSVDa, 500 iterations: some solver of ours within 1.05×
    its error in at most half its time; with --digits also the digits, exact HALS no worse."""
    import numpy as np
    from sklearn.datasets import load_digits
    cases = [("synthetic", lib.nmf_matrix(), 20)] + ([("digits", load_digits().data, 16)] if arguments.digits else [])
    failures = []
    for name, x, k in cases:
        path = os.path.join(scratch, f"{name}.npy")
        np.save(path, np.ascontiguousarray(x, dtype=np.float64))
        fits = ours_nmf(tool, path, k, 500, ["hals", "rhals"])
        their_seconds, their_error = sklearn_nmf(x, k, 500, "cd")
        print(f"{name}: X {x.shape[0]}×{x.shape[1]}, k = {k}, NNDSVDa, 500 iterations, tolerance 0")
        print(f"  {'scikit-learn NMF(cd)':38}{their_seconds:9.3f} s   error {their_error:.6e}")
        ratios = {}
        for solver, (seconds, error) in fits.items():
            ratios[solver] = (seconds / their_seconds, error / their_error)
            print(f"  {'BlockNumerics ' + solver:38}{seconds:9.3f} s   error {error:.6e}   time ratio "
                  f"{ratios[solver][0]:.3f}   error ratio {ratios[solver][1]:.4f}")
        if name == "synthetic" and not any(t <= 0.5 and e <= 1.05 for t, e in ratios.values()):
            failures.append("no solver within 1.05× scikit-learn's error in ≤ 0.5× its time")
        if name == "digits" and ratios["hals"][1] > 1.0 + 1e-9:
            failures.append(f"digits: HALS error ratio {ratios['hals'][1]:.6f} > 1")
    return failures


def check_training(tool, arguments, scratch):
    """The digits MLP against MLPClassifier over seeds 0 … --seeds − 1, one of ours then one of
    theirs per seed (interleaved): median fit time at most 1/5 of theirs, mean held-out
    accuracy within 0.5 point of theirs and ≥ 0.97; with --block-sparse the 64-256-10 model
    with a 25 % block-sparse hidden layer (16×16 blocks) within 1 point of the dense one."""
    x, y, train, test = lib.digits_split()
    epochs = 40
    runs = {"BlockNumerics Sequential": [], "scikit-learn MLPClassifier": [], "block-sparse 64-256-10": []}
    for seed in range(arguments.seeds):
        row = ours_mlp(tool, epochs, seed)
        runs["BlockNumerics Sequential"].append((row["seconds"], row["testAccuracy"]))
        seconds, model = sklearn_mlp(x[train], y[train], epochs, seed)
        runs["scikit-learn MLPClassifier"].append((seconds, model.score(x[test], y[test])))
        if arguments.block_sparse:
            row = ours_mlp(tool, epochs, seed, ["--hidden", "256", "--block-sparse", "0.25", "--block-size", "16"])
            runs["block-sparse 64-256-10"].append((row["seconds"], row["testAccuracy"]))
    means = {}
    for name, results in runs.items():
        if results:
            times = [r[0] for r in results]
            means[name] = (median(times), sum(r[1] for r in results) / len(results))
            print(f"  {name:<30} {len(results)} seeds: median {means[name][0]:8.3f} s (best {min(times):.3f} s), "
                  f"mean held-out accuracy {means[name][1]:.4f}")
    ours, theirs = means["BlockNumerics Sequential"], means["scikit-learn MLPClassifier"]
    print(f"  MLPClassifier / ours (medians): {theirs[0] / ours[0]:.2f}×; accuracy difference "
          f"{100 * (ours[1] - theirs[1]):+.2f} points")
    failures = []
    if ours[1] < 0.97:
        failures.append(f"our mean held-out accuracy {ours[1]:.4f} < 0.97")
    if abs(ours[1] - theirs[1]) > 0.005:
        failures.append(f"mean held-out accuracy {ours[1]:.4f} is more than 0.5 point from MLPClassifier's {theirs[1]:.4f}")
    if ours[0] / theirs[0] > 1 / 5:
        failures.append(f"time ratio {ours[0] / theirs[0]:.3f} > 1/5")
    if arguments.block_sparse and ours[1] - means["block-sparse 64-256-10"][1] > 0.01:
        failures.append(f"block-sparse accuracy {means['block-sparse 64-256-10'][1]:.4f} more than 1 point below dense")
    return failures


CHECKS = {"sparse": check_sparse, "svd": check_svd, "nmf": check_nmf, "training": check_training}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sections", nargs="*", metavar="SECTION", help=f"any of {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    parser.add_argument("--fallback-start", metavar="CORE",
                        help="start blocknum's OpenBLAS on this pre-AVX core (e.g. Prescott) and let the "
                             "library's kernel check correct it")
    parser.add_argument("--check", action="store_true",
                        help=f"run each section's target check instead (PASS/FAIL; {', '.join(CHECKS)})")
    parser.add_argument("--digits", action="store_true", help="nmf --check: also factor the digits")
    parser.add_argument("--block-sparse", action="store_true", help="training --check: also the block-sparse model")
    parser.add_argument("--seeds", type=int, default=10, help="training --check: seeds 0 … SEEDS − 1 (default 10)")
    arguments = parser.parse_args()
    unknown = [s for s in arguments.sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    if arguments.check and not arguments.sections:
        parser.error(f"--check needs the sections to check: {', '.join(CHECKS)}")
    no_check = [s for s in arguments.sections if arguments.check and s not in CHECKS]
    if no_check:
        parser.error(f"no check for {', '.join(no_check)}; checks: {', '.join(CHECKS)}")
    sections = arguments.sections or SECTIONS
    if "recommender" in sections:
        import compare_recommender
        lib.enter_venv(extra=compare_recommender.PACKAGES)
    lib.enter_venv()
    tool = lib.blocknum()
    if arguments.fallback_start:
        lib.TOOL_ENVIRONMENT.update(OPENBLAS_CORETYPE=arguments.fallback_start, BLOCKNUM_FALLBACK_START="1")
    threads = os.environ.get("OPENBLAS_NUM_THREADS", str(os.cpu_count()))
    blas = lib.blas_configuration(tool)
    label = lib.machine_label(threads, blas)
    import numpy, scipy, sklearn
    versions = (f"Python {platform.python_version()}, numpy {numpy.__version__}, scipy {scipy.__version__}, "
                f"scikit-learn {sklearn.__version__}")
    if arguments.check:
        print(f"{label}; {versions}")
        failed = []
        for section in sections:
            print(f"\n== {section} --check")
            with tempfile.TemporaryDirectory(prefix=f"compare-{section}-") as scratch:
                failures = CHECKS[section](tool, arguments, scratch)
            print("PASS" if not failures else "FAIL: " + "; ".join(failures))
            failed += [section] if failures else []
        return 1 if failed else 0
    report = Report()
    with tempfile.TemporaryDirectory(prefix="compare-") as scratch:
        for section in sections:
            print(f"running {section} …", file=sys.stderr)
            globals()[section](tool, report, label, arguments.quick, scratch)
    print(f"\n{label}; {versions}\n")
    print(report.markdown())
    print("\nours / peer < 1: BlockNumerics is faster.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
