import Testing
@testable import BlockNumerics

@Suite struct MatrixFactorizationALSTests {
  /// The fixture ratings and a model starting from the fixture's item factors and biases.
  func fixtureModel() throws -> (Ratings<Double>, MatrixFactorization<Double>) {
    let triples = try Fixtures.matrix("recommender/explicit_ratings.npy", as: Double.self)
    let ratings = try Ratings((0..<triples.rows).map { Rating(user: Int(triples[$0, 0]), item: Int(triples[$0, 1]), value: triples[$0, 2]) }, users: 9, items: 7)
    var model = MatrixFactorization<Double>(users: 9, items: 7, factors: 3, seed: 1)
    model.parameters[1] = try Fixtures.matrix("recommender/explicit_q0.npy")
    model.parameters[3] = try Fixtures.matrix("recommender/explicit_c0.npy")
    return (ratings, model)
  }

  @Test(arguments: [("biases", true, 0.05), ("nobiases", false, 0.1)])
  func firstIterationsMatchTheNumPyReference(name: String, biases: Bool, lambda: Double) throws {
    var (ratings, model) = try fixtureModel()
    let history = try model.fitALS(ratings, regularization: lambda, iterations: 2, biases: biases)
    #expect(history.trainingRMSE.count == 2 && history.validationRMSE.isEmpty)
    for (slot, file) in ["p", "q", "b", "c"].enumerated() {
      let expected = try Fixtures.matrix("recommender/explicit_\(name)_\(file).npy", as: Double.self)
      #expect(model.parameters[slot].isApproximatelyEqual(to: expected, tolerance: 1e-10), "\(name) \(file)")
    }
    #expect(abs(Double(model.globalMean) - ratings.meanValue) < 1e-15)
    // User 4 and item 5 have no ratings: zero factors and bias.
    #expect((0..<3).allSatisfy { model.parameters[0][4, $0] == 0 && model.parameters[1][5, $0] == 0 })
  }

  @Test func singlePrecisionFollowsTheSameReference() throws {
    let triples = try Fixtures.matrix("recommender/explicit_ratings.npy", as: Float.self)
    let ratings = try Ratings((0..<triples.rows).map { Rating(user: Int(triples[$0, 0]), item: Int(triples[$0, 1]), value: triples[$0, 2]) }, users: 9, items: 7)
    var model = MatrixFactorization<Float>(users: 9, items: 7, factors: 3, seed: 1)
    model.parameters[1] = try Fixtures.matrix("recommender/explicit_q0.npy")
    model.parameters[3] = try Fixtures.matrix("recommender/explicit_c0.npy")
    try model.fitALS(ratings, regularization: 0.05, iterations: 2)
    let expected = try Fixtures.matrix("recommender/explicit_biases_p.npy", as: Float.self)
    #expect(model.parameters[0].isApproximatelyEqual(to: expected, tolerance: 1e-3))
  }

  @Test func identicalForAnyThreadCountAndDeterministicForASeed() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 300, items: 120, rank: 4, density: 0.1, noise: 0.1, seed: 21)
    let ratings = try Ratings(data.ratings, users: 300, items: 120)
    func fit(threads: Int?, seed: UInt64) throws -> MatrixFactorization<Double> {
      var model = MatrixFactorization<Double>(users: 300, items: 120, factors: 5, seed: seed)
      try model.fitALS(ratings, regularization: 0.01, iterations: 3, threads: threads)
      return model
    }
    let one = try fit(threads: 1, seed: 3)
    let all = try fit(threads: nil, seed: 3)
    #expect(one.parameters == all.parameters, "seed 3: threads 1 and all cores differ")
    #expect(try fit(threads: 2, seed: 3).parameters == one.parameters)
    #expect(try fit(threads: nil, seed: 4).parameters != one.parameters)
  }

  @Test func converges_andValidationIsRecorded() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 200, items: 100, rank: 3, density: 0.3, noise: 0.1, seed: 5)
    let all = try Ratings(data.ratings, users: 200, items: 100)
    let (training, heldOut) = try all.randomSplit(heldOutFraction: 0.2, seed: 6)
    var model = MatrixFactorization<Double>(users: 200, items: 100, factors: 3, seed: 7)
    var calls = 0
    let history = try model.fitALS(training, regularization: 0.001, iterations: 8, validation: heldOut) { iteration, _, validation in
      calls += 1
      #expect(iteration == calls && validation != nil)
    }
    #expect(calls == 8 && history.validationRMSE.count == 8)
    // ALS never increases its objective; the training RMSE follows it closely at this λ.
    #expect(history.trainingRMSE.last! <= history.trainingRMSE.first!)
    #expect(history.validationRMSE.last! < 0.13, "held-out RMSE \(history.validationRMSE.last!), seed 5")
  }

  @Test func selectRegularizationKeepsTheBestOfTheGrid() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 150, items: 80, rank: 3, density: 0.25, noise: 0.1, seed: 8)
    let ratings = try Ratings(data.ratings, users: 150, items: 80)
    let selection = try MatrixFactorization<Double>.selectRegularization(ratings, factors: 3, grid: [3, 0.001, 0.3], iterations: 5, seed: 9)
    #expect(selection.grid == [3, 0.001, 0.3] && selection.validationRMSE.count == 3)
    let best = selection.validationRMSE.indices.min { selection.validationRMSE[$0] < selection.validationRMSE[$1] }!
    #expect(selection.regularization == selection.grid[best], "\(selection.validationRMSE)")
    // λ = 3 (a ridge of 3 per rating) shrinks everything towards the mean: worst of the three.
    #expect(selection.validationRMSE[0] == selection.validationRMSE.max()!, "\(selection.validationRMSE)")
    // The reported errors are those of a model refit the same way.
    let (training, validation) = try ratings.randomSplit(heldOutFraction: 0.1, seed: 9)
    var model = MatrixFactorization<Double>(users: 150, items: 80, factors: 3, seed: 10)
    try model.fitALS(training, regularization: 0.3, iterations: 5)
    #expect(try model.rootMeanSquaredError(validation) == selection.validationRMSE[2])
    for (grid, fraction) in [([Double](), 0.1), ([0.1, -1], 0.1), ([0.1], 0), ([0.1], 1)] {
      #expect(thrownError { _ = try MatrixFactorization<Double>.selectRegularization(ratings, factors: 3, grid: grid, validationFraction: fraction) } != nil)
    }
    let tiny = try Ratings([Rating(user: 0, item: 0, value: 1.0)], users: 1, items: 1)
    #expect(thrownError { _ = try MatrixFactorization<Double>.selectRegularization(tiny, factors: 1) }?.description.contains("give more ratings") == true)
  }

  @Test func badInputThrows() throws {
    var model = MatrixFactorization<Double>(users: 3, items: 2, factors: 2, seed: 1)
    let ratings = try Ratings([Rating(user: 0, item: 0, value: 1.0), Rating(user: 1, item: 1, value: 2)], users: 3, items: 2)
    #expect(thrownError { try model.fitALS(try Ratings([Rating(user: 0, item: 0, value: 1.0)], users: 4, items: 2)) }?.description.contains("4 users × 2 items, the model 3 × 2") == true)
    #expect(thrownError { try model.fitALS(try Ratings<Double>([], users: 3, items: 2)) }?.description.contains("no ratings") == true)
    #expect(thrownError { try model.fitALS(ratings, iterations: 0) } != nil)
    #expect(thrownError { try model.fitALS(ratings, regularization: -1) } != nil)
    #expect(thrownError { try model.fitALS(ratings, regularization: .nan) } != nil)
    // λ = 0 with one rating for three unknowns: singular, named.
    #expect(thrownError { try model.fitALS(ratings, regularization: 0) }?.description.contains("user 0 are singular") == true)
    #expect(thrownError { try model.fitALS(ratings, validation: try Ratings([Rating(user: 0, item: 0, value: 1.0)], users: 3, items: 3)) } != nil)
    #expect(thrownError { _ = try model.rootMeanSquaredError(try Ratings<Double>([], users: 3, items: 2)) } != nil)
  }
}
