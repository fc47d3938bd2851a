import Testing
@testable import BlockNumerics

@Suite struct RMSPropTests {
  func checkMatchesPyTorch<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) throws {
    try OptimizerFixtures.expectMatches(RMSProp<Scalar>(learningRate: 0.01), "rmsprop", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      RMSProp<Scalar>(learningRate: 0.01, alpha: 0.9, epsilon: 1e-6, weightDecay: 0.01, momentum: 0.5, centered: true),
      "rmsprop_centered_momentum", tolerance: tolerance)
  }

  @Test func firstTenStepsMatchPyTorch() throws {
    try checkMatchesPyTorch(Double.self, tolerance: 1e-13)
    try checkMatchesPyTorch(Float.self, tolerance: 1e-5)
  }

  @Test func defaultsArePyTorchs() {
    let rmsProp = RMSProp<Double>()
    #expect(rmsProp.learningRate == 1e-2 && rmsProp.alpha == 0.99 && rmsProp.epsilon == 1e-8)
    #expect(rmsProp.weightDecay == 0 && rmsProp.momentum == 0 && !rmsProp.centered)
  }

  @Test func firstStepDividesByTheRootOfOneMinusAlphaTimesTheSquare() throws {
    var scale = ScaleByRMS<Double>(alpha: 0.75, epsilon: 0)
    var u = [try Matrix<Double>([[2, -8]])]
    scale.transform(&u, parameters: u, step: 1)
    // v = 0.25·g², so g / √v = ±2.
    #expect(u[0].isApproximatelyEqual(to: try Matrix([[2, -2]]), tolerance: 1e-15))
  }
}
