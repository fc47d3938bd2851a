/// One recommended item and its score.
public struct Recommendation<Scalar: BLASScalar>: Sendable, Hashable {
  /// The item's index.
  public var item: Int
  /// The model's score: the predicted rating, a preference score or a cosine similarity.
  public var score: Scalar

  /// A recommendation.
  public init(item: Int, score: Scalar) {
    self.item = item
    self.score = score
  }
}

extension MatrixFactorization {
  /// The predicted ratings of `users` for every item, one row per user
  /// (`users.count × items`): one BLAS product `P_users·Qᵀ` plus `μ + b_u + c_i`.
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` naming a user
  ///   outside the model.
  /// - Complexity: O(users.count · items · factors).
  public func scores(forUsers users: [Int]) throws -> Matrix<Scalar> {
    try _checkUsers(users, "MatrixFactorization.scores(forUsers:)")
    var result = Matrix<Scalar>(rows: users.count, columns: items)
    result.withUnsafeMutableBufferPointer { output in
      _score(users[...], into: output.baseAddress)
    }
    return result
  }

  /// The `count` items with the highest predicted scores for `user`, best first (ties by
  /// lower item index), as `implicit`'s `recommend` and Spark's `recommendForUserSubset` give.
  ///
  /// - Parameters:
  ///   - user: the user's index.
  ///   - count: how many items at most (fewer when fewer items are left).
  ///   - rated: when given, the items `user` has in these ratings (usually the training
  ///     ratings) are left out, as `filter_already_liked_items` does.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for a user outside
  ///   the model or a negative count; ``BlockNumericsError/shapeMismatch(operation:message:)``
  ///   when `rated` has another shape.
  /// - Complexity: O(items · (factors + log count)).
  public func recommendations(for user: Int, count: Int, excludingRated rated: Ratings<Scalar>? = nil) throws -> [Recommendation<Scalar>] {
    try recommendations(forUsers: [user], count: count, excludingRated: rated, operation: "MatrixFactorization.recommendations(for:count:excludingRated:)")[0]
  }

  /// ``recommendations(for:count:excludingRated:)`` for many users at once: users are
  /// scored in blocks, one BLAS product per block, blocks in parallel on up to `threads`
  /// cores (`nil`: all).
  /// - Throws: as ``recommendations(for:count:excludingRated:)``.
  /// - Complexity: O(users.count · items · (factors + log count)), spread over the cores.
  public func recommendations(
    forUsers users: [Int], count: Int, excludingRated rated: Ratings<Scalar>? = nil, threads: Int? = nil
  ) throws -> [[Recommendation<Scalar>]] {
    try recommendations(
      forUsers: users, count: count, excludingRated: rated, threads: threads,
      operation: "MatrixFactorization.recommendations(forUsers:count:excludingRated:threads:)")
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func recommendations(
    forUsers users: [Int], count: Int, excludingRated rated: Ratings<Scalar>?, threads: Int? = nil, operation: String
  ) throws -> [[Recommendation<Scalar>]] {
    try _checkUsers(users, operation)
    guard count >= 0 else { throw BlockNumericsError.invalidArgument(operation: operation, message: "count must be non-negative, got \(count)") }
    if let rated { try _checkShape(rated, operation, name: "rated items") }
    let blockSize = 256
    let blocks = (users.count + blockSize - 1) / blockSize
    var results = [[Recommendation<Scalar>]](repeating: [], count: users.count)
    results.withUnsafeMutableBufferPointer { output in
      let output = UnsafeSendablePointer(output._viewBase)
      let model = self
      RecommenderKernels.forEachChunk(count: blocks, threads: threads) { range in
        var scores = [Scalar](repeating: 0, count: Swift.min(blockSize, users.count) * model.items)
        for block in range {
          let chosen = users[(block * blockSize)..<Swift.min(users.count, (block + 1) * blockSize)]
          scores.withUnsafeMutableBufferPointer { model._score(chosen, into: $0.baseAddress) }
          for (offset, user) in chosen.enumerated() {
            let row = scores.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[(offset * model.items)..<((offset + 1) * model.items)]) }
            var excluded: ArraySlice<Int> = []
            if let rated { excluded = rated.userItems[rated.userStarts[user]..<rated.userStarts[user + 1]] }
            (output.base + chosen.startIndex + offset).pointee = _topScores(row, count: count, excluding: excluded)
          }
        }
      }
    }
    return results
  }

  /// The `count` items most similar to `item` by the cosine of their embeddings, most
  /// similar first, `item` itself left out (as `implicit`'s `similar_items` ranks, there
  /// with the item itself first). An item with a zero embedding has similarity 0 to all.
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for an item
  ///   outside the model or a negative count.
  /// - Complexity: O(items · (factors + log count)): one BLAS matrix–vector product.
  public func similarItems(to item: Int, count: Int) throws -> [Recommendation<Scalar>] {
    let operation = "MatrixFactorization.similarItems(to:count:)"
    guard item >= 0, item < items else {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "item \(item) is outside 0..<\(items)")
    }
    guard count >= 0 else { throw BlockNumericsError.invalidArgument(operation: operation, message: "count must be non-negative, got \(count)") }
    let k = factors
    var dots = [Scalar](repeating: 0, count: items)
    var norms = [Scalar](repeating: 0, count: items)
    parameters[1].withUnsafeBufferPointer { q in
      dots.withUnsafeMutableBufferPointer { dots in
        Scalar.gemv(
          transpose: false, rows: Int32(items), columns: Int32(k), alpha: 1, a: q.baseAddress!, lda: Int32(k),
          x: q.baseAddress! + item * k, incrementX: 1, beta: 0, y: dots.baseAddress!, incrementY: 1)
      }
      for i in 0..<items { norms[i] = RecommenderKernels.dot(q.baseAddress! + i * k, q.baseAddress! + i * k, k).squareRoot() }
    }
    let own = norms[item]
    for i in 0..<items { dots[i] = own > 0 && norms[i] > 0 ? dots[i] / (own * norms[i]) : 0 }
    return dots.withUnsafeBufferPointer { _topScores($0, count: count, excluding: [item]) }
  }

  /// Writes the score rows of `chosen` users (each `items` long) at `output`: `P·Qᵀ` by one
  /// BLAS call, then the offsets and biases.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _score(_ chosen: ArraySlice<Int>, into output: UnsafeMutablePointer<Scalar>?) {
    guard let output, !chosen.isEmpty, items > 0 else { return }
    let k = factors
    var block = [Scalar](repeating: 0, count: chosen.count * k)
    parameters[0].withUnsafeBufferPointer { p in
      for (row, user) in chosen.enumerated() {
        for f in 0..<k { block[row * k + f] = p[user * k + f] }
      }
    }
    block.withUnsafeBufferPointer { a in
      parameters[1].withUnsafeBufferPointer { q in
        Scalar.gemm(
          transposeA: false, transposeB: true, m: Int32(chosen.count), n: Int32(items), k: Int32(k), alpha: 1,
          a: a.baseAddress!, lda: Int32(k), b: q.baseAddress!, ldb: Int32(k), beta: 0, c: output, ldc: Int32(items))
      }
    }
    parameters[2].withUnsafeBufferPointer { b in
      parameters[3].withUnsafeBufferPointer { c in
        for (row, user) in chosen.enumerated() {
          let offset = globalMean + b[user]
          for i in 0..<items { output[row * items + i] += offset + c[i] }
        }
      }
    }
  }

  func _checkUsers(_ users: [Int], _ operation: String) throws {
    if let bad = users.first(where: { $0 < 0 || $0 >= self.users }) {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "user \(bad) is outside 0..<\(self.users)")
    }
  }
}

/// The `count` highest entries of `scores` as (index, score), highest first, ties by lower
/// index, skipping the indices in `excluded` (sorted ascending); a min-heap of `count`
/// entries, so O(n·log count).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func _topScores<Scalar: BLASScalar>(_ scores: UnsafeBufferPointer<Scalar>, count: Int, excluding excluded: ArraySlice<Int>) -> [Recommendation<Scalar>] {
  guard count > 0 else { return [] }
  // `worse(a, b)`: a ranks below b.
  @inline(__always) func worse(_ a: Recommendation<Scalar>, _ b: Recommendation<Scalar>) -> Bool {
    a.score < b.score || (a.score == b.score && a.item > b.item)
  }
  var heap: [Recommendation<Scalar>] = []
  heap.reserveCapacity(count)
  var skip = excluded.startIndex
  for index in scores.indices {
    while skip < excluded.endIndex && excluded[skip] < index { skip += 1 }
    if skip < excluded.endIndex && excluded[skip] == index { continue }
    let candidate = Recommendation(item: index, score: scores[index])
    guard !candidate.score.isNaN else { continue }
    if heap.count < count {
      heap.append(candidate)
      var child = heap.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        guard worse(heap[child], heap[parent]) else { break }
        heap.swapAt(child, parent)
        child = parent
      }
    } else if worse(heap[0], candidate) {
      heap[0] = candidate
      var parent = 0
      while true {
        let (left, right) = (2 * parent + 1, 2 * parent + 2)
        var smallest = parent
        if left < heap.count && worse(heap[left], heap[smallest]) { smallest = left }
        if right < heap.count && worse(heap[right], heap[smallest]) { smallest = right }
        guard smallest != parent else { break }
        heap.swapAt(parent, smallest)
        parent = smallest
      }
    }
  }
  return heap.sorted { worse($1, $0) }
}
