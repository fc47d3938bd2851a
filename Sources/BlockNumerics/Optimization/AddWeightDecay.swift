/// Adds `rate · p` to each update: weight decay.
///
/// Placed before a scaling piece it is PyTorch's coupled `weight_decay` (an L2 penalty whose
/// gradient `λ·p` goes through momentum or the adaptive scaling, as in `SGD`, `Adam`,
/// `RMSprop`, `Adagrad`); placed after it, it is AdamW's decoupled decay
/// (`p ← p − lr·λ·p`, Loshchilov & Hutter 2019). A rate of 0 does nothing and costs nothing.
public struct AddWeightDecay<Scalar: BLASScalar>: GradientTransformation {
  /// `λ`, the decay rate.
  public var rate: Scalar

  /// Weight decay with rate `λ` (non-negative, as PyTorch requires; a precondition checks it).
  @inlinable
  public init(_ rate: Scalar) {
    precondition(rate >= 0, "AddWeightDecay: the rate must be non-negative, got \(rate)")
    self.rate = rate
  }

  /// `u ← u + λ·p`.
  /// - Complexity: O(total number of entries); nothing when `rate` is 0.
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    let rate = self.rate
    if rate == 0 { return }
    for slot in updates.indices where updates[slot].count > 0 {
      parameters[slot]._storage.withUnsafeBufferPointer { p in
        updates[slot]._storage.withUnsafeMutableBufferPointer { u in
          Scalar._addScaled(count: u.count, x: p._viewBase, factor: rate, y: u._viewBase)
        }
      }
    }
  }
}
