"""IO references: files written by numpy.save, numpy.lib.format and scipy.io.mmwrite, and
the dense values they hold, which the Swift readers must reproduce."""
import os

import numpy as np
import scipy.io
import scipy.sparse

from .readme import ReadmeWriter


def make(directory):
    readme = ReadmeWriter(directory, "python3 scripts/make-references.py io")
    rng = np.random.default_rng(7)
    path = lambda name: os.path.join(directory, name)

    def save(name, array, how):
        np.save(path(name), array)
        readme.add(name, how)

    a = rng.uniform(-1, 1, size=(3, 4))
    save("a_f64_v1.npy", a, "np.save, float64 3×4, format 1.0 (the expected values for every a_* file)")
    save("a_f32_v1.npy", a.astype(np.float32), "np.save, the same values as float32")
    with open(path("a_f64_v2.npy"), "wb") as f:
        np.lib.format.write_array(f, a, version=(2, 0))
    readme.add("a_f64_v2.npy", "np.lib.format.write_array(version=(2, 0)), float64 3×4")
    save("vector_f64.npy", np.array([1.5, -2.0, 3.25]), "np.save, 1-d float64 of length 3")
    save("scalar_f64.npy", np.array(4.5), "np.save, 0-d float64")
    save("empty_f64.npy", np.zeros((0, 3)), "np.save, float64 0×3")
    save("fortran_f64.npy", np.asfortranarray(a), "np.save of np.asfortranarray(a): must be refused")
    save("bigendian_f64.npy", a.astype(">f8"), "np.save of a big-endian float64 array: must be refused")
    save("int64.npy", np.arange(6).reshape(2, 3), "np.save of an int64 array: must be refused")
    save("three_d_f64.npy", np.zeros((2, 2, 2)), "np.save of a 3-d array: must be refused")

    dense = np.array([[1.5, 0, 0, -2], [0, 0, 3, 0], [4, 0, 0, 0.25]])
    save("mtx_expected.npy", dense, "np.save, the dense values of general_array.mtx and general_coordinate.mtx")
    scipy.io.mmwrite(path("general_array.mtx"), dense)
    readme.add("general_array.mtx", "scipy.io.mmwrite of the dense 3×4 array (array real general)")
    scipy.io.mmwrite(path("general_coordinate.mtx"), scipy.sparse.coo_matrix(dense))
    readme.add("general_coordinate.mtx", "scipy.io.mmwrite of scipy.sparse.coo_matrix(dense) (coordinate real general)")
    integers = np.array([[1, 0, 2], [0, -3, 0]])
    save("integer_expected.npy", integers.astype(np.float64), "np.save, the values of integer_coordinate.mtx")
    scipy.io.mmwrite(path("integer_coordinate.mtx"), scipy.sparse.coo_matrix(integers), field="integer")
    readme.add("integer_coordinate.mtx", "scipy.io.mmwrite(field='integer') of a 2×3 integer matrix")
    symmetric = np.array([[2.0, -1, 0], [-1, 2, 0.5], [0, 0.5, 3]])
    save("symmetric_expected.npy", symmetric, "np.save, the values of symmetric_*.mtx")
    scipy.io.mmwrite(path("symmetric_coordinate.mtx"), scipy.sparse.coo_matrix(symmetric), symmetry="symmetric")
    readme.add("symmetric_coordinate.mtx", "scipy.io.mmwrite(symmetry='symmetric') of a sparse 3×3 symmetric matrix")
    scipy.io.mmwrite(path("symmetric_array.mtx"), symmetric, symmetry="symmetric")
    readme.add("symmetric_array.mtx", "scipy.io.mmwrite(symmetry='symmetric') of the dense 3×3 symmetric matrix")
    skew = np.array([[0.0, -2, 1], [2, 0, 0], [-1, 0, 0]])
    save("skew_expected.npy", skew, "np.save, the values of skew_coordinate.mtx")
    scipy.io.mmwrite(path("skew_coordinate.mtx"), scipy.sparse.coo_matrix(skew), symmetry="skew-symmetric")
    readme.add("skew_coordinate.mtx", "scipy.io.mmwrite(symmetry='skew-symmetric') of a 3×3 skew-symmetric matrix")
    pattern = scipy.sparse.coo_matrix(np.array([[1, 0], [1, 1]]))
    scipy.io.mmwrite(path("pattern_coordinate.mtx"), pattern, field="pattern")
    readme.add("pattern_coordinate.mtx", "scipy.io.mmwrite(field='pattern') of [[1, 0], [1, 1]]")

    np.savetxt(path("a.csv"), a, delimiter=",")
    readme.add("a.csv", "np.savetxt(delimiter=','), the values of a_f64_v1.npy")
    np.savetxt(path("a_header.csv"), a, delimiter=",", header="w,x,y,z", comments="")
    readme.add("a_header.csv", "np.savetxt(delimiter=',', header='w,x,y,z', comments=''), the values of a_f64_v1.npy")
    readme.write()
