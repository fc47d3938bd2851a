extension Datasets {
  /// The true factors behind ``syntheticRatings(users:items:rank:density:noise:seed:as:)``
  /// for the same sizes and seed: `U` (`users × rank`) and `V` (`items × rank`), the first
  /// draws of the same stream, so `rating(u, i) − ⟨U_u, V_i⟩` is the noise. An oracle that is
  /// told `V` bounds what any recommender can reach on those ratings.
  /// - Throws: as ``syntheticRatings(users:items:rank:density:noise:seed:as:)`` for bad sizes.
  /// - Complexity: O((users + items) · rank).
  public static func syntheticRatingFactors<Scalar: BLASScalar>(
    users: Int, items: Int, rank: Int, seed: UInt64, as _: Scalar.Type = Double.self
  ) throws -> (u: Matrix<Scalar>, v: Matrix<Scalar>) {
    guard users >= 0, items >= 0, rank >= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: "Datasets.syntheticRatingFactors(users:items:rank:seed:)",
        message: "users and items must be non-negative and rank at least 1, got \(users), \(items), \(rank)")
    }
    // The same draws, in the same order, as syntheticRatings.
    var generator = SeededRandomNumberGenerator(seed: seed)
    let scale = 1 / Double(rank).squareRoot().squareRoot()
    let u = (0..<users * rank).map { _ in Scalar(scale * generator.nextStandardNormal()) }
    let v = (0..<items * rank).map { _ in Scalar(scale * generator.nextStandardNormal()) }
    return (Matrix(_unchecked: users, rank, u), Matrix(_unchecked: items, rank, v))
  }

  /// Synthetic implicit feedback (play counts, clicks) from a low-rank model: each user
  /// interacts with about `density · items` items (at least 1), drawn without replacement
  /// with probability proportional to `exp(⟨U_u, V_i⟩ + b_i)`, where `U` and `V` have
  /// standard normal entries scaled by `rank^(-1/4)·√2` and the item popularity `b_i` is
  /// normal with standard deviation 1; each interaction's value is a count `1 + ⌊E⌋` with
  /// `E` exponential of mean 2. Items are drawn by the Gumbel-top-n trick on scores
  /// computed one block of users at a time by BLAS.
  ///
  /// Everything depends on `seed` alone.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for sizes below
  ///   1, a rank below 1 or a density outside `(0, 1]`.
  /// - Complexity: O(users · items · rank).
  public static func syntheticInteractions<Scalar: BLASScalar>(
    users: Int, items: Int, rank: Int = 16, density: Double, seed: UInt64, as _: Scalar.Type = Double.self
  ) throws -> Ratings<Scalar> {
    guard users >= 1, items >= 1, rank >= 1, density > 0, density <= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: "Datasets.syntheticInteractions(users:items:rank:density:seed:)",
        message: "users, items and rank must be at least 1 and density in (0, 1], got \(users), \(items), \(rank), \(density)")
    }
    var generator = SeededRandomNumberGenerator(seed: seed)
    let scale = 2.0.squareRoot() / Double(rank).squareRoot().squareRoot()
    let u = Matrix<Double>(_unchecked: users, rank, (0..<users * rank).map { _ in scale * generator.nextStandardNormal() })
    let vt = Matrix<Double>(_unchecked: rank, items, (0..<items * rank).map { _ in scale * generator.nextStandardNormal() })
    let popularity = (0..<items).map { _ in generator.nextStandardNormal() }
    let mean = density * Double(items)
    var userIds: [Int] = []
    var itemIds: [Int] = []
    var values: [Scalar] = []
    let blockSize = 512
    var start = 0
    while start < users {
      let end = Swift.min(users, start + blockSize)
      let block = Matrix<Double>(_unchecked: end - start, rank, Array(u.elements[(start * rank)..<(end * rank)]))
      let scores = block * vt
      for row in 0..<(end - start) {
        // A count near density·items: normal approximation of a Poisson, at least 1.
        let wanted = Swift.min(items, Swift.max(1, Int((mean + mean.squareRoot() * generator.nextStandardNormal()).rounded())))
        var keys = [Double](repeating: 0, count: items)
        for item in 0..<items {
          // 1 − unit lies in (0, 1]; the tiny shift keeps the inner logarithm below 0.
          let gumbel = -Double.log(-Double.log((1 - generator.nextUnit(Double.self)) * (1 - 1e-16)))
          keys[item] = scores[row, item] + popularity[item] + gumbel
        }
        let chosen = keys.withUnsafeBufferPointer { _topScores($0, count: wanted, excluding: []) }.map(\.item).sorted()
        for item in chosen {
          userIds.append(start + row)
          itemIds.append(item)
          values.append(Scalar(1 + (-2 * Double.log(1 - generator.nextUnit(Double.self))).rounded(.down)))
        }
      }
      start = end
    }
    return try Ratings(
      _users: userIds, items: itemIds, values: values, userCount: users, itemCount: items,
      operation: "Datasets.syntheticInteractions(users:items:rank:density:seed:)"
    ) { "interaction \($0)" }
  }
}
