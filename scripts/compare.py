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

Every figure is labelled with the machine, the date and the thread count.

    scripts/compare.py                   everything (a few minutes on 2 cores)
    scripts/compare.py gemm sparse       some sections only
    scripts/compare.py --quick           smaller sizes, fewer repeats
    scripts/compare.py --fallback-start Prescott gemm
                                         blocknum starts with OpenBLAS on a pre-AVX core, as
                                         Debian's 0.3.21 does on recent Intel CPUs, and lets
                                         the library's kernel check correct it (NumPy keeps
                                         its own OpenBLAS)

Python packages (numpy, scipy, scikit-learn, matplotlib) are installed into a virtual
environment under .venv-compare/ (ignored by git) the first time.
"""
import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv-compare")
FIGURES = os.path.join(ROOT, "docs", "figures")
PACKAGES = ["numpy", "scipy", "scikit-learn", "matplotlib"]
SECTIONS = ["gemm", "sparse", "svd", "nmf", "training"]


# MARK: environment

def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def enter_venv():
    """Re-runs this script with .venv-compare's Python, creating the environment first."""
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print(f"creating {VENV} and installing {', '.join(PACKAGES)} …", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    missing = subprocess.call(
        [python, "-c", "import numpy, scipy, sklearn, matplotlib"], stderr=subprocess.DEVNULL) != 0
    if missing:
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", *PACKAGES])
    os.execv(python, [python, os.path.abspath(__file__), *sys.argv[1:]])


def build_blocknum():
    scratch = os.environ.get("BLOCKNUM_SCRATCH")
    flags = ["--scratch-path", scratch] if scratch else []
    subprocess.check_call(["swift", "build", "-c", "release", "--product", "blocknum", *flags], cwd=ROOT,
                          stdout=subprocess.DEVNULL)
    bin_dir = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path", *flags],
                                      cwd=ROOT, text=True).strip()
    return os.path.join(bin_dir, "blocknum")


# Extra environment for every blocknum run (set by --fallback-start).
TOOL_ENVIRONMENT = {}


def blas_configuration(tool):
    """`blocknum info --json`: the BLAS library, the core in use and what the check did."""
    return json.loads(subprocess.check_output([tool, "info", "--json"], cwd=ROOT, text=True,
                                              env={**os.environ, **TOOL_ENVIRONMENT}))


def machine_label(threads, blas):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    core = blas["core"] + (f" (switched from {blas['switchedFrom']})" if blas.get("switchedFrom") else "")
    return f"{cpu}, {os.cpu_count()} cores, {threads} BLAS threads, {blas['version']} core {core}, {date}"


def best_of(function, repeats):
    function()  # warm-up
    best = float("inf")
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


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


def run_json(tool, *arguments):
    return json.loads(subprocess.check_output([tool, *arguments, "--json"], cwd=ROOT, text=True,
                                              env={**os.environ, **TOOL_ENVIRONMENT}))


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def save(figure, name, label):
    figure.text(0.5, 0.005, label, ha="center", va="bottom", fontsize=7, color="gray")
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    os.makedirs(FIGURES, exist_ok=True)
    path = os.path.join(FIGURES, name)
    figure.savefig(path, dpi=110)
    print(f"wrote {os.path.relpath(path, ROOT)}", file=sys.stderr)


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
                            "--naive-limit", "0.5", "--batch-count", "10"):
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
                a @ b  # warm-up
                times = []
                for _ in range(repeats):
                    start = time.perf_counter()
                    a @ b
                    times.append(time.perf_counter() - start)
                theirs.append(median(times))
                # NumPy's OpenBLAS workers spin for about 0.1 s after a call before they sleep;
                # the next blocknum run must not start against them (blocknum's workers end
                # with its process, so NumPy never meets ours).
                time.sleep(0.5)
            ratio = median([o / t for o, t in zip(ours, theirs)])
            report.add(f"GEMM {scalar}, median of {rounds} interleaved rounds (per-round ratio {ratio:.2f})", f"{n}²",
                       median(ours), "NumPy @", median(theirs))


def sparse(tool, report, label, quick, scratch):
    import matplotlib.pyplot as plt
    import numpy as np
    import scipy.sparse
    densities = [1, 5, 10, 20, 50] if quick else [1, 2, 5, 10, 20, 50, 100]
    ours_speedup, scipy_speedup = {}, {}
    for density in densities:
        directory = os.path.join(scratch, f"sparse-{density}")
        os.makedirs(directory, exist_ok=True)
        result = run_json(tool, "bench", "sparse", "--densities", str(density), "--block-sizes", "32",
                          "--block-size-density", str(density), "--repeats", "3", "--export", directory)
        with open(os.path.join(directory, "meta.json")) as f:
            meta = json.load(f)
        indptr = np.fromfile(os.path.join(directory, "indptr.i64"), dtype="<i8")
        indices = np.fromfile(os.path.join(directory, "indices.i64"), dtype="<i8")
        data = np.fromfile(os.path.join(directory, "data.f64"), dtype="<f8").reshape(
            meta["storedBlocks"], meta["blockRows"], meta["blockColumns"])
        x = np.fromfile(os.path.join(directory, "x.f64"), dtype="<f8").reshape(meta["rows"], meta["rhsColumns"])
        rows = result["densitySweep"] + result["blockSizes"]
        ours = min(r["seconds"] for r in rows if r["operation"] == "s * x")
        dense_ours = min(r["seconds"] for r in rows if r["operation"] == "cblas_dgemm")
        a = scipy.sparse.bsr_matrix((data, indices, indptr), shape=(meta["rows"], meta["columns"]))
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


def numpy_seconds(function, slow=1.0, repeats=3):
    """Times `function` like blocknum's Stopwatch: a warm-up run of `slow` seconds or more is
    the sample, otherwise the best of `repeats` further runs."""
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    if seconds >= slow:
        return seconds, result
    return best_of(function, repeats)


def decaying_matrix(n, seed=0):
    """U·diag(σ)·Vᵀ with σ_i = e^(−i/10) and random orthonormal U, V (the spectrum of
    `blocknum bench svd`'s randomized part)."""
    import numpy as np
    rng = np.random.default_rng(seed)
    u = np.linalg.qr(rng.standard_normal((n, n)))[0]
    v = np.linalg.qr(rng.standard_normal((n, n)))[0]
    sigma = np.exp(-np.arange(n) / 10.0)
    return (u * sigma) @ v.T, sigma


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
        # Uniform entries for the full decompositions, as in compare-svd.py.
        a = np.random.default_rng(0).uniform(size=(n, n))
        path = os.path.join(scratch, f"svd-{n}.npy")
        np.save(path, a)
        for row in run_json(tool, "bench", "svd", "--input", path, "--drivers",
                            "gesvd,lapacke-gesvd,gesdd,lapacke-gesdd", "--repeats", "3"):
            operation = row["operation"]
            name = operation + " direct" if operation.startswith("LAPACKE") else "ours " + operation.split()[-1]
            times[name][n] = row["seconds"]
        times["scipy.linalg.svd gesvd"][n], _ = numpy_seconds(
            lambda: scipy.linalg.svd(a, full_matrices=False, lapack_driver="gesvd"))
        times["numpy.linalg.svd (gesdd)"][n], _ = numpy_seconds(lambda: np.linalg.svd(a, full_matrices=False))
        report.add("SVD gesvd, thin vectors", f"{n}²", times["ours gesvd"][n], "scipy.linalg.svd(gesvd)",
                   times["scipy.linalg.svd gesvd"][n])
        report.add("SVD gesdd, thin vectors", f"{n}²", times["ours gesdd"][n], "numpy.linalg.svd",
                   times["numpy.linalg.svd (gesdd)"][n])
        for driver in ("gesvd", "gesdd"):
            report.add(f"SVD {driver}, thin vectors", f"{n}²", times[f"ours {driver}"][n], f"LAPACKE_d{driver} direct",
                       times[f"LAPACKE_d{driver} direct"][n])
        # A decaying spectrum for the randomized SVDs (on uniform data they would be inaccurate).
        d, sigma = decaying_matrix(n)
        path = os.path.join(scratch, f"svd-decaying-{n}.npy")
        np.save(path, d)
        row = run_json(tool, "bench", "svd", "--input", path, "--drivers", "randomized", "--rank", "20", "--repeats", "3")[0]
        times["ours randomized rank 20"][n] = row["seconds"]
        seconds, (_, s, _) = numpy_seconds(
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
    from sklearn.decomposition import NMF
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(2000, 20)) @ rng.uniform(size=(20, 1000)) + 0.01 * rng.uniform(size=(2000, 1000))
    path = os.path.join(scratch, "nmf-x.npy")
    np.save(path, x)
    norm = np.linalg.norm(x)
    budgets = [10, 50, 200] if quick else [5, 10, 25, 50, 100, 200, 500]
    names = {"NMF hals": "BlockNumerics HALS", "NMF mu": "BlockNumerics MU", "NMF rhals": "BlockNumerics randomized HALS"}
    curves = {name: [] for name in names.values()} | {"scikit-learn cd": [], "scikit-learn mu": []}
    for iterations in budgets:
        for row in run_json(tool, "bench", "nmf", "--input", path, "--rank", "20", "--iterations", str(iterations),
                            "--solvers", "hals,mu,rhals", "--repeats", "1"):
            curves[names[row["operation"]]].append((row["seconds"], row["checksum"]))
        for solver in ("cd", "mu"):
            model = NMF(n_components=20, init="nndsvda", solver=solver, max_iter=iterations, tol=0, random_state=0)
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                w = model.fit_transform(x)
            seconds = time.perf_counter() - start
            error = np.linalg.norm(x - w @ model.components_) / norm
            curves[f"scikit-learn {solver}"].append((seconds, error))
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
    import numpy as np
    from sklearn.decomposition import NMF
    ours, theirs, errors = [], [], []
    for _ in range(rounds):
        row = run_json(tool, "bench", "nmf", "--input", path, "--rank", "20", "--iterations", str(iterations),
                       "--solvers", "hals", "--repeats", "1")[0]
        ours.append(row["seconds"])
        model = NMF(n_components=20, init="nndsvda", solver="cd", max_iter=iterations, tol=0, random_state=0)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = model.fit_transform(x)
        theirs.append(time.perf_counter() - start)
        errors = (row["checksum"], np.linalg.norm(x - w @ model.components_) / np.linalg.norm(x))
    report.add(f"NMF HALS, {iterations} iterations, median of {rounds} interleaved rounds "
               f"(error {errors[0]:.6g} vs {errors[1]:.6g})", "2000×1000, k 20", median(ours),
               "scikit-learn NMF(cd)", median(theirs))


def training(tool, report, label, quick, scratch):
    """Digits, 64-64-10 ReLU MLP, Adam 1e-3, batch 32, as in compare-mlp.py (see there for
    the set-up and the differences that remain). Both sides are deterministic for a seed, so a
    run of e epochs is the first e epochs of a longer one: held-out accuracy after e epochs
    comes from one run per budget."""
    import matplotlib.pyplot as plt
    import numpy as np
    from sklearn.datasets import load_digits
    from sklearn.neural_network import MLPClassifier
    epochs = 20 if quick else 40
    budgets = [1, 2, 5, 10, 20] if quick else [1, 2, 5, 10, 20, 40]
    digits = load_digits()
    x, y = digits.data / 16.0, digits.target
    index = np.arange(len(y))
    train, test = index % 5 != 0, index % 5 == 0

    def ours(e):
        return run_json(tool, "train", "digits", "--optimizer", "adam", "--learning-rate", "1e-3", "--epochs", str(e),
                        "--batch-size", "32", "--seed", "0")

    def theirs(e):
        model = MLPClassifier(
            hidden_layer_sizes=(64,), activation="relu", solver="adam", learning_rate_init=1e-3, batch_size=32,
            max_iter=e, alpha=0.0, shuffle=True, tol=0.0, n_iter_no_change=e + 1, early_stopping=False, random_state=0)
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ConvergenceWarning: max_iter reached, as intended
            model.fit(x[train], y[train])
        return time.perf_counter() - start, model

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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sections", nargs="*", metavar="SECTION", help=f"any of {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    parser.add_argument("--fallback-start", metavar="CORE",
                        help="start blocknum's OpenBLAS on this pre-AVX core (e.g. Prescott) and let the "
                             "library's kernel check correct it")
    arguments = parser.parse_args()
    unknown = [s for s in arguments.sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    if not in_venv():
        enter_venv()
    sections = arguments.sections or SECTIONS
    tool = build_blocknum()
    if arguments.fallback_start:
        TOOL_ENVIRONMENT.update(OPENBLAS_CORETYPE=arguments.fallback_start, BLOCKNUM_FALLBACK_START="1")
    threads = os.environ.get("OPENBLAS_NUM_THREADS", str(os.cpu_count()))
    blas = blas_configuration(tool)
    label = machine_label(threads, blas)
    report = Report()
    with tempfile.TemporaryDirectory(prefix="compare-") as scratch:
        for section in sections:
            print(f"running {section} …", file=sys.stderr)
            globals()[section](tool, report, label, arguments.quick, scratch)
    import numpy, scipy, sklearn
    print(f"\n{label}; Python {platform.python_version()}, numpy {numpy.__version__}, "
          f"scipy {scipy.__version__}, scikit-learn {sklearn.__version__}\n")
    print(report.markdown())
    print("\nours / peer < 1: BlockNumerics is faster.")


if __name__ == "__main__":
    main()
