"""NMF references: scikit-learn's NMF from shared custom starting factors (so the solvers
can be compared update for update), and scikit-learn's NNDSVD initializations."""
import os
import warnings

import numpy as np
from sklearn.decomposition import NMF
from sklearn.decomposition._nmf import _initialize_nmf
import sklearn

from .readme import ReadmeWriter


def make(directory):
    readme = ReadmeWriter(directory, "python3 scripts/make-references.py nmf")
    rng = np.random.default_rng(11)
    path = lambda name: os.path.join(directory, name)

    def save(name, array, how):
        np.save(path(name), np.ascontiguousarray(array))
        readme.add(name, how)

    # X: rank 4 plus a little noise, 30 × 20, with a zero row and a zero column.
    x = rng.uniform(0, 1, (30, 4)) @ rng.uniform(0, 1, (4, 20)) + 0.01 * rng.uniform(0, 1, (30, 20))
    x[7, :] = 0
    x[:, 3] = 0
    k = 4
    w0 = rng.uniform(0.1, 1, (30, k))
    h0 = rng.uniform(0.1, 1, (k, 20))
    save("x.npy", x, "uniform rank-4 product + 0.01·uniform noise, row 7 and column 3 zeroed (default_rng(11))")
    save("w0.npy", w0, "uniform(0.1, 1) starting W")
    save("h0.npy", h0, "uniform(0.1, 1) starting H")
    version = f"scikit-learn {sklearn.__version__}"
    cases = {
        "cd": dict(solver="cd"),
        "cd_regularized": dict(solver="cd", alpha_W=0.01, alpha_H=0.02, l1_ratio=0.3),
        "mu_frobenius": dict(solver="mu", beta_loss="frobenius"),
        "mu_kl": dict(solver="mu", beta_loss="kullback-leibler"),
        "mu_regularized": dict(solver="mu", beta_loss="frobenius", alpha_W=0.01, alpha_H=0.01, l1_ratio=0.5),
    }
    for name, options in cases.items():
        model = NMF(n_components=k, init="custom", max_iter=50, tol=0, **options)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = model.fit_transform(x, W=w0.copy(), H=h0.copy())
        save(f"{name}_w.npy", w, f"{version}: NMF(n_components=4, init='custom', max_iter=50, tol=0, {options}).fit_transform(x, W=w0, H=h0)")
        save(f"{name}_h.npy", model.components_, f"{version}: components_ of the same fit")

    # NNDSVD on a matrix with a well-separated spectrum, where scikit-learn's randomized
    # SVD is exact to many digits, so the initializations are comparable entry by entry.
    u, _ = np.linalg.qr(rng.standard_normal((40, 5)))
    v, _ = np.linalg.qr(rng.standard_normal((25, 5)))
    y = np.abs(u @ np.diag([50.0, 20, 8, 3, 1]) @ v.T)
    save("y.npy", y, "|U·diag(50, 20, 8, 3, 1)·Vᵀ| with random orthonormal U (40×5), V (25×5)")
    for init in ["nndsvd", "nndsvda"]:
        w, h = _initialize_nmf(y, 3, init=init, random_state=0)
        save(f"{init}_w.npy", w, f"{version}: sklearn.decomposition._nmf._initialize_nmf(y, 3, init='{init}', random_state=0)")
        save(f"{init}_h.npy", h, f"{version}: the H of the same call")
    readme.write()
