@testable import BlockNumerics

/// A relative tolerance for results of about `operations` floating-point steps per entry:
/// a small multiple of the type's epsilon, so Float and Double checks share one body.
func tolerance<Scalar: BLASScalar>(_: Scalar.Type, operations: Int = 1) -> Scalar {
  Scalar.ulpOfOne * 16 * Scalar(max(1, operations))
}

/// A plain triple-loop product written in the test itself, independent of BLAS and of
/// the library's naive kernels.
func referenceProduct<Scalar: BLASScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Matrix<Scalar> {
  var c = Matrix<Scalar>(rows: a.rows, columns: b.columns)
  for i in 0..<a.rows {
    for j in 0..<b.columns {
      var total: Scalar = 0
      for k in 0..<a.columns { total += a[i, k] * b[k, j] }
      c[i, j] = total
    }
  }
  return c
}

/// The sizes every shape-generic check runs over: empty, 1, odd, and around typical
/// BLAS/SIMD edges.
let edgeSizes = [0, 1, 2, 3, 7, 8, 9, 31, 33]
