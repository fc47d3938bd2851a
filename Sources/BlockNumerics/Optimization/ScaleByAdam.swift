/// Scales updates by bias-corrected first and second moment estimates: the core of Adam
/// (Kingma & Ba 2015) and, with `amsgrad`, of AMSGrad (Reddi, Kale & Kumar 2018).
///
/// With moments `m`, `v` (and the running maximum `v̂` for AMSGrad), at step `t`:
/// ```
/// m ← β₁·m + (1 − β₁)·u
/// v ← β₂·v + (1 − β₂)·u²
/// v̂ ← max(v̂, v)                                   (AMSGrad only; then v̂ replaces v below)
/// u ← (m / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + ε)
/// ```
/// which is PyTorch's `Adam` step divided by the learning rate. PyTorch evaluates
/// `(lr / (1 − β₁ᵗ)) · m / denominator`; the results agree to rounding. The update runs on
/// the library's vector kernels (``VectorKernels``), whose AVX paths fuse each multiply
/// feeding an addition.
public struct ScaleByAdam<Scalar: BLASScalar>: GradientTransformation {
  /// `β₁`, the decay of the first moment.
  public let beta1: Scalar
  /// `β₂`, the decay of the second moment.
  public let beta2: Scalar
  /// `ε`, added to the denominator.
  public let epsilon: Scalar
  /// Whether to divide by the running maximum of the second moment (AMSGrad).
  public let amsgrad: Bool
  @usableFromInline var _first = _FlatState<Scalar>()
  @usableFromInline var _second = _FlatState<Scalar>()
  @usableFromInline var _maximum = _FlatState<Scalar>()

  /// Adam's scaling with decays `β₁, β₂ ∈ [0, 1)` and `ε ≥ 0` (preconditions check them,
  /// as PyTorch raises `ValueError`).
  @inlinable
  public init(beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8, amsgrad: Bool = false) {
    precondition(beta1 >= 0 && beta1 < 1, "ScaleByAdam: beta1 must be in [0, 1), got \(beta1)")
    precondition(beta2 >= 0 && beta2 < 1, "ScaleByAdam: beta2 must be in [0, 1), got \(beta2)")
    precondition(epsilon >= 0, "ScaleByAdam: epsilon must be non-negative, got \(epsilon)")
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.amsgrad = amsgrad
  }

  /// Updates the moments and writes the scaled step into `updates`.
  /// - Complexity: O(total number of entries); the first step allocates the moments.
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    _ = _first.prepare(for: updates, "ScaleByAdam")
    _ = _second.prepare(for: updates, "ScaleByAdam")
    if amsgrad { _ = _maximum.prepare(for: updates, "ScaleByAdam") }
    let beta1 = self.beta1, beta2 = self.beta2, epsilon = self.epsilon, amsgrad = self.amsgrad
    let t = Scalar(step)
    let correction1 = 1 - Scalar.pow(beta1, t)
    let root2 = (1 - Scalar.pow(beta2, t)).squareRoot()
    _first.values.withUnsafeMutableBufferPointer { m in
      _second.values.withUnsafeMutableBufferPointer { v in
        _maximum.values.withUnsafeMutableBufferPointer { vMax in
          updates._forEachSlot { u, offset in
            Scalar._adam(
              count: u.count, u: u._viewBase, m: m._viewBase + offset, v: v._viewBase + offset,
              maximum: amsgrad ? vMax._viewBase + offset : nil, beta1: beta1, beta2: beta2, epsilon: epsilon,
              correction1: correction1, root2: root2)
          }
        }
      }
    }
  }
}
