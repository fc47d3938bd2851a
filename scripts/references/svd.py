"""SVD references: scipy.linalg.svd with both LAPACK drivers on square, tall, wide,
rank-deficient, 1×n and n×1 inputs in float64 and float32, plus pseudoinverses, ranks and
a Hilbert matrix's condition number computed in 50-digit arithmetic (mpmath)."""
import os

import numpy as np
import scipy
import scipy.linalg

from .readme import ReadmeWriter


def make(directory):
    readme = ReadmeWriter(directory, "python3 scripts/make-references.py svd")
    rng = np.random.default_rng(5)
    path = lambda name: os.path.join(directory, name)

    def save(name, array, how):
        array = np.asarray(array)
        np.save(path(name), np.ascontiguousarray(array.reshape(1, -1) if array.ndim == 1 else array))
        readme.add(name, how)

    version = f"SciPy {scipy.__version__}"
    inputs = {
        "square": rng.standard_normal((6, 6)),
        "tall": rng.standard_normal((9, 4)),
        "wide": rng.standard_normal((4, 9)),
        # rank 3: a product of 8×3 and 3×6 Gaussian factors
        "rankdef": rng.standard_normal((8, 3)) @ rng.standard_normal((3, 6)),
        "row": rng.standard_normal((1, 7)),
        "column": rng.standard_normal((7, 1)),
    }
    for name, a in inputs.items():
        for dtype, suffix in [(np.float64, "f64"), (np.float32, "f32")]:
            x = a.astype(dtype)
            save(f"{name}_{suffix}.npy", x, f"{name} input ({x.shape[0]}×{x.shape[1]}, standard normal, default_rng(5)) as {dtype.__name__}")
            for driver in ["gesvd", "gesdd"]:
                u, s, vt = scipy.linalg.svd(x, full_matrices=False, lapack_driver=driver)
                how = f"{version}: scipy.linalg.svd({name}_{suffix}, full_matrices=False, lapack_driver='{driver}')"
                save(f"{name}_{suffix}_{driver}_u.npy", u, how + "[0]")
                save(f"{name}_{suffix}_{driver}_s.npy", s, how + "[1], as a 1×r matrix")
                save(f"{name}_{suffix}_{driver}_vt.npy", vt, how + "[2]")
        save(f"{name}_pinv.npy", scipy.linalg.pinv(a), f"{version}: scipy.linalg.pinv({name}_f64)")
        save(f"{name}_rank.npy", np.array([np.linalg.matrix_rank(a)], dtype=np.float64),
             f"NumPy {np.__version__}: numpy.linalg.matrix_rank({name}_f64), as a 1×1 float64 matrix")

    import mpmath
    mpmath.mp.dps = 50
    n = 8
    hilbert = mpmath.matrix(n, n)
    for i in range(n):
        for j in range(n):
            hilbert[i, j] = mpmath.mpf(1) / (i + j + 1)
    # The Hilbert matrix is symmetric positive definite: singular values are eigenvalues.
    eigenvalues = sorted(mpmath.eigsy(hilbert)[0], reverse=True)
    save("hilbert8_s.npy", np.array([float(v) for v in eigenvalues]),
         f"mpmath {mpmath.__version__} (50 digits): eigenvalues of the 8×8 Hilbert matrix 1/(i+j+1), descending = its singular values")
    save("hilbert8_cond.npy", np.array([float(eigenvalues[0] / eigenvalues[-1])]),
         "the same: σ_max/σ_min of the 8×8 Hilbert matrix, as a 1×1 matrix")
    readme.write()
