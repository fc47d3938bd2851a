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
    save("fortran_f64.npy", np.asfortranarray(a), "np.save of np.asfortranarray(a): reads as a")
    save("bigendian_f64.npy", a.astype(">f8"), "np.save of a.astype('>f8'): reads as a")
    save("int64.npy", np.arange(6).reshape(2, 3), "np.save of np.arange(6).reshape(2, 3), int64")
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
    make_dtypes(save)
    readme.write()


# The values of every dtype fixture: 2×3 (not square, so a transpose that goes wrong shows),
# covering each type's range. 64-bit integers stay within ±2^53, where float64 is exact;
# int64_beyond_2p53.npy holds the ones beyond.
def dtype_values():
    values = {}
    for name in ["f2", "f4", "f8"]:
        info = np.finfo(np.dtype(name))
        values[name] = np.array([[0.1, -2.5, info.max], [info.smallest_subnormal, -np.inf, np.nan]], dtype=name)
    for name in ["i1", "i2", "i4"]:
        info = np.iinfo(np.dtype(name))
        values[name] = np.array([[info.min, -1, 0], [1, 42, info.max]], dtype=name)
    values["i8"] = np.array([[-2**53, -1, 0], [1, 42, 2**53]], dtype="i8")
    for name in ["u1", "u2", "u4"]:
        info = np.iinfo(np.dtype(name))
        values[name] = np.array([[0, 1, 2], [42, info.max - 1, info.max]], dtype=name)
    values["u8"] = np.array([[0, 1, 2], [42, 2**53 - 1, 2**53]], dtype="u8")
    values["b1"] = np.array([[True, False, True], [False, False, True]])
    return values


def make_dtypes(save):
    """Every numeric dtype NumPy writes without pickling, in C and Fortran order and both byte
    orders, with its values as float64; the real-world layouts; and the dtypes that are refused."""
    for name, array in dtype_values().items():
        save(f"dtype_{name}_expected.npy", array.astype(np.float64),
             f"np.save of the {name} values as float64 (the expected values of dtype_{name}_*)")
        orders = ["<", ">"] if array.dtype.itemsize > 1 else ["|"]
        for mark in orders:
            typed = array.astype(array.dtype.newbyteorder(mark) if mark != "|" else array.dtype)
            endian = {"<": "le", ">": "be", "|": "na"}[mark]
            save(f"dtype_{name}_C_{endian}.npy", typed, f"np.save, {typed.dtype.str} 2×3, C order")
            save(f"dtype_{name}_F_{endian}.npy", np.asfortranarray(typed), f"np.save of np.asfortranarray, {typed.dtype.str} 2×3")

    a = np.arange(12, dtype=np.float64).reshape(3, 4) / 4 - 1
    save("transposed_a.npy", a, "np.save, float64 3×4: the a whose transpose transposed_aT.npy holds")
    save("transposed_aT.npy", a.T, "np.save(path, a.T): Fortran order, shape (4, 3)")
    save("vector_f2.npy", np.array([0.5, -1, 65504, 6e-8], dtype="<f2"), "np.save, 1-d float16")
    save("scalar_i2.npy", np.array(-7, dtype=">i2"), "np.save, 0-d big-endian int16 (-7)")
    save("labels_i8.npy", np.array([0, 3, 1, 9, 2, 9]), "np.save, int64 labels [0, 3, 1, 9, 2, 9]")
    save("labels_column_u1.npy", np.array([[2], [0], [255]], dtype="|u1"), "np.save, uint8 3×1 labels [2, 0, 255]")
    save("labels_f8.npy", np.array([1.0, 0, -3, 2**53]), "np.save, float64 labels that are integers [1, 0, -3, 2^53]")
    save("labels_fraction_f8.npy", np.array([1.0, 2.5]), "np.save, float64 [1, 2.5]: not labels")
    save("labels_u8_huge.npy", np.array([1, 2**63], dtype="<u8"), "np.save, uint64 [1, 2^63]: above Int.max")
    save("mask_b1.npy", np.array([True, False, False, True]), "np.save, bool mask [True, False, False, True]")
    beyond = np.array([[2**53 + 1, -(2**53 + 1)], [2**60 + 1, 3]], dtype="<i8")
    save("int64_beyond_2p53.npy", beyond, "np.save, int64 2×2 [[2^53+1, -(2^53+1)], [2^60+1, 3]]: exact read refused")
    save("int64_beyond_2p53_rounded.npy", beyond.astype(np.float64), "np.save of int64_beyond_2p53's .astype(float64)")
    save("uint32_max.npy", np.array([2**24, 2**24 + 1, 2**32 - 1], dtype="<u4"),
         "np.save, uint32 [2^24, 2^24+1, 2^32-1]: exact in Double, not all in Float")

    save("refused_c16.npy", np.array([1 + 2j]), "np.save, complex128: refused")
    save("refused_c8.npy", np.array([1 + 2j], dtype="<c8"), "np.save, complex64: refused")
    save("refused_M8.npy", np.array(["2026-01-01"], dtype="datetime64[D]"), "np.save, datetime64[D]: refused")
    save("refused_m8.npy", np.array([3], dtype="timedelta64[s]"), "np.save, timedelta64[s]: refused")
    save("refused_U3.npy", np.array(["abc"]), "np.save, <U3 strings: refused")
    save("refused_S3.npy", np.array([b"abc"]), "np.save, |S3 bytes: refused")
    save("refused_V4.npy", np.zeros(2, dtype="V4"), "np.save, |V4 void: refused")
    save("refused_object.npy", np.array([1, None], dtype=object), "np.save(allow_pickle=True), object array: refused")
    save("refused_structured.npy", np.zeros(2, dtype=[("x", "<f8"), ("n", "<i4")]), "np.save, structured dtype: refused")
    save("refused_longdouble.npy", np.zeros(2, dtype=np.longdouble), "np.save, long double (<f16 on x86-64): refused")
