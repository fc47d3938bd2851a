#!/usr/bin/env python3
"""SVD side by side: BlockNumerics' `SVD(a, driver: .gesdd)` against
`numpy.linalg.svd(a, full_matrices=False)` (which calls LAPACK's ?gesdd too) on the same
matrix, one run each, in one go.

A is n×n uniform in [0, 1) from numpy.random.default_rng(0), written once as .npy; blocknum
reads it and times only the decomposition (`blocknum bench svd --input`), NumPy times only
its call. Both sides use their OpenBLAS with its default threads. Pass: ours ≤ 1.1 × NumPy.

    scripts/compare-svd.py [--size 2000] [--driver gesdd] [--required 1.1]

Installs numpy with pip when it is missing. Set BLOCKNUM_SCRATCH to build blocknum in
another scratch directory (swift build --scratch-path).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from comparelib import blocknum, ensure  # noqa: E402


def numpy_svd(a):
    import numpy as np
    # Same rule as blocknum's Stopwatch: a warm-up run of a second or more is the sample.
    start = time.perf_counter()
    s = np.linalg.svd(a, full_matrices=False, compute_uv=True)[1]
    seconds = time.perf_counter() - start
    if seconds < 1:
        start = time.perf_counter()
        s = np.linalg.svd(a, full_matrices=False, compute_uv=True)[1]
        seconds = time.perf_counter() - start
    return seconds, s


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--driver", choices=["gesdd", "gesvd"], default="gesdd")
    parser.add_argument("--required", type=float, default=1.1, help="largest allowed time ratio ours / NumPy")
    args = parser.parse_args()
    ensure("numpy")
    import numpy as np

    tool = blocknum()
    a = np.random.default_rng(0).uniform(size=(args.size, args.size))
    with tempfile.TemporaryDirectory(prefix="compare-svd-") as directory:
        path = os.path.join(directory, "a.npy")
        np.save(path, a)
        output = subprocess.check_output(
            [tool, "bench", "svd", "--input", path, "--drivers", args.driver, "--repeats", "1", "--json"], text=True)
        row = json.loads(output)[0]
    ours_seconds, ours_sum = row["seconds"], row["checksum"]
    if args.driver == "gesdd":
        theirs_seconds, s = numpy_svd(a)
        theirs_name = "numpy.linalg.svd (gesdd)"
    else:
        import scipy.linalg
        start = time.perf_counter()
        s = scipy.linalg.svd(a, full_matrices=False, lapack_driver="gesvd")[1]
        theirs_seconds = time.perf_counter() - start
        theirs_name = "scipy.linalg.svd (gesvd)"
    load = os.getloadavg()
    print(f"numpy {np.__version__}; A {args.size}×{args.size} uniform, thin vectors; one run each; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
    print(f"{'':28}{'seconds':>10}{'Σσ':>24}")
    print(f"{'BlockNumerics SVD ' + args.driver:28}{ours_seconds:10.3f}{ours_sum:24.15e}")
    print(f"{theirs_name:28}{theirs_seconds:10.3f}{float(s.sum()):24.15e}")
    ratio = ours_seconds / theirs_seconds
    print(f"{'ratio (ours / theirs)':28}{ratio:10.3f}")
    same = abs(ours_sum - float(s.sum())) <= 1e-10 * float(s.sum())
    failures = []
    if not same:
        failures.append("the singular values differ (Σσ)")
    if ratio > args.required:
        failures.append(f"time ratio {ratio:.3f} > {args.required}")
    print()
    print("PASS" if not failures else "FAIL: " + "; ".join(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
