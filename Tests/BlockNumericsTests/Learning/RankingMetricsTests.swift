import Foundation
import Testing
@testable import BlockNumerics

@Suite struct RankingMetricsTests {
  // Recommended [3, 1, 7, 2, 9], relevant {1, 2, 8}: hits at positions 2 and 4.
  let recommended = [3, 1, 7, 2, 9]
  let relevant: Set<Int> = [1, 2, 8]

  @Test func listMetricsMatchHandComputedValues() {
    #expect(RankingMetrics.precision(at: 5, recommended: recommended, relevant: relevant) == 2.0 / 5)
    #expect(RankingMetrics.precision(at: 2, recommended: recommended, relevant: relevant) == 1.0 / 2)
    // Spark's precision divides by k even past the list's end.
    #expect(RankingMetrics.precision(at: 10, recommended: recommended, relevant: relevant) == 2.0 / 10)
    #expect(RankingMetrics.recall(at: 5, recommended: recommended, relevant: relevant) == 2.0 / 3)
    #expect(RankingMetrics.recall(at: 3, recommended: recommended, relevant: relevant) == 1.0 / 3)
    // DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3) + 1/log2(4).
    let ndcg = (1 / log2(3.0) + 1 / log2(5.0)) / (1 + 1 / log2(3.0) + 0.5)
    #expect(abs(RankingMetrics.normalizedDiscountedCumulativeGain(at: 5, recommended: recommended, relevant: relevant) - ndcg) < 1e-15)
    // Ideal DCG at k = 2 counts two relevant positions.
    let ndcg2 = (1 / log2(3.0)) / (1 + 1 / log2(3.0))
    #expect(abs(RankingMetrics.normalizedDiscountedCumulativeGain(at: 2, recommended: recommended, relevant: relevant) - ndcg2) < 1e-15)
    // AP@5 = (1/2 + 2/4) / min(5, 3).
    #expect(abs(RankingMetrics.averagePrecision(at: 5, recommended: recommended, relevant: relevant) - (0.5 + 0.5) / 3) < 1e-15)
    #expect(abs(RankingMetrics.averagePrecision(at: 2, recommended: recommended, relevant: relevant) - 0.5 / 2) < 1e-15)
    #expect(RankingMetrics.averagePrecision(at: 5, recommended: [1, 2, 8], relevant: relevant) == 1)
    #expect(RankingMetrics.normalizedDiscountedCumulativeGain(at: 3, recommended: [8, 2, 1], relevant: relevant) == 1)
    for metric in [RankingMetrics.recall, RankingMetrics.normalizedDiscountedCumulativeGain, RankingMetrics.averagePrecision] {
      #expect(metric(3, recommended, []) == 0)
    }
  }

  @Test func ratingErrorsMatchHandComputedValues() throws {
    let predictions: [Double] = [1, 2, 4]
    let targets: [Double] = [1, 3, 2]
    #expect(try RankingMetrics.rootMeanSquaredError(predictions, targets) == (5.0 / 3).squareRoot())
    #expect(try RankingMetrics.meanAbsoluteError(predictions, targets) == 1)
    #expect(thrownError { _ = try RankingMetrics.rootMeanSquaredError([1.0], [1, 2]) }?.description.contains("1 predictions but 2 targets") == true)
    #expect(thrownError { _ = try RankingMetrics.meanAbsoluteError([Double](), []) }?.description.contains("no predictions") == true)
  }

  @Test func modelMetricsAverageOverUsersWithHeldOutItems() throws {
    // 3 users × 5 items; scores ⟨P_u, Q_i⟩ with one factor: item scores 5, 4, 3, 2, 1 for every user.
    var model = MatrixFactorization<Double>(users: 3, items: 5, factors: 1, seed: 0)
    model.parameters[0] = try Matrix(rows: 3, columns: 1, elements: [1, 1, 1])
    model.parameters[1] = try Matrix(rows: 5, columns: 1, elements: [5, 4, 3, 2, 1])
    let training = try Ratings([Rating(user: 0, item: 0, value: 1.0)], users: 3, items: 5)
    // User 0: item 0 rated, so the top 2 are items 1, 2; relevant {2, 4}. User 1: top 0, 1; relevant {1}. User 2: none held out.
    let heldOut = try Ratings([Rating(user: 0, item: 2, value: 1.0), Rating(user: 0, item: 4, value: 1), Rating(user: 1, item: 1, value: 1)], users: 3, items: 5)
    let summary = try model.rankingMetrics(heldOut: heldOut, excludingRated: training, at: 2)
    #expect(summary.users == 2 && summary.cutoff == 2)
    #expect(summary.precision == (0.5 + 0.5) / 2)
    #expect(summary.recall == (0.5 + 1) / 2)
    #expect(abs(summary.meanAveragePrecision - ((0.5 / 2) + (0.5 / 1)) / 2) < 1e-15)
    let ndcgUser0 = (1 / log2(3.0)) / (1 + 1 / log2(3.0))
    let ndcgUser1 = (1 / log2(3.0)) / 1
    #expect(abs(summary.normalizedDiscountedCumulativeGain - (ndcgUser0 + ndcgUser1) / 2) < 1e-15)
    #expect(thrownError { _ = try model.rankingMetrics(heldOut: training, at: 0) }?.description.contains("k must be at least 1") == true)
    let empty = try Ratings<Double>([], users: 3, items: 5)
    #expect(thrownError { _ = try model.rankingMetrics(heldOut: empty) }?.description.contains("no held-out items") == true)
    let wrongShape = try Ratings([Rating(user: 0, item: 0, value: 1.0)], users: 4, items: 5)
    #expect(thrownError { _ = try model.rankingMetrics(heldOut: wrongShape) }?.description.contains("4 users × 5 items, the model 3 × 5") == true)
    // MAE of the model on explicit ratings: predictions 5 and 3 against 4 and 4.
    let explicit = try Ratings([Rating(user: 0, item: 0, value: 4.0), Rating(user: 1, item: 2, value: 4)], users: 3, items: 5)
    #expect(try model.meanAbsoluteError(explicit) == 1)
    #expect(try model.rootMeanSquaredError(explicit) == 1)
  }
}
