import Testing
@testable import BlockNumerics

@Suite struct RandomizedRangeSketchTests {
  /// A sketch at least as wide as the operator's rank captures it: `Q` has orthonormal
  /// columns, `Bᵀ = Aᵀ·Q`, and `Q·B` reproduces `A`; a NaN in `A` throws.
  @Test func capturesALowRankOperator() throws {
    let a = Matrix<Double>.randomNormal(rows: 60, columns: 4, seed: 1) * Matrix<Double>.randomNormal(rows: 4, columns: 45, seed: 2)
    for powerIterations in [0, 2] {
      let sketch = try RandomizedRangeSketch<Double>(
        rows: 60, columns: 45, width: 6, powerIterations: powerIterations, seed: 3, operation: "test",
        applied: a.applied(to:), transposeApplied: a.transposeApplied(to:))
      #expect(sketch.q.shape == (60, 6) && sketch.bt.shape == (45, 6))
      #expect((sketch.q.transposed * sketch.q).isApproximatelyEqual(to: .identity(6), tolerance: 1e-12))
      #expect(sketch.bt.isApproximatelyEqual(to: a.transposed * sketch.q, tolerance: 1e-12))
      #expect((sketch.q * sketch.bt.transposed).isApproximatelyEqual(to: a, tolerance: 1e-10), "power iterations \(powerIterations)")
      let svd = try sketch.truncatedSVD(rank: 4)
      #expect(svd.singularValues.count == 4 && svd.reconstruction(rank: 4).isApproximatelyEqual(to: a, tolerance: 1e-10))
    }
    var broken = a
    broken[3, 7] = .nan
    #expect(throws: BlockNumericsError.self) {
      try RandomizedRangeSketch<Double>(
        rows: 60, columns: 45, width: 6, powerIterations: 0, seed: 3, operation: "test",
        applied: broken.applied(to:), transposeApplied: broken.transposeApplied(to:))
    }
  }
}
