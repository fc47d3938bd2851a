/// Observed (user, item, value) triples indexed both ways: by user and by item, as two
/// compressed sparse row (CSR) layouts of the same `users × items` matrix, the layout
/// alternating-least-squares solvers need (Spark MLlib's ALS and the `implicit` library
/// keep the same pair).
///
/// ```
///  triples (user, item, value): (0,1,5) (0,3,2) (2,0,4)       users = 3, items = 4
///
///  by user:  userStarts  [0, 2, 2, 3]       user u's entries are userStarts[u]..<userStarts[u+1]
///            userItems   [1, 3, 0]           items sorted within each user
///            userValues  [5, 2, 4]
///  by item:  itemStarts  [0, 1, 2, 2, 3]     item i's entries are itemStarts[i]..<itemStarts[i+1]
///            itemUsers   [2, 0, 0]           users sorted within each item
///            itemValues  [4, 5, 2]
/// ```
///
/// A value is built once and never changes; every (user, item) pair occurs at most once.
/// Building refuses negative or out-of-range ids, repeated pairs and non-finite values with
/// a ``BlockNumericsError`` that names the triple (or the file's line).
public struct Ratings<Scalar: BLASScalar>: Sendable, Equatable {
  /// The number of users (rows); every user id is below it.
  public let users: Int
  /// The number of items (columns); every item id is below it.
  public let items: Int
  /// `users + 1` offsets into ``userItems`` and ``userValues``.
  public let userStarts: [Int]
  /// The item of each entry, user by user, ascending within a user.
  public let userItems: [Int]
  /// The value of each entry, in the order of ``userItems``.
  public let userValues: [Scalar]
  /// `items + 1` offsets into ``itemUsers`` and ``itemValues``.
  public let itemStarts: [Int]
  /// The user of each entry, item by item, ascending within an item.
  public let itemUsers: [Int]
  /// The value of each entry, in the order of ``itemUsers``.
  public let itemValues: [Scalar]

  /// The number of stored triples.
  public var count: Int { userItems.count }

  /// The fraction of the `users × items` pairs that are stored (0 for an empty shape).
  public var density: Double { users == 0 || items == 0 ? 0 : Double(count) / (Double(users) * Double(items)) }

  /// Ratings from triples.
  ///
  /// - Parameters:
  ///   - triples: the observed ratings, in any order.
  ///   - users: the number of users; `nil` takes the largest user id + 1.
  ///   - items: the number of items; `nil` takes the largest item id + 1.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` naming the first
  ///   triple with a negative id or an id at or above `users`/`items`, and the first triple
  ///   that repeats an earlier (user, item) pair (naming both);
  ///   ``BlockNumericsError/nonFiniteValue(operation:message:)`` naming a NaN or infinite value.
  /// - Complexity: O(triples + users + items): two stable counting sorts.
  public init(_ triples: [Rating<Scalar>], users: Int? = nil, items: Int? = nil) throws {
    try self.init(
      _users: triples.map(\.user), items: triples.map(\.item), values: triples.map(\.value), userCount: users,
      itemCount: items, operation: "Ratings(_:users:items:)"
    ) { "triple \($0)" }
  }

  /// Builds the two layouts; `location(k)` names the k-th input (a triple or a file line).
  init(
    _users user: [Int], items item: [Int], values value: [Scalar], userCount: Int?, itemCount: Int?, operation: String,
    location: (Int) -> String
  ) throws {
    let count = user.count
    func triple(_ k: Int) -> String { "\(location(k)) (user \(user[k]), item \(item[k]), value \(value[k]))" }
    if let userCount, userCount < 0 {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "users must be non-negative, got \(userCount)")
    }
    if let itemCount, itemCount < 0 {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "items must be non-negative, got \(itemCount)")
    }
    for k in 0..<count {
      guard user[k] >= 0, item[k] >= 0 else {
        throw BlockNumericsError.invalidArgument(operation: operation, message: "\(triple(k)) has a negative id")
      }
      if let userCount, user[k] >= userCount {
        throw BlockNumericsError.invalidArgument(
          operation: operation, message: "\(triple(k)) has a user id outside 0..<\(userCount)")
      }
      if let itemCount, item[k] >= itemCount {
        throw BlockNumericsError.invalidArgument(
          operation: operation, message: "\(triple(k)) has an item id outside 0..<\(itemCount)")
      }
      guard value[k].isFinite else {
        throw BlockNumericsError.nonFiniteValue(operation: operation, message: "\(triple(k)) is not finite")
      }
    }
    let users = userCount ?? (user.max().map { $0 + 1 } ?? 0)
    let items = itemCount ?? (item.max().map { $0 + 1 } ?? 0)
    // Stable counting sort by item, then by user: entries end up user-major with items
    // ascending, and a repeated pair lands next to its first occurrence.
    let byItem = Self._countingOrder(keys: item, order: Array(0..<count), buckets: items).order
    let (byUser, userStarts) = Self._countingOrder(keys: user, order: byItem, buckets: users)
    for position in Swift.min(1, count)..<count {
      let (a, b) = (byUser[position - 1], byUser[position])
      if user[a] == user[b] && item[a] == item[b] {
        let (first, second) = (Swift.min(a, b), Swift.max(a, b))
        throw BlockNumericsError.invalidArgument(
          operation: operation, message: "\(triple(second)) repeats the (user, item) pair of \(location(first))")
      }
    }
    let (itemOrder, itemStarts) = Self._countingOrder(keys: item, order: byUser, buckets: items)
    self.users = users
    self.items = items
    self.userStarts = userStarts
    self.userItems = byUser.map { item[$0] }
    self.userValues = byUser.map { value[$0] }
    self.itemStarts = itemStarts
    self.itemUsers = itemOrder.map { user[$0] }
    self.itemValues = itemOrder.map { value[$0] }
    _checkInvariants()
  }

  /// `order` stably sorted by `keys[order[k]]` (all in `0..<buckets`), and the bucket starts.
  static func _countingOrder(keys: [Int], order: [Int], buckets: Int) -> (order: [Int], starts: [Int]) {
    var starts = [Int](repeating: 0, count: buckets + 1)
    for k in order { starts[keys[k] + 1] += 1 }
    for b in 0..<buckets { starts[b + 1] += starts[b] }
    var next = starts
    var sorted = [Int](repeating: 0, count: order.count)
    for k in order {
      sorted[next[keys[k]]] = k
      next[keys[k]] += 1
    }
    return (sorted, starts)
  }

  /// Checks that both layouts describe the same sorted, duplicate-free entries (compiled in
  /// only with `BLOCKNUMERICS_INTERNAL_CHECKS`).
  func _checkInvariants() {
    #if BLOCKNUMERICS_INTERNAL_CHECKS
    precondition(userStarts.count == users + 1 && itemStarts.count == items + 1, "Ratings: offset arrays of the wrong length")
    precondition(userStarts.last == count && itemStarts.last == count && itemUsers.count == count, "Ratings: counts disagree")
    var seen: [Int: Scalar] = [:]
    for u in 0..<users {
      for k in userStarts[u]..<userStarts[u + 1] {
        precondition(k == userStarts[u] || userItems[k - 1] < userItems[k], "Ratings: items of user \(u) not ascending")
        seen[u &* items &+ userItems[k]] = userValues[k]
      }
    }
    for i in 0..<items {
      for k in itemStarts[i]..<itemStarts[i + 1] {
        precondition(k == itemStarts[i] || itemUsers[k - 1] < itemUsers[k], "Ratings: users of item \(i) not ascending")
        precondition(seen[itemUsers[k] &* items &+ i] == itemValues[k], "Ratings: the two layouts disagree at item \(i)")
      }
    }
    #endif
  }

  /// The entries of `user`: positions `userStarts[user]..<userStarts[user + 1]` of
  /// ``userItems`` and ``userValues``. A user outside `0..<users` stops with a precondition
  /// failure.
  public func entries(ofUser user: Int) -> Range<Int> {
    precondition(user >= 0 && user < users, "Ratings.entries(ofUser:): user \(user) is outside 0..<\(users)")
    return userStarts[user]..<userStarts[user + 1]
  }

  /// The entries of `item`: positions `itemStarts[item]..<itemStarts[item + 1]` of
  /// ``itemUsers`` and ``itemValues``. An item outside `0..<items` stops with a precondition
  /// failure.
  public func entries(ofItem item: Int) -> Range<Int> {
    precondition(item >= 0 && item < items, "Ratings.entries(ofItem:): item \(item) is outside 0..<\(items)")
    return itemStarts[item]..<itemStarts[item + 1]
  }

  /// The stored value at (user, item), or `nil` when the pair is not stored.
  /// - Complexity: O(log(entries of the user)).
  public func value(user: Int, item: Int) -> Scalar? {
    let range = entries(ofUser: user)
    var (low, high) = (range.lowerBound, range.upperBound)
    while low < high {
      let middle = (low + high) / 2
      if userItems[middle] < item { low = middle + 1 } else { high = middle }
    }
    return low < range.upperBound && userItems[low] == item ? userValues[low] : nil
  }

  /// The triples, user by user and items ascending within a user.
  /// - Complexity: O(count).
  public var triples: [Rating<Scalar>] {
    var result: [Rating<Scalar>] = []
    result.reserveCapacity(count)
    for u in 0..<users {
      for k in userStarts[u]..<userStarts[u + 1] { result.append(Rating(user: u, item: userItems[k], value: userValues[k])) }
    }
    return result
  }

  /// The mean stored value (0 when there are none).
  /// - Complexity: O(count).
  public var meanValue: Double { count == 0 ? 0 : userValues.reduce(0.0) { $0 + Double($1) } / Double(count) }

  /// The ratings with the same shape and the entries at the given positions of the
  /// user-major order (which must be ascending and unique).
  func _subset(_ positions: [Int]) -> Ratings {
    var user = [Int]()
    user.reserveCapacity(positions.count)
    var u = 0
    for k in positions {
      while userStarts[u + 1] <= k { u += 1 }
      user.append(u)
    }
    // Valid by construction: the subset of valid, unique, finite triples.
    return try! Ratings(
      _users: user, items: positions.map { userItems[$0] }, values: positions.map { userValues[$0] }, userCount: users,
      itemCount: items, operation: "Ratings._subset"
    ) { "entry \($0)" }
  }
}
