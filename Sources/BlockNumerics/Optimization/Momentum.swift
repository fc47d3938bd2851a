/// Heavy-ball or Nesterov momentum with PyTorch's `SGD` conventions.
///
/// With buffer `b` per entry:
/// ```
/// step 1:  b ← u                      (PyTorch starts the buffer at the first gradient,
/// later:   b ← μ·b + (1 − τ)·u         so dampening τ does not apply to it)
/// output:  u ← u + μ·b  (Nesterov)   or   u ← b
/// ```
/// For RMSProp's momentum (`b ← μ·b + u`, buffer starting at 0) use dampening 0, which
/// gives the same numbers.
public struct Momentum<Scalar: BLASScalar>: GradientTransformation {
  /// `μ`, the momentum factor.
  public let momentum: Scalar
  /// `τ`, the dampening of new updates after the first step.
  public let dampening: Scalar
  /// Whether the output looks ahead (`u + μ·b`) instead of being the buffer.
  public let nesterov: Bool
  @usableFromInline var _buffer = _FlatState<Scalar>()

  /// Momentum `μ ≥ 0` with dampening `τ` and optional Nesterov look-ahead.
  ///
  /// Invalid values stop with a precondition failure, as PyTorch raises `ValueError`:
  /// `μ < 0`, or `nesterov` with `μ ≤ 0` or `τ ≠ 0`.
  @inlinable
  public init(_ momentum: Scalar, dampening: Scalar = 0, nesterov: Bool = false) {
    precondition(momentum >= 0, "Momentum: momentum must be non-negative, got \(momentum)")
    precondition(
      !nesterov || (momentum > 0 && dampening == 0),
      "Momentum: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum \(momentum), dampening \(dampening)")
    self.momentum = momentum
    self.dampening = dampening
    self.nesterov = nesterov
  }

  /// Updates the buffers and writes the momentum step into `updates`.
  /// - Complexity: O(total number of entries); the first step allocates the buffers.
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    let first = _buffer.prepare(for: updates, "Momentum")
    let momentum = self.momentum, keep = 1 - dampening, nesterov = self.nesterov
    _buffer.values.withUnsafeMutableBufferPointer { buffer in
      updates._forEachSlot { u, offset in
        Scalar._momentum(
          count: u.count, u: u._viewBase, buffer: buffer._viewBase + offset, momentum: momentum, keep: keep,
          first: first, nesterov: nesterov)
      }
    }
  }
}
