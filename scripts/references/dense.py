"""Dense-matrix references: products, transposes, element-wise operations, reductions."""
import os

import numpy as np

from .readme import ReadmeWriter


def make(directory):
    readme = ReadmeWriter(directory, "python3 scripts/make-references.py dense")
    rng = np.random.default_rng(20261122)
    for dtype, suffix in [(np.float64, "f64"), (np.float32, "f32")]:
        for name, (m, k, n) in {"small": (7, 5, 3), "large": (301, 203, 97)}.items():
            a = rng.uniform(-1, 1, size=(m, k)).astype(dtype)
            b = rng.uniform(-1, 1, size=(k, n)).astype(dtype)
            c = rng.uniform(-1, 1, size=(m, n)).astype(dtype)
            divisor = rng.uniform(0.5, 2, size=(m, k)).astype(dtype)
            files = {
                f"{name}_a_{suffix}.npy": a,
                f"{name}_b_{suffix}.npy": b,
                f"{name}_c_{suffix}.npy": c,
                f"{name}_divisor_{suffix}.npy": divisor,
                f"{name}_ab_{suffix}.npy": a @ b,
                # alpha·Aᵀ·(Bᵀ)ᵀ-style fused update: 0.5·(Aᵀ)ᵀ·B − 2·C
                f"{name}_fused_{suffix}.npy": (dtype(0.5) * (a @ b) - dtype(2) * c).astype(dtype),
                f"{name}_at_{suffix}.npy": np.ascontiguousarray(a.T),
                f"{name}_hadamard_{suffix}.npy": a * a,
                f"{name}_quotient_{suffix}.npy": a / divisor,
                f"{name}_av_{suffix}.npy": (a @ b[:, 0]).reshape(1, -1),
                # sum, mean, min, max, Frobenius norm, in that order
                f"{name}_stats_{suffix}.npy": np.array(
                    [[a.sum(dtype=np.float64), a.mean(dtype=np.float64), a.min(), a.max(),
                      np.linalg.norm(a.astype(np.float64))]], dtype=np.float64),
                f"{name}_columnsums_{suffix}.npy": a.sum(axis=0, keepdims=True),
                f"{name}_rowsums_{suffix}.npy": a.sum(axis=1, keepdims=True),
            }
            if name == "large":
                # The large case checks the BLAS paths only; element-wise ops are covered small.
                keep = ("_a_", "_b_", "_c_", "_ab_", "_fused_")
                files = {f: v for f, v in files.items() if any(k in f for k in keep)}
            for filename, array in files.items():
                np.save(os.path.join(directory, filename), array)
                readme.add(filename, f"numpy {np.__version__}, rng default_rng(20261122), "
                                     f"uniform(-1, 1), {dtype.__name__}")
    readme.write()
