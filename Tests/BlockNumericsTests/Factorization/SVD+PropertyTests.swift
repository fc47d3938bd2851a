import Testing
@testable import BlockNumerics

/// Randomized: SVD reconstructs its input, has orthonormal singular vectors and sorted
/// non-negative singular values, over random shapes (empty, tall, wide, rank-deficient)
/// and both LAPACK drivers.
@Suite struct SVDPropertyTests {
  /// `‖QᵀQ − I‖_F` for `q` with orthonormal columns (or rows, for `q`ᵀ).
  func orthogonalityDefect<Scalar: BLASScalar>(_ q: Matrix<Scalar>, columns: Bool) throws -> Scalar {
    let size = columns ? q.columns : q.rows
    var gram = Matrix<Scalar>(rows: size, columns: size)
    try Matrix.multiply(q, q, transposeA: columns, transposeB: !columns, into: &gram)
    return (gram - Matrix<Scalar>.identity(size)).frobeniusNorm
  }

  func decompositionProperties<Scalar: BLASScalar>(_: Scalar.Type, _ c: inout PropertyCase) throws {
    let m = c.int(0...30), n = c.int(0...30)
    let r = Swift.min(m, n)
    let rank = c.pick([r, r, Swift.max(0, r / 2), Swift.min(r, 1)])
    let driver = c.pick([SVD<Scalar>.Driver.gesvd, .gesdd])
    let scale = c.pick([Scalar(1), 1e-3, 1e3])
    c.note("\(Scalar.self) \(m)×\(n) of rank \(rank), scale \(scale), \(driver)")
    // A product of random factors has the drawn rank.
    let a = (Matrix<Scalar>.random(rows: m, columns: rank, in: -1..<1, seed: c.nextSeed())
      * Matrix<Scalar>.random(rows: rank, columns: n, in: -1..<1, seed: c.nextSeed())) * scale
    let svd = try SVD(a, driver: driver)
    c.expect(svd.u.rows == m && svd.u.columns == r && svd.vt.rows == r && svd.vt.columns == n, "thin shapes")
    c.expect(svd.singularValues.count == r, "\(svd.singularValues.count) singular values")
    c.expect(svd.singularValues.allSatisfy { $0 >= 0 }, "negative singular value \(svd.singularValues)")
    c.expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 }, "not sorted \(svd.singularValues)")
    let eps = tolerance(Scalar.self, operations: 4 * Swift.max(m, n, 1))
    c.expect(try orthogonalityDefect(svd.u, columns: true) <= eps * Scalar(Swift.max(r, 1)), "UᵀU ≠ I")
    c.expect(try orthogonalityDefect(svd.vt, columns: false) <= eps * Scalar(Swift.max(r, 1)), "VᵀV ≠ I")
    let reconstruction = svd.reconstruction(rank: r)
    c.expect(
      (reconstruction - a).frobeniusNorm <= eps * Swift.max(a.frobeniusNorm, Scalar.leastNormalMagnitude),
      "‖UΣVᵀ − A‖ = \((reconstruction - a).frobeniusNorm), ‖A‖ = \(a.frobeniusNorm)")
    // Singular values beyond the rank vanish; the Frobenius norm is their 2-norm.
    if let first = svd.singularValues.first, rank < r {
      c.expect(svd.singularValues[rank] <= eps * first, "σ[\(rank)] = \(svd.singularValues[rank]) for rank \(rank)")
    }
    let norm = svd.singularValues.map { $0 * $0 }.reduce(0, +).squareRoot()
    c.expect(Swift.abs(norm - a.frobeniusNorm) <= eps * Swift.max(norm, Scalar.leastNormalMagnitude), "‖σ‖ ≠ ‖A‖_F")
    // Truncation keeps the leading triplets; the error is the tail of σ (Eckart–Young).
    if r > 0 {
      let keep = c.int(0...r)
      let tail = svd.singularValues[keep...].map { $0 * $0 }.reduce(0, +).squareRoot()
      let error = (svd.reconstruction(rank: keep) - a).frobeniusNorm
      c.expect(Swift.abs(error - tail) <= eps * Swift.max(a.frobeniusNorm, Scalar.leastNormalMagnitude), "rank-\(keep) error \(error), tail \(tail)")
    }
  }

  @Test func decompositionProperties() {
    Property.check("SVD properties (Float)", cases: 50, seed: 0x5BD_0001) { try decompositionProperties(Float.self, &$0) }
    Property.check("SVD properties (Double)", cases: 50, seed: 0x5BD_0002) { try decompositionProperties(Double.self, &$0) }
  }
}
