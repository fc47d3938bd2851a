import Testing
@testable import BlockNumerics

@Suite struct AdamTests {
  func checkMatchesPyTorch<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) throws {
    try OptimizerFixtures.expectMatches(Adam<Scalar>(learningRate: 0.1), "adam", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      Adam<Scalar>(learningRate: 0.1, betas: (0.8, 0.95), epsilon: 1e-6, weightDecay: 0.05, amsgrad: true),
      "adam_amsgrad_decay", tolerance: tolerance)
  }

  @Test func firstTenStepsMatchPyTorch() throws {
    try checkMatchesPyTorch(Double.self, tolerance: 1e-13)
    try checkMatchesPyTorch(Float.self, tolerance: 1e-5)
  }

  @Test func defaultsArePyTorchs() {
    let adam = Adam<Double>()
    #expect(adam.learningRate == 1e-3 && adam.betas == (0.9, 0.999) && adam.epsilon == 1e-8)
    #expect(adam.weightDecay == 0 && !adam.amsgrad && adam.stepCount == 0)
  }

  @Test func firstStepMovesEveryEntryByTheLearningRate() throws {
    // At t = 1 the bias-corrected step is g / (|g| + ε): about ±lr whatever the scale of g.
    var adam = Adam<Double>(learningRate: 0.1)
    var p = [try Matrix<Double>([[0, 0, 0]])]
    adam.step(parameters: &p, gradients: [try Matrix([[1e-3, -5, 200]])])
    #expect(p[0].isApproximatelyEqual(to: try Matrix([[-0.1, 0.1, -0.1]]), tolerance: 1e-5))
  }

  @Test func contractUsageMinimisesTheSquaredNorm() throws {
    var params = [try Matrix<Double>([[3, -4]])]
    var adam = Adam<Double>(learningRate: 0.1)
    for _ in 0..<500 { adam.step(parameters: &params, gradients: [params[0] * 2]) }
    #expect(params[0].frobeniusNorm < 1e-2)
  }

  @Test func manyParametersOfDifferentShapesIncludingEmptyOnes() throws {
    var adam = Adam<Float>(learningRate: 0.01)
    var p = [Matrix<Float>.random(rows: 64, columns: 64, seed: 1), Matrix<Float>(rows: 0, columns: 5),
             Matrix<Float>.random(rows: 1, columns: 10, seed: 2)]
    for _ in 0..<3 { adam.step(parameters: &p, gradients: p.map { $0 * 2 }) }
    #expect(p[1].shape == (0, 5) && p.allSatisfy(\.isFinite) && adam.stepCount == 3)
  }
}
