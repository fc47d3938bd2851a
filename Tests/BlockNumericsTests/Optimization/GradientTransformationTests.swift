import Testing
@testable import BlockNumerics

@Suite struct GradientTransformationTests {
  @Test func chainAppliesItsPiecesInOrder() throws {
    let p = [try Matrix<Double>([[1, 2]])]
    var decayThenClip = AddWeightDecay<Double>(1).followed(by: ClipByValue(2))
    var clipThenDecay = ClipByValue<Double>(2).followed(by: AddWeightDecay(1))
    var u1 = [try Matrix<Double>([[3, 3]])], u2 = u1
    decayThenClip.transform(&u1, parameters: p, step: 1)
    clipThenDecay.transform(&u2, parameters: p, step: 1)
    #expect(u1[0].elements == [2, 2] && u2[0].elements == [3, 4])
  }

  @Test func identityAndAbsentPiecesChangeNothing() throws {
    let p = [try Matrix<Double>([[1, 2]])]
    var u = [try Matrix<Double>([[3, -3]])]
    var identity = Identity<Double>()
    identity.transform(&u, parameters: p, step: 1)
    var absent: Momentum<Double>? = nil
    absent.transform(&u, parameters: p, step: 1)
    #expect(u[0].elements == [3, -3])
    var descent = GradientDescent(learningRate: 0.5, transform: Identity<Double>())
    var q = p
    descent.step(parameters: &q, gradients: u)
    #expect(q[0].elements == [-0.5, 3.5] && descent.stepCount == 1)
  }

  @Test func momentumStartsFromTheFirstGradient() throws {
    var momentum = Momentum<Double>(0.5, dampening: 0.5)
    let p = [try Matrix<Double>([[0]])]
    var u = [try Matrix<Double>([[4]])]
    momentum.transform(&u, parameters: p, step: 1)
    #expect(u[0][0, 0] == 4)  // b = g, no dampening on the first step
    u = [try Matrix<Double>([[2]])]
    momentum.transform(&u, parameters: p, step: 2)
    #expect(u[0][0, 0] == 3)  // 0.5·4 + 0.5·2
    var nesterov = Momentum<Double>(0.5, nesterov: true)
    u = [try Matrix<Double>([[4]])]
    nesterov.transform(&u, parameters: p, step: 1)
    #expect(u[0][0, 0] == 6)  // g + μ·b
  }

  @Test func optimizersNeverTouchTheCallersGradientsOrCopies() throws {
    let start = [Matrix<Double>.random(rows: 3, columns: 3, seed: 4)]
    let gradients = [Matrix<Double>.random(rows: 3, columns: 3, seed: 5)]
    let gradientsBefore = gradients
    var parameters = start
    var adam = Adam<Double>(learningRate: 0.1)
    adam.step(parameters: &parameters, gradients: gradients)
    adam.step(parameters: &parameters, gradients: gradients)
    #expect(gradients == gradientsBefore && parameters != start)
    #expect(start == [Matrix<Double>.random(rows: 3, columns: 3, seed: 4)])
  }

  @Test func optimizersWorkThroughTheProtocol() throws {
    func minimise<O: Optimizer>(_ optimizer: O, steps: Int) -> Double where O.Scalar == Double {
      var optimizer = optimizer
      var p = [try! Matrix<Double>([[3, -4, 1]])]
      for _ in 0..<steps { optimizer.step(parameters: &p, gradients: [p[0] * 2]) }
      return p[0].frobeniusNorm
    }
    let start = (9.0 + 16 + 1).squareRoot()
    #expect(minimise(SGD<Double>(learningRate: 0.1, momentum: 0.9, nesterov: true), steps: 100) < 1e-3)
    #expect(minimise(AdaGrad<Double>(learningRate: 0.1), steps: 100) < start)
    #expect(minimise(RMSProp<Double>(learningRate: 0.01), steps: 100) < start)
    #expect(minimise(AdamW<Double>(learningRate: 0.01, weightDecay: 0.01), steps: 100) < start)
    let any: any Optimizer<Double> = Adam<Double>(learningRate: 0.1)
    #expect(minimise(any as! Adam<Double>, steps: 200) < 0.5)
  }
}

@Suite struct OptimizerReadmeTests {
  @Test func readmeExamplesRun() throws {
    var params = [try Matrix<Double>([[3, -4]])]
    var adam = Adam<Double>(learningRate: 0.1)
    for _ in 0..<500 { adam.step(parameters: &params, gradients: [params[0] * 2]) }
    #expect(params[0].frobeniusNorm < 1e-2)
    var sgd = Scheduled(Clipped(SGD<Double>(learningRate: 0.1, momentum: 0.9, nesterov: true),
                                clipping: .globalNorm(1)),
                        schedule: .warmup(steps: 5).then(.cosineAnnealing(period: 95), after: 5))
    var custom = GradientDescent(learningRate: 1e-3,
                                 transform: ClipByValue<Double>(1).followed(by: ScaleByAdam()))
    var p = [try Matrix<Double>([[3, -4]])], q = p
    for _ in 0..<100 {
      sgd.step(parameters: &p, gradients: [p[0] * 2])
      custom.step(parameters: &q, gradients: [q[0] * 2])
    }
    #expect(p[0].frobeniusNorm < 0.5 && q[0].frobeniusNorm < 5 && sgd.learningRate < 1e-3)
  }
}
