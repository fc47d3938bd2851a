import Testing
@testable import BlockNumerics

@Suite struct AdamWTests {
  func checkMatchesPyTorch<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) throws {
    try OptimizerFixtures.expectMatches(AdamW<Scalar>(learningRate: 0.01, weightDecay: 0.01), "adamw", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      AdamW<Scalar>(learningRate: 0.05, betas: (0.8, 0.95), weightDecay: 0.1, amsgrad: true), "adamw_amsgrad", tolerance: tolerance)
  }

  @Test func firstTenStepsMatchPyTorch() throws {
    try checkMatchesPyTorch(Double.self, tolerance: 1e-13)
    try checkMatchesPyTorch(Float.self, tolerance: 1e-5)
  }

  @Test func defaultsArePyTorchs() {
    let adamW = AdamW<Double>()
    #expect(adamW.learningRate == 1e-3 && adamW.betas == (0.9, 0.999) && adamW.epsilon == 1e-8)
    #expect(adamW.weightDecay == 1e-2 && !adamW.amsgrad)
  }

  @Test func decayIsDecoupledFromTheMoments() throws {
    // With a zero gradient Adam's step is 0, so only the decoupled decay p·(1 − lr·λ) acts;
    // Adam's coupled decay would instead take a full ±lr step.
    var adamW = AdamW<Double>(learningRate: 0.1, weightDecay: 0.5)
    var p = [try Matrix<Double>([[2, -4]])]
    adamW.step(parameters: &p, gradients: [Matrix(rows: 1, columns: 2)])
    #expect(p[0].isApproximatelyEqual(to: try Matrix([[1.9, -3.8]]), tolerance: 1e-14))
    var adam = Adam<Double>(learningRate: 0.1, weightDecay: 0.5)
    var q = [try Matrix<Double>([[2, -4]])]
    adam.step(parameters: &q, gradients: [Matrix(rows: 1, columns: 2)])
    #expect(q[0].isApproximatelyEqual(to: try Matrix([[1.9, -3.9]]), tolerance: 1e-7))
  }
}
