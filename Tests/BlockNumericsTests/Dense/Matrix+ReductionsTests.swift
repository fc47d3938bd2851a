import Testing
@testable import BlockNumerics

@Suite struct MatrixReductionsTests {
  func checkReductions<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let m = try Matrix<Scalar>([[1, -2, 3], [4, 5, -6]])
    #expect(m.sum() == 5)
    #expect(m.mean() == Scalar(5) / 6)
    #expect(m.min() == -6 && m.max() == 5)
    #expect(m.sum(along: .rows).elements == [5, 3, -3])
    #expect(m.sum(along: .columns).elements == [2, 3])
    #expect(m.sum(along: .rows).shape == (1, 3) && m.sum(along: .columns).shape == (2, 1))
    let expectedNorm = Scalar(91).squareRoot()
    #expect(abs(m.frobeniusNorm - expectedNorm) <= tolerance(Scalar.self) * expectedNorm)
    #expect(m.argmaxPerRow() == [2, 1])
    #expect(try Matrix<Scalar>([[1, 2], [3, 4]]).trace == 5)
    #expect(m.isFinite)
  }

  @Test func reductions() throws {
    try checkReductions(Float.self)
    try checkReductions(Double.self)
  }

  @Test func emptyMatricesHaveNoMeanMinOrMax() {
    let empty = Matrix<Double>(rows: 0, columns: 3)
    #expect(empty.sum() == 0 && empty.mean() == nil && empty.min() == nil && empty.max() == nil)
    #expect(empty.frobeniusNorm == 0)
    #expect(empty.sum(along: .rows).elements == [0, 0, 0])
    #expect(Matrix<Double>(rows: 2, columns: 0).argmaxPerRow() == [nil, nil])
  }

  @Test func nanPropagatesThroughMinAndMax() throws {
    let m = try Matrix<Double>([[1, .nan, -1]])
    #expect(m.min()!.isNaN && m.max()!.isNaN && !m.isFinite)
  }

  @Test func frobeniusNormDoesNotOverflow() throws {
    let big = try Matrix<Float>([[3e30, 4e30]])
    #expect(abs(big.frobeniusNorm - 5e30) <= 5e30 * 1e-6)
  }

  @Test func approximateEqualityIsRelative() throws {
    let a = try Matrix<Double>([[1e6, 2e6]])
    let b = try Matrix<Double>([[1e6 + 1e-4, 2e6]])
    #expect(a.isApproximatelyEqual(to: b, tolerance: 1e-9))
    #expect(!a.isApproximatelyEqual(to: b, tolerance: 1e-12))
    #expect(!a.isApproximatelyEqual(to: a.transposed, tolerance: 1))
    #expect(Matrix<Double>(rows: 2, columns: 2).isApproximatelyEqual(to: Matrix(rows: 2, columns: 2), tolerance: 0))
    let nan = try Matrix<Double>([[.nan]])
    #expect(!nan.isApproximatelyEqual(to: nan, tolerance: 1))
  }

  func checkAgainstNumPy<Scalar: BLASScalar>(_: Scalar.Type, suffix: String) throws {
    let a = try Fixtures.matrix("dense/small_a_\(suffix).npy", as: Scalar.self)
    let stats = try Fixtures.matrix("dense/small_stats_\(suffix).npy", as: Double.self).elements
    let tol = Double(tolerance(Scalar.self, operations: a.count))
    func close(_ ours: Scalar?, _ reference: Double) -> Bool {
      guard let ours else { return false }
      return abs(Double(ours) - reference) <= tol * max(1, abs(reference))
    }
    #expect(close(a.sum(), stats[0]) && close(a.mean(), stats[1]) && close(a.min(), stats[2]) && close(a.max(), stats[3]))
    #expect(close(a.frobeniusNorm, stats[4]))
    #expect(try a.sum(along: .rows).isApproximatelyEqual(to: Fixtures.matrix("dense/small_columnsums_\(suffix).npy"), tolerance: Scalar(tol)))
    #expect(try a.sum(along: .columns).isApproximatelyEqual(to: Fixtures.matrix("dense/small_rowsums_\(suffix).npy"), tolerance: Scalar(tol)))
  }

  @Test func reductionsMatchNumPy() throws {
    try checkAgainstNumPy(Float.self, suffix: "f32")
    try checkAgainstNumPy(Double.self, suffix: "f64")
  }
}
