extension Ratings {
  /// A seeded random split: each entry goes to `heldOut` with probability `heldOutFraction`,
  /// independently (as `implicit.evaluation.train_test_split` and a Bernoulli mask do).
  /// Both halves keep the full shape, so a model trained on one scores the other.
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for a fraction
  ///   outside `[0, 1]`.
  /// - Complexity: O(count + users + items); the result depends on `seed` alone.
  public func randomSplit(heldOutFraction: Double, seed: UInt64) throws -> (training: Ratings, heldOut: Ratings) {
    guard heldOutFraction >= 0, heldOutFraction <= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: "Ratings.randomSplit(heldOutFraction:seed:)", message: "heldOutFraction must be in [0, 1], got \(heldOutFraction)")
    }
    var generator = SeededRandomNumberGenerator(seed: seed)
    var training: [Int] = []
    var heldOut: [Int] = []
    for k in 0..<count {
      if generator.nextUnit(Double.self) < heldOutFraction { heldOut.append(k) } else { training.append(k) }
    }
    return (_subset(training), _subset(heldOut))
  }

  /// A seeded per-user leave-k-out split: for every user with more than `perUser` entries,
  /// `perUser` of them, chosen uniformly at random, go to `heldOut`; users with `perUser` or
  /// fewer entries keep them all in `training`, so every held-out user also has training data.
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for `perUser` below 1.
  /// - Complexity: O(count + users + items); the result depends on `seed` alone.
  public func leaveOut(perUser: Int, seed: UInt64) throws -> (training: Ratings, heldOut: Ratings) {
    guard perUser >= 1 else {
      throw BlockNumericsError.invalidArgument(operation: "Ratings.leaveOut(perUser:seed:)", message: "perUser must be at least 1, got \(perUser)")
    }
    var generator = SeededRandomNumberGenerator(seed: seed)
    var training: [Int] = []
    var heldOut: [Int] = []
    training.reserveCapacity(count)
    var chosen = [Bool]()
    for u in 0..<users {
      let range = userStarts[u]..<userStarts[u + 1]
      guard range.count > perUser else {
        training.append(contentsOf: range)
        continue
      }
      // Floyd's algorithm: `perUser` distinct positions out of the user's entries.
      chosen = [Bool](repeating: false, count: range.count)
      for j in (range.count - perUser)..<range.count {
        let t = Int(generator.next() % UInt64(j + 1))
        if chosen[t] { chosen[j] = true } else { chosen[t] = true }
      }
      for (offset, k) in range.enumerated() {
        if chosen[offset] { heldOut.append(k) } else { training.append(k) }
      }
    }
    return (_subset(training), _subset(heldOut))
  }
}
