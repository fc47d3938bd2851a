import Testing
@testable import BlockNumerics

@Suite struct AdaGradTests {
  func checkMatchesPyTorch<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) throws {
    try OptimizerFixtures.expectMatches(AdaGrad<Scalar>(learningRate: 0.1), "adagrad", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      AdaGrad<Scalar>(learningRate: 0.1, learningRateDecay: 0.05, weightDecay: 0.01, initialAccumulatorValue: 0.2, epsilon: 1e-6),
      "adagrad_decay", tolerance: tolerance)
  }

  @Test func firstTenStepsMatchPyTorch() throws {
    try checkMatchesPyTorch(Double.self, tolerance: 1e-13)
    try checkMatchesPyTorch(Float.self, tolerance: 1e-5)
  }

  @Test func defaultsArePyTorchs() {
    let adaGrad = AdaGrad<Double>()
    #expect(adaGrad.learningRate == 1e-2 && adaGrad.learningRateDecay == 0 && adaGrad.weightDecay == 0)
    #expect(adaGrad.initialAccumulatorValue == 0 && adaGrad.epsilon == 1e-10)
  }

  @Test func inverseTimeDecayScalesByStep() throws {
    var decay = ScaleByInverseTimeDecay<Double>(0.5)
    var u = [try Matrix<Double>([[4]])]
    decay.transform(&u, parameters: u, step: 1)
    #expect(u[0][0, 0] == 4)
    decay.transform(&u, parameters: u, step: 3)
    #expect(u[0][0, 0] == 2)
  }
}
