"""NPZ references: archives written by np.savez (entries stored) and np.savez_compressed
(entries deflated), with positional (arr_0, arr_1) and keyword names, and each array's .npy
file as np.save writes it: the bytes every entry must inflate to, and the expected values."""
import os

import numpy as np

from .readme import ReadmeWriter


def make(directory):
    readme = ReadmeWriter(directory, "python3 scripts/make-references.py npz")
    rng = np.random.default_rng(26)
    path = lambda name: os.path.join(directory, name)

    matrix = rng.uniform(-1, 1, size=(3, 4))
    vector = np.array([1.5, -0.0, np.inf, 5e-324, -2.25])
    weights = rng.uniform(-1, 1, size=(2, 3)).astype(np.float32)
    zeros = np.zeros((32, 32))
    arrays = {"arr_0": matrix, "arr_1": vector, "weights": weights, "zeros": zeros}
    for name, array in arrays.items():
        np.save(path(f"expected_{name}.npy"), array)
    readme.add("expected_arr_0.npy", "np.save, float64 3×4: arr_0 of both archives (the exact bytes of its entry)")
    readme.add("expected_arr_1.npy", "np.save, 1-d float64 [1.5, -0.0, inf, 5e-324, -2.25]: arr_1 of both archives")
    readme.add("expected_weights.npy", "np.save, float32 2×3: weights of both archives")
    readme.add("expected_zeros.npy", "np.save, float64 32×32 zeros: zeros of savez_compressed.npz")

    np.savez(path("savez.npz"), matrix, vector, weights=weights)
    readme.add("savez.npz", "np.savez(f, arr_0, arr_1, weights=weights): entries stored, ZIP64 extra fields in the local headers")
    np.savez_compressed(path("savez_compressed.npz"), matrix, vector, weights=weights, zeros=zeros)
    readme.add("savez_compressed.npz", "np.savez_compressed(f, arr_0, arr_1, weights=weights, zeros=zeros): entries deflated")
    readme.write()
