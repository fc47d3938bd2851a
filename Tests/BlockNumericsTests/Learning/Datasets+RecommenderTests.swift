import Testing
@testable import BlockNumerics

@Suite struct DatasetsRecommenderTests {
  @Test func theFactorsAreTheOnesBehindTheRatings() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 80, items: 60, rank: 4, density: 0.3, noise: 0.1, seed: 2)
    let (u, v) = try Datasets.syntheticRatingFactors(users: 80, items: 60, rank: 4, seed: 2, as: Double.self)
    #expect(u.rows == 80 && u.columns == 4 && v.rows == 60)
    var squared = 0.0
    for rating in data.ratings {
      let truth = (0..<4).reduce(0.0) { $0 + u[rating.user, $1] * v[rating.item, $1] }
      squared += (rating.value - truth) * (rating.value - truth)
    }
    let residual = (squared / Double(data.ratings.count)).squareRoot()
    #expect(abs(residual - 0.1) < 0.01, "residual \(residual) should be the noise 0.1, seed 2")
    #expect(thrownError { _ = try Datasets.syntheticRatingFactors(users: 1, items: 1, rank: 0, seed: 0) } != nil)
  }

  @Test func interactionsAreSeededWithTheRequestedDensity() throws {
    let a: Ratings<Double> = try Datasets.syntheticInteractions(users: 300, items: 200, density: 0.05, seed: 4)
    let b: Ratings<Double> = try Datasets.syntheticInteractions(users: 300, items: 200, density: 0.05, seed: 4)
    let c: Ratings<Double> = try Datasets.syntheticInteractions(users: 300, items: 200, density: 0.05, seed: 5)
    #expect(a == b && a != c)
    #expect(abs(a.density - 0.05) < 0.005, "density \(a.density)")
    #expect(a.userValues.allSatisfy { $0 >= 1 && $0 == $0.rounded() })
    #expect((0..<300).allSatisfy { !a.entries(ofUser: $0).isEmpty })
    // Popular items (by the model) collect more interactions than the least popular ones.
    let counts = (0..<200).map { a.entries(ofItem: $0).count }.sorted()
    #expect(counts.last! > 4 * Swift.max(1, counts[20]))
    #expect(thrownError { _ = try Datasets.syntheticInteractions(users: 10, items: 10, density: 0, seed: 0, as: Double.self) } != nil)
  }
}
