/// One small piece of an optimizer: rewrites a list of updates in place, keeping whatever
/// per-parameter state it needs (in the manner of optax's `GradientTransformation`).
///
/// An optimizer is a chain of transformations followed by `p ← p − learningRate · u`
/// (``GradientDescent``): `SGD` is ``AddWeightDecay`` then ``Momentum``; `Adam` is
/// ``AddWeightDecay`` then ``ScaleByAdam``; `AdamW` is ``ScaleByAdam`` then
/// ``AddWeightDecay``; and so on. Chain pieces with ``followed(by:)``.
///
/// State (momentum buffers, moment estimates) is created on the first call, sized for the
/// updates of that call, and keyed by position; later calls must pass the same number of
/// updates with the same entry counts (checked with a precondition).
public protocol GradientTransformation<Scalar> {
  /// The element type of the updates.
  associatedtype Scalar: BLASScalar

  /// Rewrites `updates` in place.
  ///
  /// - Parameters:
  ///   - updates: on entry the gradients (or the previous piece's output), on return this
  ///     piece's output; same count and shapes as `parameters`.
  ///   - parameters: the parameters before this step (read by weight decay).
  ///   - step: the number of this step, counting from 1 (used by bias corrections and
  ///     decays).
  /// - Complexity: O(total number of entries) for every piece in this library.
  mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int)
}

extension GradientTransformation {
  /// This transformation, then `next` on its output (optax's `chain`).
  @inlinable
  public func followed<Next: GradientTransformation>(by next: Next) -> Chain<Self, Next>
  where Next.Scalar == Scalar {
    Chain(self, next)
  }
}

/// Two transformations applied one after the other.
public struct Chain<First: GradientTransformation, Second: GradientTransformation>: GradientTransformation
where First.Scalar == Second.Scalar {
  /// The element type of the updates.
  public typealias Scalar = First.Scalar
  /// The piece applied first.
  public var first: First
  /// The piece applied to the first one's output.
  public var second: Second

  /// `first`, then `second`.
  @inlinable
  public init(_ first: First, _ second: Second) {
    self.first = first
    self.second = second
  }

  /// Applies `first`, then `second`.
  /// - Complexity: the sum of both pieces.
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    first.transform(&updates, parameters: parameters, step: step)
    second.transform(&updates, parameters: parameters, step: step)
  }
}

/// The transformation that leaves updates as they are: plain gradient descent when given to
/// ``GradientDescent``.
public struct Identity<Scalar: BLASScalar>: GradientTransformation {
  /// The identity.
  @inlinable public init() {}
  /// Does nothing.
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {}
}

// MARK: - Shared machinery for the element-wise pieces

/// The total entry count of a list of matrices.
@inlinable
func _totalCount<Scalar>(_ matrices: [Matrix<Scalar>]) -> Int {
  var total = 0
  for matrix in matrices { total += matrix.count }
  return total
}

/// Per-parameter state laid out flat: the entries of slot 0, then slot 1, … in one
/// contiguous array, so one pointer walks all of them.
///
/// ```
///  updates:  [ slot 0: 2×3 ][ slot 1: 1×4 ]
///  state:    [ s s s s s s | s s s s ]      offsets 0, 6; count 10
/// ```
@usableFromInline
struct _FlatState<Scalar: BLASScalar>: Sendable {
  /// One entry per parameter entry; empty until the first step.
  @usableFromInline var values: [Scalar] = []
  /// Whether the first step has sized `values`.
  @usableFromInline var isInitialized = false

  @inlinable init() {}

  /// Sizes the state for `updates` on the first call (every entry `initialValue`), and
  /// afterwards checks that the updates still have the entry count the state was made for.
  /// Returns whether this call created the state.
  @inlinable
  mutating func prepare(for updates: [Matrix<Scalar>], initialValue: Scalar = 0, _ owner: StaticString) -> Bool {
    let total = _totalCount(updates)
    if isInitialized {
      precondition(
        values.count == total,
        "\(owner): the state was made for \(values.count) entries but the updates have \(total); use one optimizer per parameter list")
      return false
    }
    values = Array(repeating: initialValue, count: total)
    isInitialized = true
    return true
  }
}

extension Array {
  /// Calls `body` with each matrix's entries, writable, and the offset of its first entry in
  /// the concatenation of all of them.
  @inlinable
  mutating func _forEachSlot<Scalar>(
    _ body: (UnsafeMutableBufferPointer<Scalar>, Int) -> Void
  ) where Element == Matrix<Scalar> {
    var offset = 0
    for slot in indices {
      let count = self[slot].count
      if count == 0 { continue }
      self[slot]._storage.withUnsafeMutableBufferPointer { body($0, offset) }
      offset += count
    }
  }
}
