#!/usr/bin/env python3
"""Block-sparse × dense: BlockNumerics' `s * x` against SciPy's `bsr_matrix @ dense` and
NumPy's dense `@`, on identical data, in one go.

`blocknum bench sparse --export DIR` builds the matrix (BlockSparseMatrix.random, seeded) and
the right-hand side, times `s * x` and dense cblas_dgemm, and writes the BSR arrays and x as
raw little-endian files; this script loads exactly those arrays into
scipy.sparse.bsr_matrix, checks that SciPy's product equals ours (by checksum), and times
SciPy and NumPy on them.

    scripts/compare-sparse.py                  2048², 32×32 blocks, 10 %, x 2048×256
    scripts/compare-sparse.py --size 1024 --block 16 --density 5 --rhs 64

Installs numpy and scipy with pip when they are missing. Set BLOCKNUM_SCRATCH to build
blocknum in another scratch directory (swift build --scratch-path).
"""
import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from comparelib import blocknum, ensure  # noqa: E402


def best_of(function, repeats):
    function()  # warm-up
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[0], times[len(times) // 2], result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=2048)
    parser.add_argument("--block", type=int, default=32)
    parser.add_argument("--density", type=int, default=10, help="block density in percent")
    parser.add_argument("--rhs", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--required", type=float, default=20.0, help="required speedup over SciPy's BSR")
    args = parser.parse_args()

    ensure("numpy", "scipy")
    import numpy as np
    import scipy
    import scipy.sparse

    tool = blocknum()
    with tempfile.TemporaryDirectory(prefix="compare-sparse-") as directory:
        output = subprocess.check_output(
            [tool, "bench", "sparse", "--json", "--size", str(args.size), "--rhs", str(args.rhs),
             "--block", str(args.block), "--densities", str(args.density),
             "--block-sizes", str(args.block), "--block-size-density", str(args.density),
             "--repeats", str(args.repeats), "--export", directory],
            cwd=ROOT, text=True)
        report = json.loads(output)
        with open(os.path.join(directory, "meta.json")) as f:
            meta = json.load(f)
        indptr = np.fromfile(os.path.join(directory, "indptr.i64"), dtype="<i8")
        indices = np.fromfile(os.path.join(directory, "indices.i64"), dtype="<i8")
        data = np.fromfile(os.path.join(directory, "data.f64"), dtype="<f8").reshape(
            meta["storedBlocks"], meta["blockRows"], meta["blockColumns"])
        x = np.fromfile(os.path.join(directory, "x.f64"), dtype="<f8").reshape(meta["rows"], meta["rhsColumns"])

    # Both of our measurements of this matrix (the sweep point and the block-size point); the best counts.
    rows = report["densitySweep"] + report["blockSizes"]
    ours = min(r["seconds"] for r in rows if r["operation"] == "s * x")
    ours_checksum = next(r["checksum"] for r in rows if r["operation"] == "s * x")
    cblas = min(r["seconds"] for r in rows if r["operation"] == "cblas_dgemm")

    a = scipy.sparse.bsr_matrix((data, indices, indptr), shape=(meta["rows"], meta["columns"]))
    dense = a.toarray()
    scipy_best, scipy_median, y_scipy = best_of(lambda: a @ x, args.repeats)
    numpy_best, numpy_median, y_numpy = best_of(lambda: dense @ x, args.repeats)

    # Same data, same product: SciPy's and NumPy's results must match ours.
    for name, y in (("SciPy BSR", y_scipy), ("NumPy dense", y_numpy)):
        total = float(np.sum(y))
        if abs(total - ours_checksum) > 1e-9 * abs(ours_checksum):
            sys.exit(f"{name}'s product sums to {total!r}, ours to {ours_checksum!r}: not the same data")

    stored = a.nnz // (meta["blockRows"] * meta["blockColumns"])
    grid = (meta["rows"] // meta["blockRows"]) * (meta["columns"] // meta["blockColumns"])
    print(f"compare-sparse: {meta['rows']}×{meta['columns']} in {meta['blockRows']}×{meta['blockColumns']} blocks, "
          f"{stored} of {grid} blocks stored ({100 * stored / grid:.1f} %), times x {meta['rows']}×{meta['rhsColumns']}, Double")
    print(f"numpy {np.__version__}, scipy {scipy.__version__}; best of {args.repeats} runs after 1 warm-up; "
          f"results checked equal (checksum {ours_checksum:.6e})")
    print()
    print(f"{'operation':<34}{'best':>10}{'median':>10}{'ours is':>12}")
    print(f"{'BlockNumerics s * x':<34}{ours * 1e3:>8.2f} ms{'':>10}{'':>12}")
    print(f"{'BlockNumerics dense cblas_dgemm':<34}{cblas * 1e3:>8.2f} ms{'':>10}{cblas / ours:>10.1f} ×")
    print(f"{'SciPy bsr_matrix @ dense':<34}{scipy_best * 1e3:>8.2f} ms{scipy_median * 1e3:>8.2f} ms{scipy_best / ours:>10.1f} ×")
    print(f"{'NumPy dense @':<34}{numpy_best * 1e3:>8.2f} ms{numpy_median * 1e3:>8.2f} ms{numpy_best / ours:>10.1f} ×")
    print()
    ratio = scipy_best / ours
    verdict = "PASS" if ratio >= args.required else "FAIL"
    print(f"{verdict}: s * x is {ratio:.1f}× faster than SciPy's bsr_matrix @ dense (required ≥ {args.required:g}×)")
    return 0 if ratio >= args.required else 1


if __name__ == "__main__":
    sys.exit(main())
