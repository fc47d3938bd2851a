/// Divides updates by the root of the sum of all past squared updates: AdaGrad's scaling
/// (Duchi, Hazan & Singer 2011), with PyTorch's conventions.
///
/// With accumulator `s` per entry, starting at `initialAccumulatorValue`:
/// ```
/// s ← s + u²
/// u ← u / (√s + ε)
/// ```
public struct ScaleBySumOfSquares<Scalar: BLASScalar>: GradientTransformation {
  /// The value every accumulator starts from.
  public let initialAccumulatorValue: Scalar
  /// `ε`, added to the denominator.
  public let epsilon: Scalar
  @usableFromInline var _sums = _FlatState<Scalar>()

  /// AdaGrad's scaling with non-negative initial accumulator and `ε` (preconditions check
  /// them, as PyTorch raises `ValueError`).
  @inlinable
  public init(initialAccumulatorValue: Scalar = 0, epsilon: Scalar = 1e-10) {
    precondition(
      initialAccumulatorValue >= 0,
      "ScaleBySumOfSquares: the initial accumulator value must be non-negative, got \(initialAccumulatorValue)")
    precondition(epsilon >= 0, "ScaleBySumOfSquares: epsilon must be non-negative, got \(epsilon)")
    self.initialAccumulatorValue = initialAccumulatorValue
    self.epsilon = epsilon
  }

  /// Adds the squared updates to the accumulators and divides `updates` by their roots.
  /// - Complexity: O(total number of entries); the first step allocates the accumulators.
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    _ = _sums.prepare(for: updates, initialValue: initialAccumulatorValue, "ScaleBySumOfSquares")
    let epsilon = self.epsilon
    _sums.values.withUnsafeMutableBufferPointer { s in
      updates._forEachSlot { u, offset in
        Scalar._sumOfSquares(count: u.count, u: u._viewBase, sums: s._viewBase + offset, epsilon: epsilon)
      }
    }
  }
}

/// Multiplies updates by `1 / (1 + (t − 1)·decay)` at step `t`: AdaGrad's `lr_decay`.
///
/// PyTorch divides the learning rate instead (`lr / (1 + (t − 1)·lr_decay)`); the products
/// agree to rounding.
public struct ScaleByInverseTimeDecay<Scalar: BLASScalar>: GradientTransformation {
  /// The decay per step.
  public let decay: Scalar

  /// Inverse-time decay with a non-negative `decay` (a precondition checks it); 0 does
  /// nothing and costs nothing.
  @inlinable
  public init(_ decay: Scalar) {
    precondition(decay >= 0, "ScaleByInverseTimeDecay: the decay must be non-negative, got \(decay)")
    self.decay = decay
  }

  /// `u ← u / (1 + (t − 1)·decay)`.
  /// - Complexity: O(total number of entries); nothing when `decay` is 0.
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    if decay == 0 { return }
    let factor = 1 / (1 + Scalar(step - 1) * decay)
    updates._forEachSlot { u, _ in Scalar._scale(count: u.count, x: u._viewBase, factor: factor) }
  }
}
