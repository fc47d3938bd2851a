import Testing
@testable import BlockNumerics

@Suite struct MatrixFactorizationImplicitALSTests {
  func fixture<Scalar: BLASScalar>(_: Scalar.Type) throws -> (Ratings<Scalar>, MatrixFactorization<Scalar>) {
    let triples = try Fixtures.matrix("recommender/implicit_interactions.npy", as: Scalar.self)
    let interactions = try Ratings(
      (0..<triples.rows).map { Rating(user: Int(triples[$0, 0]), item: Int(triples[$0, 1]), value: triples[$0, 2]) }, users: 12, items: 10)
    var model = MatrixFactorization<Scalar>(users: 12, items: 10, factors: 4, seed: 1)
    model.parameters[0] = try Fixtures.matrix("recommender/implicit_p0.npy")
    model.parameters[1] = try Fixtures.matrix("recommender/implicit_q0.npy")
    return (interactions, model)
  }

  @Test(arguments: [("cg", ImplicitALSSolver.conjugateGradient(steps: 3)), ("exact", .cholesky)])
  func firstIterationsMatchTheNumPyReference(name: String, solver: ImplicitALSSolver) throws {
    var (interactions, model) = try fixture(Double.self)
    try model.fitImplicitALS(interactions, regularization: 0.1, alpha: 2, iterations: 2, solver: solver)
    let p = try Fixtures.matrix("recommender/implicit_\(name)_p.npy", as: Double.self)
    let q = try Fixtures.matrix("recommender/implicit_\(name)_q.npy", as: Double.self)
    #expect(model.parameters[0].isApproximatelyEqual(to: p, tolerance: 1e-10) && model.parameters[1].isApproximatelyEqual(to: q, tolerance: 1e-10), "\(name)")
    #expect(model.globalMean == 0 && model.parameters[2].frobeniusNorm == 0 && model.parameters[3].frobeniusNorm == 0)
    // Single precision through the same code (the C kernel's float path for CG).
    var (single, singleModel) = try fixture(Float.self)
    try singleModel.fitImplicitALS(single, regularization: 0.1, alpha: 2, iterations: 2, solver: solver)
    #expect(singleModel.parameters[0].isApproximatelyEqual(to: try Fixtures.matrix("recommender/implicit_\(name)_p.npy"), tolerance: 1e-4), "\(name) Float")
  }

  @Test func theCKernelAndTheSwiftKernelAgree() throws {
    let interactions: Ratings<Double> = try Datasets.syntheticInteractions(users: 90, items: 70, rank: 3, density: 0.1, seed: 4)
    for k in [1, 5, 8, 16, 21] {
      var c = MatrixFactorization<Double>(users: 90, items: 70, factors: k, seed: 5)
      var swift = c
      try c._fitImplicitALS(interactions, regularization: 0.05, alpha: 3, iterations: 3, solver: .conjugateGradient(steps: 3), threads: nil, swiftKernel: false, onIteration: nil)
      try swift._fitImplicitALS(interactions, regularization: 0.05, alpha: 3, iterations: 3, solver: .conjugateGradient(steps: 3), threads: nil, swiftKernel: true, onIteration: nil)
      #expect(c.parameters[0].isApproximatelyEqual(to: swift.parameters[0], tolerance: 1e-9), "k \(k)")
      #expect(c.parameters[1].isApproximatelyEqual(to: swift.parameters[1], tolerance: 1e-9), "k \(k)")
    }
  }

  @Test func conjugateGradientReachesTheExactSolve() throws {
    // One half step from the same start: with k steps (k = 6), CG solves the k × k system exactly
    // up to rounding; 3 steps get close, 1 step less so.
    let interactions: Ratings<Double> = try Datasets.syntheticInteractions(users: 40, items: 50, rank: 3, density: 0.2, seed: 6)
    let start = MatrixFactorization<Double>(users: 40, items: 50, factors: 6, seed: 7)
    var exact = start
    exact._implicitHalfStep(.users, interactions, regularization: 0.1, alpha: 5, solver: .cholesky, threads: nil)
    var errors: [Double] = []
    for steps in [1, 3, 6, 12] {
      for swiftKernel in [false, true] {
        var cg = start
        cg._implicitHalfStep(.users, interactions, regularization: 0.1, alpha: 5, solver: .conjugateGradient(steps: steps), threads: nil, swiftKernel: swiftKernel)
        let error = (cg.parameters[0] - exact.parameters[0]).frobeniusNorm / exact.parameters[0].frobeniusNorm
        if !swiftKernel { errors.append(error) }
      }
    }
    #expect(errors[0] > errors[1] && errors[1] > errors[2], "\(errors)")
    #expect(errors[2] < 1e-8 && errors[3] < 1e-8, "\(errors)")
  }

  @Test func identicalForAnyThreadCount() throws {
    let interactions: Ratings<Float> = try Datasets.syntheticInteractions(users: 400, items: 200, rank: 4, density: 0.05, seed: 8, as: Float.self)
    func fit(_ threads: Int?) throws -> [Matrix<Float>] {
      var model = MatrixFactorization<Float>(users: 400, items: 200, factors: 16, seed: 9)
      try model.fitImplicitALS(interactions, iterations: 3, threads: threads)
      return model.parameters
    }
    let one = try fit(1)
    #expect(try fit(nil) == one && fit(2) == one)
  }

  @Test func learnsToRankHeldOutInteractions() throws {
    let all: Ratings<Double> = try Datasets.syntheticInteractions(users: 500, items: 300, rank: 4, density: 0.05, seed: 10)
    let (training, heldOut) = try all.randomSplit(heldOutFraction: 0.2, seed: 11)
    var model = MatrixFactorization<Double>(users: 500, items: 300, factors: 8, seed: 12)
    let untrained = try model.rankingMetrics(heldOut: heldOut, excludingRated: training)
    var iterations = 0
    try model.fitImplicitALS(training, regularization: 0.1, alpha: 2, iterations: 8) { iterations = $0 }
    let trained = try model.rankingMetrics(heldOut: heldOut, excludingRated: training)
    #expect(iterations == 8)
    #expect(trained.precision > 2 * untrained.precision && trained.recall > untrained.recall, "\(untrained) → \(trained), seed 10")
  }

  @Test func badInputThrows() throws {
    var model = MatrixFactorization<Double>(users: 2, items: 2, factors: 2, seed: 1)
    let good = try Ratings([Rating(user: 0, item: 1, value: 1.0)], users: 2, items: 2)
    let negative = try Ratings([Rating(user: 0, item: 1, value: 1.0), Rating(user: 1, item: 0, value: -2)], users: 2, items: 2)
    #expect(thrownError { try model.fitImplicitALS(negative) }?.description.contains("user 1 with item 0 is -2.0") == true)
    #expect(thrownError { try model.fitImplicitALS(try Ratings<Double>([], users: 2, items: 2)) }?.description.contains("no interactions") == true)
    #expect(thrownError { try model.fitImplicitALS(good, regularization: 0) } != nil)
    #expect(thrownError { try model.fitImplicitALS(good, alpha: -1) } != nil)
    #expect(thrownError { try model.fitImplicitALS(good, iterations: 0) } != nil)
    #expect(thrownError { try model.fitImplicitALS(good, solver: .conjugateGradient(steps: 0)) }?.description.contains("at least 1 step") == true)
    #expect(thrownError { try model.fitImplicitALS(try Ratings([Rating(user: 0, item: 0, value: 1.0)], users: 2, items: 3)) } != nil)
  }
}
