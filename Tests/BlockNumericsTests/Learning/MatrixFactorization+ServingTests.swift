import Testing
@testable import BlockNumerics

@Suite struct MatrixFactorizationServingTests {
  func model<Scalar: BLASScalar>(_: Scalar.Type, users: Int = 7, items: Int = 300, factors: Int = 5) -> MatrixFactorization<Scalar> {
    var model = MatrixFactorization<Scalar>(users: users, items: items, factors: factors, initialScale: 1, seed: 11)
    model.parameters[2] = Matrix.randomNormal(rows: users, columns: 1, seed: 12)
    model.parameters[3] = Matrix.randomNormal(rows: items, columns: 1, seed: 13)
    model.globalMean = 3
    return model
  }

  @Test(arguments: [false, true]) func recommendationsAreTheBruteForceTopScores(single: Bool) throws {
    if single { try check(Float.self) } else { try check(Double.self) }
    func check<Scalar: BLASScalar>(_: Scalar.Type) throws {
      let m = model(Scalar.self)
      let rated = try Ratings((0..<7).flatMap { u in (0..<40).map { Rating(user: u, item: (u * 37 + $0 * 7) % 300, value: Scalar(1)) } }, users: 7, items: 300)
      let scores = try m.scores(forUsers: [3, 0])
      for (row, user) in [3, 0].enumerated() {
        for item in 0..<300 {
          let expected = m.predict(user: user, item: item)
          #expect(abs(scores[row, item] - expected) <= 1e-4 * max(1, abs(expected)), "user \(user) item \(item)")
        }
      }
      let batch = try m.recommendations(forUsers: Array(0..<7), count: 10, excludingRated: rated, threads: 2)
      for user in 0..<7 {
        let excluded = Set(rated.userItems[rated.entries(ofUser: user)])
        let brute = (0..<300).filter { !excluded.contains($0) }.sorted {
          let (a, b) = (m.predict(user: user, item: $0), m.predict(user: user, item: $1))
          return a > b || (a == b && $0 < $1)
        }
        let single = try m.recommendations(for: user, count: 10, excludingRated: rated)
        #expect(single == batch[user], "user \(user)")
        // BLAS and the scalar predictor may round the last bit differently: compare the sets of the top 9.
        #expect(Set(single.prefix(9).map(\.item)) == Set(brute.prefix(9)) || single.map(\.item) == Array(brute.prefix(10)), "user \(user)")
        #expect(zip(single, single.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(single.allSatisfy { !excluded.contains($0.item) })
      }
      #expect(try m.recommendations(for: 1, count: 0).isEmpty)
      #expect(try m.recommendations(for: 1, count: 1000).count == 300)
    }
  }

  @Test func tiesGoToTheLowerItemAndNaNIsSkipped() throws {
    var m = MatrixFactorization<Double>(users: 1, items: 4, factors: 1, seed: 0)
    m.parameters[0] = try Matrix(rows: 1, columns: 1, elements: [1])
    m.parameters[1] = try Matrix(rows: 4, columns: 1, elements: [2, 5, 5, 1])
    #expect(try m.recommendations(for: 0, count: 3).map(\.item) == [1, 2, 0])
    let scores: [Double] = [1, .nan, 3]
    #expect(scores.withUnsafeBufferPointer { _topScores($0, count: 3, excluding: []) }.map(\.item) == [2, 0])
  }

  @Test func similarItemsRankByCosine() throws {
    var m = MatrixFactorization<Double>(users: 1, items: 5, factors: 2, seed: 0)
    m.parameters[1] = try Matrix([[1, 0], [2, 0.1], [0, 1], [-1, 0], [0, 0]])
    let similar = try m.similarItems(to: 0, count: 4)
    #expect(similar.map(\.item) == [1, 2, 4, 3])
    #expect(abs(similar[0].score - 2 / (4.01).squareRoot()) < 1e-15 && similar[1].score == 0 && similar[3].score == -1)
    #expect(try m.similarItems(to: 4, count: 2).allSatisfy { $0.score == 0 })
    #expect(thrownError { _ = try m.similarItems(to: 5, count: 1) }?.description.contains("item 5 is outside 0..<5") == true)
    #expect(thrownError { _ = try m.similarItems(to: 0, count: -1) } != nil)
  }

  @Test func badRequestsThrow() throws {
    let m = model(Double.self)
    #expect(thrownError { _ = try m.recommendations(for: 7, count: 3) }?.description.contains("user 7 is outside 0..<7") == true)
    #expect(thrownError { _ = try m.recommendations(for: 0, count: -1) }?.description.contains("count must be non-negative") == true)
    #expect(thrownError { _ = try m.scores(forUsers: [-1]) } != nil)
    let wrong = try Ratings([Rating(user: 0, item: 0, value: 1.0)], users: 7, items: 301)
    #expect(thrownError { _ = try m.recommendations(for: 0, count: 3, excludingRated: wrong) }?.description.contains("7 users × 301 items") == true)
  }
}
