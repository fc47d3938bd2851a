#!/usr/bin/env python3
"""NMF side by side: BlockNumerics' HALS against scikit-learn's NMF(solver='cd') on the
same matrix, same initialization, same number of iterations, in one go.

X = W0·H0 + 0.01·U, W0 2000×20, H0 20×1000, U 2000×1000, all uniform in [0, 1) from
numpy.random.default_rng(0); 20 components, nndsvda, 500 iterations, tolerance 0 (every
iteration runs). The matrix is written once as .npy and read by both sides.

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
    output = subprocess.check_output(
        [tool, "bench", "nmf", "--input", path, "--rank", str(k), "--iterations", str(iterations), "--solvers", "hals", "--json"],
        text=True)
    row = json.loads(output)[0]
    return row["seconds"], row["checksum"]


def compare(tool, name, x, k, iterations, directory):
    import numpy as np
    path = os.path.join(directory, f"{name}.npy")
    np.save(path, np.ascontiguousarray(x, dtype=np.float64))
    our_seconds, our_error = ours(tool, path, k, iterations)
    their_seconds, their_error = sklearn_fit(x, k, iterations)
    print(f"{name}: X {x.shape[0]}×{x.shape[1]}, k = {k}, nndsvda, {iterations} iterations, tol 0")
    print(f"  BlockNumerics HALS          {our_seconds:8.3f} s   relative error {our_error:.6e}")
    print(f"  scikit-learn NMF(cd)        {their_seconds:8.3f} s   relative error {their_error:.6e}")
    print(f"  time ratio (ours / sklearn) {our_seconds / their_seconds:8.3f}     error ratio {our_error / their_error:.4f}")
    return our_seconds / their_seconds, our_error / their_error


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
        time_ratio, error_ratio = compare(tool, "synthetic", x, 20, arguments.iterations, directory)
        if time_ratio > 0.5:
            failures.append(f"time ratio {time_ratio:.3f} > 0.5")
        if error_ratio > 1.05:
            failures.append(f"error ratio {error_ratio:.4f} > 1.05")
        if arguments.digits:
            from sklearn.datasets import load_digits
            print()
            _, digits_error_ratio = compare(tool, "digits", load_digits().data, 16, arguments.iterations, directory)
            if digits_error_ratio > 1.0 + 1e-9:
                failures.append(f"digits error ratio {digits_error_ratio:.6f} > 1")
    print()
    print("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
