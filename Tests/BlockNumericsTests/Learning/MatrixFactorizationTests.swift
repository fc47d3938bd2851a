import Testing
@testable import BlockNumerics

@Suite struct MatrixFactorizationTests {
  @Test func gradientsMatchCentralDifferences() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 6, items: 5, rank: 2, density: 0.6, noise: 0.1, seed: 1)
    var model = MatrixFactorization<Double>(users: 6, items: 5, factors: 3, initialScale: 0.5, seed: 2)
    model.globalMean = 0.3
    model.parameters[2] = Matrix.random(rows: 6, columns: 1, seed: 3)
    let l2 = 0.05
    let batch = Array(data.ratings.indices)[...]
    func objective(_ m: MatrixFactorization<Double>) -> Double {
      var total = 0.0
      for r in data.ratings {
        let e = m.predict(user: r.user, item: r.item) - r.value
        var norms = 0.0
        for f in 0..<3 { norms += m.parameters[0][r.user, f] * m.parameters[0][r.user, f] + m.parameters[1][r.item, f] * m.parameters[1][r.item, f] }
        total += e * e + l2 * norms
      }
      return total / Double(data.ratings.count)
    }
    var gradients = model.parameters.map { Matrix<Double>(rows: $0.rows, columns: $0.columns) }
    _ = model._gradients(data.ratings, batch: batch, l2: l2, into: &gradients)
    let h = 1e-6
    for slot in 0..<4 {
      for e in 0..<model.parameters[slot].count {
        var plus = model
        var minus = model
        plus.parameters[slot].withUnsafeMutableBufferPointer { $0[e] += h }
        minus.parameters[slot].withUnsafeMutableBufferPointer { $0[e] -= h }
        let numeric = (objective(plus) - objective(minus)) / (2 * h)
        #expect(abs(numeric - gradients[slot].elements[e]) < 1e-7, "slot \(slot) entry \(e)")
      }
    }
  }

  @Test func heldOutErrorApproachesTheNoise() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 120, items: 80, rank: 3, density: 0.5, noise: 0.1, seed: 4)
    let (training, heldOut) = data.split(heldOutFraction: 0.2, seed: 5)
    var model = MatrixFactorization<Double>(users: 120, items: 80, factors: 3, seed: 6)
    let before = try model.rootMeanSquaredError(heldOut)
    let history = try model.fit(training, optimizer: FixedStepDescent(rate: 0.5), epochs: 200, batchSize: 64, l2: 1e-3, seed: 7, validation: heldOut)
    let after = try model.rootMeanSquaredError(heldOut)
    #expect(history.validationRMSE.count == 200 && history.validationRMSE.last == after)
    #expect(after < 0.5 * before && after < 0.2, "held-out RMSE \(before) → \(after)")
  }

  @Test func badRatingsThrow() {
    var model = MatrixFactorization<Double>(users: 3, items: 2, factors: 2, seed: 1)
    let error = thrownError { try model.fit([Rating(user: 3, item: 0, value: 1)], optimizer: FixedStepDescent(rate: 0.1), epochs: 1) }
    #expect(error?.description.contains("user 3") == true, "\(String(describing: error))")
    #expect(thrownError { _ = try model.rootMeanSquaredError([]) } != nil)
  }
}
