"""The one home of what the Python scripts share: the Python environment (one virtual
environment, .venv-compare/, made one way), building and running `blocknum`, timing, and the
inputs both sides of a comparison read.

    import comparelib as lib
    lib.enter_venv()                  # first: re-runs the script inside .venv-compare/
    tool = lib.blocknum()             # builds blocknum (release) and returns its path
    rows = lib.run_json(tool, "bench", "gemm", "--sizes", "64")

Set BLOCKNUM_SCRATCH to build blocknum in another scratch directory (swift build
--scratch-path).
"""
import datetime
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv-compare")
FIGURES = os.path.join(ROOT, "docs", "figures")
# What every comparison needs; a script that needs more passes it to enter_venv.
PACKAGES = ["numpy", "scipy", "scikit-learn", "matplotlib", "joblib"]  # joblib: check-numpy-files.py reads its test data
# Import names that differ from package names.
MODULES = {"scikit-learn": "sklearn"}


# MARK: environment

def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def enter_venv(extra=()):
    """Re-runs the calling script with .venv-compare/'s Python (never returns there), first
    creating the environment and installing PACKAGES and `extra` into it with pip when missing.
    Inside the environment it returns at once."""
    if in_venv():
        return
    packages = PACKAGES + list(extra)
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        print(f"creating {os.path.relpath(VENV, ROOT)}/ …", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    imports = ", ".join(MODULES.get(p, p).replace("-", "_") for p in packages)
    if subprocess.call([python, "-c", f"import {imports}"], stderr=subprocess.DEVNULL) != 0:
        print(f"installing {', '.join(packages)} into {os.path.relpath(VENV, ROOT)}/ …", file=sys.stderr)
        subprocess.check_call([python, "-m", "pip", "install", "--quiet", *packages])
    script = os.path.abspath(sys.argv[0])
    os.execv(python, [python, script, *sys.argv[1:]])


# MARK: blocknum

# Extra environment for every blocknum run (compare.py --fallback-start sets it).
TOOL_ENVIRONMENT = {}


def swift_flags():
    scratch = os.environ.get("BLOCKNUM_SCRATCH")
    return ["--scratch-path", scratch] if scratch else []


def blocknum():
    """Builds `blocknum` in release mode and returns its path."""
    subprocess.check_call(["swift", "build", "-c", "release", "--product", "blocknum", *swift_flags()], cwd=ROOT,
                          stdout=subprocess.DEVNULL)
    bin_dir = subprocess.check_output(["swift", "build", "-c", "release", "--show-bin-path", *swift_flags()],
                                      cwd=ROOT, text=True).strip()
    return os.path.join(bin_dir, "blocknum")


def run_json(tool, *arguments):
    """`blocknum ARGUMENTS --json`, parsed."""
    return json.loads(subprocess.check_output([tool, *arguments, "--json"], cwd=ROOT, text=True,
                                              env={**os.environ, **TOOL_ENVIRONMENT}))


def blas_configuration(tool):
    """`blocknum info --json`: the BLAS library, the core in use and what the kernel check did."""
    return run_json(tool, "info")


def machine_label(threads, blas):
    """The CPU, cores, BLAS threads, blocknum's BLAS and core, and the date, for figures and tables."""
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


# MARK: timing

def timed(function):
    """`(seconds, result)` of one call."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def best_and_median(function, repeats):
    """One warm-up call, then `repeats` timed calls: `(best, median, last result)`."""
    function()
    times = []
    result = None
    for _ in range(repeats):
        seconds, result = timed(function)
        times.append(seconds)
    return min(times), median(times), result


def best_of(function, repeats):
    """`(best seconds, last result)` of `repeats` calls after a warm-up."""
    best, _, result = best_and_median(function, repeats)
    return best, result


def timed_like_stopwatch(function, slow=1.0, repeats=3):
    """Times `function` as blocknum's Stopwatch does: a warm-up of `slow` seconds or more is
    the sample, otherwise the best of `repeats` further calls."""
    seconds, result = timed(function)
    if seconds >= slow:
        return seconds, result
    return best_of(function, repeats)


# MARK: inputs both sides read

def nmf_matrix():
    """X = W0·H0 + 0.01·U, W0 2000×20, H0 20×1000, U 2000×1000, all uniform in [0, 1) from
    numpy.random.default_rng(0): the NMF comparisons' matrix."""
    import numpy as np
    rng = np.random.default_rng(0)
    return rng.uniform(size=(2000, 20)) @ rng.uniform(size=(20, 1000)) + 0.01 * rng.uniform(size=(2000, 1000))


def decaying_matrix(n, seed=0):
    """U·diag(σ)·Vᵀ with σ_i = e^(−i/10) and random orthonormal U, V (the spectrum of
    `blocknum bench svd`'s randomized part), and σ."""
    import numpy as np
    rng = np.random.default_rng(seed)
    u = np.linalg.qr(rng.standard_normal((n, n)))[0]
    v = np.linalg.qr(rng.standard_normal((n, n)))[0]
    sigma = np.exp(-np.arange(n) / 10.0)
    return (u * sigma) @ v.T, sigma


def digits_split():
    """The digits as `blocknum train digits` splits them: pixels / 16, rows with
    index % 5 != 0 train, the rest test. Returns x, y and the two boolean masks."""
    import numpy as np
    from sklearn.datasets import load_digits
    digits = load_digits()
    x, y = digits.data / 16.0, digits.target
    index = np.arange(len(y))
    return x, y, index % 5 != 0, index % 5 == 0


def load_bsr_export(directory):
    """The matrix and right-hand side `blocknum bench sparse --export DIRECTORY` wrote, as a
    scipy.sparse.bsr_matrix and a dense NumPy array, with the metadata."""
    import numpy as np
    import scipy.sparse
    with open(os.path.join(directory, "meta.json")) as f:
        meta = json.load(f)
    indptr = np.fromfile(os.path.join(directory, "indptr.i64"), dtype="<i8")
    indices = np.fromfile(os.path.join(directory, "indices.i64"), dtype="<i8")
    data = np.fromfile(os.path.join(directory, "data.f64"), dtype="<f8").reshape(
        meta["storedBlocks"], meta["blockRows"], meta["blockColumns"])
    x = np.fromfile(os.path.join(directory, "x.f64"), dtype="<f8").reshape(meta["rows"], meta["rhsColumns"])
    a = scipy.sparse.bsr_matrix((data, indices, indptr), shape=(meta["rows"], meta["columns"]))
    return a, x, meta
