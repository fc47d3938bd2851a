import Testing
@testable import BlockNumerics

@Suite struct SGDTests {
  func checkMatchesPyTorch<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) throws {
    try OptimizerFixtures.expectMatches(SGD<Scalar>(learningRate: 0.1), "sgd", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(SGD<Scalar>(learningRate: 0.1, momentum: 0.9), "sgd_momentum", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      SGD<Scalar>(learningRate: 0.1, momentum: 0.9, dampening: 0.3, weightDecay: 0.05), "sgd_dampening", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      SGD<Scalar>(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true), "sgd_nesterov", tolerance: tolerance)
  }

  @Test func firstTenStepsMatchPyTorch() throws {
    try checkMatchesPyTorch(Double.self, tolerance: 1e-13)
    try checkMatchesPyTorch(Float.self, tolerance: 1e-5)
  }

  @Test func defaultsAreTheContractsAndPyTorchs() {
    let sgd = SGD<Double>()
    #expect(sgd.learningRate == 1e-3 && sgd.momentum == 0 && sgd.dampening == 0 && sgd.weightDecay == 0 && !sgd.nesterov)
    let nesterov = SGD<Double>(learningRate: 0.1, momentum: 0.9, nesterov: true)
    #expect(nesterov.learningRate == 0.1 && nesterov.momentum == 0.9 && nesterov.nesterov)
  }

  @Test func plainStepIsParameterMinusRateTimesGradient() throws {
    var sgd = SGD<Double>(learningRate: 0.5)
    var p = [try Matrix<Double>([[1, 2], [3, 4]])]
    sgd.step(parameters: &p, gradients: [try Matrix([[2, 2], [-2, 0]])])
    #expect(p[0].elements == [0, 1, 4, 4] && sgd.stepCount == 1)
  }

  @Test func equalsTheCompositionItIsMadeOf() throws {
    var named = SGD<Double>(learningRate: 0.1, momentum: 0.8, dampening: 0.2, weightDecay: 0.03)
    var composed = GradientDescent(
      learningRate: 0.1, transform: AddWeightDecay<Double>(0.03).followed(by: Momentum(0.8, dampening: 0.2)))
    #expect(try OptimizerFixtures.trajectory(named) == OptimizerFixtures.trajectory(composed))
    var p1 = [Matrix<Double>.random(rows: 3, columns: 2, seed: 1)], p2 = p1
    for t in 0..<5 {
      let g = [Matrix<Double>.random(rows: 3, columns: 2, seed: UInt64(10 + t))]
      named.step(parameters: &p1, gradients: g)
      composed.step(parameters: &p2, gradients: g)
    }
    #expect(p1 == p2)
  }

  @Test func changingTheLearningRateBetweenStepsTakesEffect() throws {
    var sgd = SGD<Double>(learningRate: 1)
    var p = [try Matrix<Double>([[1]])]
    sgd.step(parameters: &p, gradients: [try Matrix([[1]])])
    sgd.learningRate = 0.5
    sgd.step(parameters: &p, gradients: [try Matrix([[1]])])
    #expect(p[0][0, 0] == -0.5)
  }
}
