import Testing
@testable import BlockNumerics

@Suite struct LearningRateScheduleTests {
  func checkSchedulesMatchPyTorch<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) throws {
    let cases: [(String, LearningRateSchedule<Scalar>)] = [
      ("step", .step(size: 3, factor: 0.5)),
      ("exponential", .exponential(factor: 0.9)),
      ("cosine", .cosineAnnealing(period: 10, minimum: 0.01)),
      ("linear", .linear(startFactor: 0.25, endFactor: 1, steps: 4)),
      ("warmup_cosine", LearningRateSchedule.warmup(steps: 3, startFactor: 0.1).then(.cosineAnnealing(period: 10), after: 3)),
    ]
    for (name, schedule) in cases {
      let reference = try Fixtures.matrix("optimizers/schedule_\(name).npy", as: Scalar.self).elements
      for (t, expected) in reference.enumerated() {
        let ours = schedule.learningRate(base: 0.1, step: t)
        #expect(abs(ours - expected) <= tolerance * Swift.max(expected, 0.1), "\(name) step \(t): \(ours) vs PyTorch \(expected)")
      }
    }
  }

  @Test func schedulesMatchPyTorchsSchedulers() throws {
    try checkSchedulesMatchPyTorch(Double.self, tolerance: 1e-13)
    try checkSchedulesMatchPyTorch(Float.self, tolerance: 1e-6)
  }

  func checkScheduledOptimizersMatchPyTorch<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) throws {
    try OptimizerFixtures.expectMatches(
      Scheduled(SGD<Scalar>(learningRate: 0.1, momentum: 0.9), schedule: .cosineAnnealing(period: 10, minimum: 0.01)),
      "sgd_momentum_cosine", tolerance: tolerance)
    try OptimizerFixtures.expectMatches(
      Scheduled(Adam<Scalar>(learningRate: 0.1), schedule: .linear(startFactor: 0.25, endFactor: 1, steps: 4)),
      "adam_warmup", tolerance: tolerance)
  }

  @Test func scheduledOptimizersMatchPyTorch() throws {
    try checkScheduledOptimizersMatchPyTorch(Double.self, tolerance: 1e-13)
    try checkScheduledOptimizersMatchPyTorch(Float.self, tolerance: 1e-5)
  }

  @Test func scheduledReportsAndDrivesTheRate() throws {
    var optimizer = Scheduled(SGD<Double>(learningRate: 1), schedule: .step(size: 2, factor: 0.5))
    var p = [try Matrix<Double>([[0]])]
    var rates: [Double] = []
    for _ in 0..<5 {
      rates.append(optimizer.learningRate)
      optimizer.step(parameters: &p, gradients: [try Matrix([[-1]])])
    }
    #expect(rates == [1, 1, 0.5, 0.5, 0.25] && p[0][0, 0] == 3.25 && optimizer.stepCount == 5)
    optimizer.learningRate = 8
    #expect(optimizer.baseLearningRate == 8 && optimizer.learningRate == 2)  // 8 · 0.5^⌊5 / 2⌋
  }

  @Test func perEpochHoldsEachRateForAnEpoch() {
    let schedule = LearningRateSchedule<Double>.exponential(factor: 0.5).perEpoch(stepsPerEpoch: 3)
    #expect((0..<7).map { schedule.learningRate(base: 1, step: $0) } == [1, 1, 1, 0.5, 0.5, 0.5, 0.25])
  }

  @Test func constantAndCustomSchedules() {
    #expect(LearningRateSchedule<Double>.constant.learningRate(base: 0.3, step: 100) == 0.3)
    let custom = LearningRateSchedule<Double> { rate, step in rate / Double(step + 1) }
    #expect(custom.learningRate(base: 1, step: 3) == 0.25)
  }
}
