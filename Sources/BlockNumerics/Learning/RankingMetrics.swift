/// Metrics of a recommender: rating errors (RMSE, MAE) and the ranking metrics at a cutoff
/// k for one user's list (precision, recall, NDCG, average precision) with binary relevance.
///
/// The definitions are Spark MLlib's `RankingMetrics` (precision divides by k, also when
/// fewer than k items are relevant) and the common ones for the rest: with `rel_j = 1` when
/// the j-th recommended item (from 1) is relevant and `R` the relevant set,
///
///     precision@k = Σ_{j≤k} rel_j / k
///     recall@k    = Σ_{j≤k} rel_j / |R|
///     NDCG@k      = Σ_{j≤k} rel_j / log₂(j + 1)  ÷  Σ_{j≤min(k,|R|)} 1 / log₂(j + 1)
///     AP@k        = Σ_{j≤k} rel_j · precision@j  ÷  min(k, |R|)
///
/// and MAP@k is the mean of AP@k over users. A user with no relevant items is left out of
/// every mean (all four are undefined for them). `implicit`'s `precision_at_k` divides by
/// `min(k, |R|)` instead; ``RankingSummary/precision`` is comparable with it only when every
/// user has at least k relevant items.
public enum RankingMetrics {
  /// precision@k of one list (see ``RankingMetrics``); the list may be shorter than `k`.
  /// `k` below 1 stops with a precondition failure.
  public static func precision(at k: Int, recommended: [Int], relevant: Set<Int>) -> Double {
    precondition(k >= 1, "RankingMetrics.precision(at:): k must be at least 1, got \(k)")
    return Double(recommended.prefix(k).filter(relevant.contains).count) / Double(k)
  }

  /// recall@k of one list: the fraction of `relevant` in its first `k` (0 when `relevant`
  /// is empty).
  public static func recall(at k: Int, recommended: [Int], relevant: Set<Int>) -> Double {
    precondition(k >= 1, "RankingMetrics.recall(at:): k must be at least 1, got \(k)")
    guard !relevant.isEmpty else { return 0 }
    return Double(recommended.prefix(k).filter(relevant.contains).count) / Double(relevant.count)
  }

  /// NDCG@k of one list with binary relevance and the `log₂(j + 1)` discount (0 when
  /// `relevant` is empty).
  public static func normalizedDiscountedCumulativeGain(at k: Int, recommended: [Int], relevant: Set<Int>) -> Double {
    precondition(k >= 1, "RankingMetrics.normalizedDiscountedCumulativeGain(at:): k must be at least 1, got \(k)")
    guard !relevant.isEmpty else { return 0 }
    var gain = 0.0
    for (position, item) in recommended.prefix(k).enumerated() where relevant.contains(item) {
      gain += Double.log(2) / Double.log(Double(position + 2))
    }
    var ideal = 0.0
    for position in 0..<Swift.min(k, relevant.count) { ideal += Double.log(2) / Double.log(Double(position + 2)) }
    return gain / ideal
  }

  /// AP@k of one list: the mean of precision@j over the positions j ≤ k of relevant items,
  /// divided by `min(k, |relevant|)` (0 when `relevant` is empty).
  public static func averagePrecision(at k: Int, recommended: [Int], relevant: Set<Int>) -> Double {
    precondition(k >= 1, "RankingMetrics.averagePrecision(at:): k must be at least 1, got \(k)")
    guard !relevant.isEmpty else { return 0 }
    var hits = 0
    var sum = 0.0
    for (position, item) in recommended.prefix(k).enumerated() where relevant.contains(item) {
      hits += 1
      sum += Double(hits) / Double(position + 1)
    }
    return sum / Double(Swift.min(k, relevant.count))
  }

  /// The root-mean-square error of `predictions` against `targets`.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the lengths
  ///   differ; ``BlockNumericsError/invalidArgument(operation:message:)`` when both are empty.
  public static func rootMeanSquaredError<Scalar: BLASScalar>(_ predictions: [Scalar], _ targets: [Scalar]) throws -> Double {
    try _check(predictions, targets, "RankingMetrics.rootMeanSquaredError(_:_:)")
    return (zip(predictions, targets).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(targets.count)).squareRoot()
  }

  /// The mean absolute error of `predictions` against `targets`.
  /// - Throws: as ``rootMeanSquaredError(_:_:)``.
  public static func meanAbsoluteError<Scalar: BLASScalar>(_ predictions: [Scalar], _ targets: [Scalar]) throws -> Double {
    try _check(predictions, targets, "RankingMetrics.meanAbsoluteError(_:_:)")
    return zip(predictions, targets).reduce(0.0) { $0 + abs(Double($1.0 - $1.1)) } / Double(targets.count)
  }

  static func _check<Scalar>(_ predictions: [Scalar], _ targets: [Scalar], _ operation: String) throws {
    guard predictions.count == targets.count else {
      throw BlockNumericsError.shapeMismatch(operation: operation, message: "\(predictions.count) predictions but \(targets.count) targets")
    }
    guard !targets.isEmpty else { throw BlockNumericsError.invalidArgument(operation: operation, message: "no predictions given") }
  }
}

/// The means of the ranking metrics at one cutoff over the users with held-out items, as
/// ``MatrixFactorization/rankingMetrics(heldOut:excludingRated:at:threads:)`` returns them.
public struct RankingSummary: Sendable, Equatable {
  /// The cutoff k.
  public var cutoff: Int
  /// The number of users averaged over (those with at least one held-out item).
  public var users: Int
  /// Mean precision@k.
  public var precision: Double
  /// Mean recall@k.
  public var recall: Double
  /// Mean NDCG@k.
  public var normalizedDiscountedCumulativeGain: Double
  /// MAP@k, the mean of AP@k.
  public var meanAveragePrecision: Double
}

extension MatrixFactorization {
  /// The mean absolute error of the predictions on `ratings`.
  /// - Throws: as `rootMeanSquaredError(_:)` on ``Ratings``.
  /// - Complexity: O(count · factors).
  public func meanAbsoluteError(_ ratings: Ratings<Scalar>) throws -> Double {
    let operation = "MatrixFactorization.meanAbsoluteError(_:)"
    try _checkShape(ratings, operation, name: "ratings")
    guard ratings.count > 0 else { throw BlockNumericsError.invalidArgument(operation: operation, message: "no ratings given") }
    var sum = 0.0
    for u in 0..<ratings.users {
      for e in ratings.userStarts[u]..<ratings.userStarts[u + 1] {
        sum += abs(Double(_predict(user: u, item: ratings.userItems[e]) - ratings.userValues[e]))
      }
    }
    return sum / Double(ratings.count)
  }

  /// Ranking metrics at cutoff `k` on held-out items: for every user with held-out items,
  /// the top `k` recommendations (leaving out the items the user has in `rated`, usually
  /// the training ratings) are scored against the user's held-out items, all of which count
  /// as relevant whatever their value; the means are over those users (see ``RankingMetrics``).
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` for ratings of
  ///   another shape; ``BlockNumericsError/invalidArgument(operation:message:)`` for `k`
  ///   below 1 or no held-out items.
  /// - Complexity: O(users · items · factors) through batched BLAS products, spread over the cores.
  public func rankingMetrics(heldOut: Ratings<Scalar>, excludingRated rated: Ratings<Scalar>? = nil, at k: Int = 10, threads: Int? = nil) throws -> RankingSummary {
    let operation = "MatrixFactorization.rankingMetrics(heldOut:excludingRated:at:threads:)"
    try _checkShape(heldOut, operation, name: "held-out ratings")
    guard k >= 1 else { throw BlockNumericsError.invalidArgument(operation: operation, message: "k must be at least 1, got \(k)") }
    let evaluated = (0..<users).filter { heldOut.userStarts[$0 + 1] > heldOut.userStarts[$0] }
    guard !evaluated.isEmpty else { throw BlockNumericsError.invalidArgument(operation: operation, message: "no held-out items") }
    let lists = try recommendations(forUsers: evaluated, count: k, excludingRated: rated, threads: threads, operation: operation)
    var summary = RankingSummary(cutoff: k, users: evaluated.count, precision: 0, recall: 0, normalizedDiscountedCumulativeGain: 0, meanAveragePrecision: 0)
    for (user, list) in zip(evaluated, lists) {
      let relevant = Set(heldOut.userItems[heldOut.userStarts[user]..<heldOut.userStarts[user + 1]])
      let recommended = list.map(\.item)
      summary.precision += RankingMetrics.precision(at: k, recommended: recommended, relevant: relevant)
      summary.recall += RankingMetrics.recall(at: k, recommended: recommended, relevant: relevant)
      summary.normalizedDiscountedCumulativeGain += RankingMetrics.normalizedDiscountedCumulativeGain(at: k, recommended: recommended, relevant: relevant)
      summary.meanAveragePrecision += RankingMetrics.averagePrecision(at: k, recommended: recommended, relevant: relevant)
    }
    let n = Double(evaluated.count)
    summary.precision /= n
    summary.recall /= n
    summary.normalizedDiscountedCumulativeGain /= n
    summary.meanAveragePrecision /= n
    return summary
  }
}
