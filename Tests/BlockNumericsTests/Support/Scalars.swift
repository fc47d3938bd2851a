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

/// Whether two matrices have the same shape and the same bits in every entry (unlike `==`,
/// which holds for 0 and −0 and fails for NaN).
func sameBits<Scalar: BLASScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Bool {
  a.rows == b.rows && a.columns == b.columns && sameBits(a.elements, b.elements)
}

/// Whether two arrays hold the same bits, entry by entry.
func sameBits<Scalar: BLASScalar>(_ a: [Scalar], _ b: [Scalar]) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { x, y in
    withUnsafeBytes(of: x) { xBytes in withUnsafeBytes(of: y) { xBytes.elementsEqual($0) } }
  }
}

/// `body` run with OpenBLAS at 1 and then at 2 threads (``BLAS/withThreadCount(_:_:)``).
func atOneAndTwoBLASThreads<Result>(_ body: () throws -> Result) rethrows -> (one: Result, two: Result) {
  (try BLAS.withThreadCount(1, body), try BLAS.withThreadCount(2, body))
}
