#!/usr/bin/env python3
"""NMF side by side: BlockNumerics' HALS, exact and on a randomized sketch of X, against
scikit-learn's NMF(solver='cd') on the same matrix, same initialization, same number of
iterations, in one go.

X = W0·H0 + 0.01·U, W0 2000×20, H0 20×1000, U 2000×1000, all uniform in [0, 1) from
numpy.random.default_rng(0); 20 components, nndsvda, 500 iterations, tolerance 0 (every
iteration runs). The matrix is written once as .npy and read by both sides.

- `hals`: NMF(solver: .hals), the same coordinate updates in the same order as scikit-learn's
  cd solver, so the same factors up to rounding.
- `rhals`: NMF(solver: .hals, compression: .randomized()), randomized HALS (Erichson et al.
  2018): the same updates on a rank-(k + 20) sketch Q·B of X made once, so each iteration
  costs O((m + n)·(k + 20)·k) instead of O(m·n·k). Its error is measured on X itself.

The targets checked: some solver of ours within 5 % of scikit-learn's error in at most half
its time, and (with --digits) exact HALS no worse than scikit-learn on the digits.

    scripts/compare-nmf.py [--iterations 500] [--digits]

--digits also factors the bundled-with-scikit-learn digits data (1797×64, 16 components).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from comparelib import blocknum, ensure  # noqa: E402


def sklearn_fit(x, k, iterations):
    from sklearn.decomposition import NMF
    model = NMF(n_components=k, init="nndsvda", solver="cd", max_iter=iterations, tol=0, random_state=0)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = model.fit_transform(x)
    seconds = time.perf_counter() - start
    import numpy as np
    error = np.linalg.norm(x - w @ model.components_) / np.linalg.norm(x)
    return seconds, error


def ours(tool, path, k, iterations):
    """{solver: (seconds, relative error)} for exact and randomized HALS, one run each."""
    output = subprocess.check_output(
        [tool, "bench", "nmf", "--input", path, "--rank", str(k), "--iterations", str(iterations),
         "--solvers", "hals,rhals", "--json"],
        text=True)
    return {row["operation"].removeprefix("NMF "): (row["seconds"], row["checksum"]) for row in json.loads(output)}


def compare(tool, name, x, k, iterations, directory):
    """Prints the three fits; returns {solver: (time ratio, error ratio)} against scikit-learn."""
    import numpy as np
    path = os.path.join(directory, f"{name}.npy")
    np.save(path, np.ascontiguousarray(x, dtype=np.float64))
    our_fits = ours(tool, path, k, iterations)
    their_seconds, their_error = sklearn_fit(x, k, iterations)
    print(f"{name}: X {x.shape[0]}×{x.shape[1]}, k = {k}, nndsvda, {iterations} iterations, tol 0")
    print(f"  {'':38}{'seconds':>9}   {'relative error':>14}   {'time ratio':>10}   {'error ratio':>11}")
    print(f"  {'scikit-learn NMF(cd)':38}{their_seconds:9.3f}   {their_error:14.6e}")
    labels = {"hals": "BlockNumerics HALS", "rhals": "BlockNumerics HALS, randomized sketch"}
    ratios = {}
    for solver, (seconds, error) in our_fits.items():
        ratios[solver] = (seconds / their_seconds, error / their_error)
        print(f"  {labels[solver]:38}{seconds:9.3f}   {error:14.6e}   {ratios[solver][0]:10.3f}   {ratios[solver][1]:11.4f}")
    return ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--digits", action="store_true")
    arguments = parser.parse_args()
    ensure("numpy", "scipy", "sklearn")
    import numpy as np
    import sklearn
    tool = blocknum()
    print(f"numpy {np.__version__}, scikit-learn {sklearn.__version__}; one run each, same data\n")
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(2000, 20)) @ rng.uniform(size=(20, 1000)) + 0.01 * rng.uniform(size=(2000, 1000))
    failures = []
    with tempfile.TemporaryDirectory() as directory:
        ratios = compare(tool, "synthetic", x, 20, arguments.iterations, directory)
        if not any(time <= 0.5 and error <= 1.05 for time, error in ratios.values()):
            failures.append("no solver within 1.05× scikit-learn's error in ≤ 0.5× its time: "
                            + ", ".join(f"{s} {t:.3f}/{e:.4f}" for s, (t, e) in ratios.items()))
        if arguments.digits:
            from sklearn.datasets import load_digits
            print()
            digits = compare(tool, "digits", load_digits().data, 16, arguments.iterations, directory)
            if digits["hals"][1] > 1.0 + 1e-9:
                failures.append(f"digits: HALS error ratio {digits['hals'][1]:.6f} > 1")
    print()
    print("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
