/// Divides updates by a running root mean square of past updates: RMSProp's scaling
/// (Hinton's lecture 6e; the centered form from Graves 2013), with PyTorch's conventions.
///
/// With `v` (and, when centered, the running mean `ḡ`) per entry:
/// ```
/// v ← α·v + (1 − α)·u²
/// ḡ ← α·ḡ + (1 − α)·u                         (centered only)
/// u ← u / (√(v − ḡ²) + ε)   centered,   u / (√v + ε)   otherwise
/// ```
/// `ε` is added after the square root, as in PyTorch (TensorFlow adds it inside).
public struct ScaleByRMS<Scalar: BLASScalar>: GradientTransformation {
  /// `α`, the smoothing constant of the averages.
  public let alpha: Scalar
  /// `ε`, added to the denominator.
  public let epsilon: Scalar
  /// Whether to normalise by an estimate of the variance instead of the raw second moment.
  public let centered: Bool
  @usableFromInline var _squares = _FlatState<Scalar>()
  @usableFromInline var _means = _FlatState<Scalar>()

  /// RMS scaling with smoothing `α ≥ 0` and `ε ≥ 0` (preconditions check them, as PyTorch
  /// raises `ValueError`).
  @inlinable
  public init(alpha: Scalar = 0.99, epsilon: Scalar = 1e-8, centered: Bool = false) {
    precondition(alpha >= 0, "ScaleByRMS: alpha must be non-negative, got \(alpha)")
    precondition(epsilon >= 0, "ScaleByRMS: epsilon must be non-negative, got \(epsilon)")
    self.alpha = alpha
    self.epsilon = epsilon
    self.centered = centered
  }

  /// Updates the averages and divides `updates` by the root mean square.
  /// - Complexity: O(total number of entries); the first step allocates the averages.
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    _ = _squares.prepare(for: updates, "ScaleByRMS")
    if centered { _ = _means.prepare(for: updates, "ScaleByRMS") }
    let alpha = self.alpha, epsilon = self.epsilon, centered = self.centered
    _squares.values.withUnsafeMutableBufferPointer { v in
      _means.values.withUnsafeMutableBufferPointer { mean in
        updates._forEachSlot { u, offset in
          Scalar._rms(
            count: u.count, u: u._viewBase, v: v._viewBase + offset, mean: centered ? mean._viewBase + offset : nil,
            alpha: alpha, epsilon: epsilon)
        }
      }
    }
  }
}
