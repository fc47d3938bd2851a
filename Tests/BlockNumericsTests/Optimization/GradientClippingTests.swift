import Testing
@testable import BlockNumerics

@Suite struct GradientClippingTests {
  func checkMatchesPyTorch<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) throws {
    let input: [Matrix<Scalar>] = OptimizerFixtures.slots(try Fixtures.matrix("optimizers/clip_in.npy").elements)
    var byNorm = input
    let total = byNorm.clipByGlobalNorm(maxNorm: 0.5)
    let expectedTotal: Scalar = try Fixtures.matrix("optimizers/clip_norm_total.npy").elements[0]
    #expect(abs(total - expectedTotal) <= tolerance * expectedTotal)
    let normOut = try Fixtures.matrix("optimizers/clip_norm_out.npy", as: Scalar.self)
    #expect(try Matrix(rows: 1, columns: 10, elements: byNorm.flatMap(\.elements)).isApproximatelyEqual(to: normOut, tolerance: tolerance))
    var byValue = input
    byValue.clipByValue(maxValue: 0.3)
    #expect(byValue.flatMap(\.elements) == (try Fixtures.matrix("optimizers/clip_value_out.npy", as: Scalar.self)).elements)

    // Clipping before every step, as a wrapper and as the first piece of a chain.
    try OptimizerFixtures.expectMatches(
      Clipped(SGD<Scalar>(learningRate: 0.1, momentum: 0.9), clipping: .globalNorm(1)), "sgd_momentum_clip_norm", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      GradientDescent(learningRate: 0.1, transform: ClipByGlobalNorm<Scalar>(1).followed(by: Momentum(0.9))),
      "sgd_momentum_clip_norm", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      Clipped(Adam<Scalar>(learningRate: 0.1), clipping: .value(0.5)), "adam_clip_value", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      GradientDescent(learningRate: 0.1, transform: ClipByValue<Scalar>(0.5).followed(by: ScaleByAdam())),
      "adam_clip_value", tolerance: tolerance)
  }

  @Test func matchesPyTorch() throws {
    try checkMatchesPyTorch(Double.self, tolerance: 1e-13)
    try checkMatchesPyTorch(Float.self, tolerance: 1e-5)
  }

  @Test func globalNormIsTheNormOfAllEntries() throws {
    let g = [try Matrix<Double>([[3, 0]]), try Matrix<Double>([[0], [4]]), Matrix<Double>(rows: 0, columns: 2)]
    #expect(g.globalNorm() == 5)
    #expect([Matrix<Double>]().globalNorm() == 0)
  }

  @Test func gradientsWithinTheLimitsAreUntouched() throws {
    let g = [Matrix<Double>.random(rows: 4, columns: 3, seed: 1)]
    var byNorm = g
    byNorm.clipByGlobalNorm(maxNorm: 100)
    #expect(byNorm == g)
    var byValue = g
    byValue.clipByValue(maxValue: 1)
    #expect(byValue == g)
  }

  @Test func clippingByValueKeepsNaN() throws {
    var g = [try Matrix<Double>([[.nan, 5, -5, 0.25]])]
    g.clipByValue(maxValue: 1)
    #expect(g[0][0, 0].isNaN && Array(g[0].elements.dropFirst()) == [1, -1, 0.25])
  }

  @Test func clippedForwardsTheLearningRate() {
    var clipped = Clipped(SGD<Double>(learningRate: 0.1), clipping: .globalNorm(1))
    clipped.learningRate = 0.2
    #expect(clipped.base.learningRate == 0.2)
  }
}
