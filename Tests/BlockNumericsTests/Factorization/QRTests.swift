import Testing
@testable import BlockNumerics

@Suite struct QRTests {
  func checkFactorization<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (m, n) in [(1, 1), (1, 4), (4, 1), (7, 3), (3, 7), (8, 8), (33, 9), (9, 33)] {
      let a = Matrix<Scalar>.randomNormal(rows: m, columns: n, seed: UInt64(m * 50 + n))
      let qr = try QR(a)
      let k = min(m, n)
      let label = "\(m)×\(n) \(Scalar.self)"
      #expect(qr.q.rows == m && qr.q.columns == k && qr.r.rows == k && qr.r.columns == n, "\(label)")
      let tol = tolerance(Scalar.self, operations: 4 * (m + n))
      #expect(orthonormalityDefect(columnsOf: qr.q) <= tol, "\(label): QᵀQ ≠ I")
      #expect(referenceProduct(qr.q, qr.r).isApproximatelyEqual(to: a, tolerance: tol), "\(label): Q·R ≠ A")
      for i in 0..<k {
        for j in 0..<min(i, n) { #expect(qr.r[i, j] == 0, "\(label): R[\(i), \(j)] below the diagonal") }
      }
    }
  }

  @Test func qTimesRIsAWithOrthonormalQAndTriangularR() throws {
    try checkFactorization(Float.self)
    try checkFactorization(Double.self)
  }

  @Test func qSpansTheColumnsOfARankDeficientMatrix() throws {
    // Rank 2 in 6×4: Q still has orthonormal columns and Q·Qᵀ·A = A.
    let a = Matrix<Double>.randomNormal(rows: 6, columns: 2, seed: 1) * Matrix<Double>.randomNormal(rows: 2, columns: 4, seed: 2)
    let q = try QR(a).q
    #expect(orthonormalityDefect(columnsOf: q) <= 1e-13)
    #expect(referenceProduct(q, referenceProduct(q.transposed, a)).isApproximatelyEqual(to: a, tolerance: 1e-13))
  }

  @Test func emptyAndNonFiniteInputs() throws {
    let empty = try QR(Matrix<Double>(rows: 0, columns: 3))
    #expect(empty.q.rows == 0 && empty.q.columns == 0 && empty.r.rows == 0 && empty.r.columns == 3)
    let noColumns = try QR(Matrix<Double>(rows: 4, columns: 0))
    #expect(noColumns.q.rows == 4 && noColumns.q.columns == 0 && noColumns.r.columns == 0)
    var bad = Matrix<Float>.identity(3)
    bad[2, 0] = -.infinity
    #expect(throws: BlockNumericsError.self) { try QR(bad) }
  }
}
