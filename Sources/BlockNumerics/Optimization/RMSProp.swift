/// RMSProp, optionally centered (Graves 2013) and with momentum: PyTorch's
/// `torch.optim.RMSprop`, defaults included.
///
/// Per step, with gradient `g`:
/// ```
/// g ← g + λ·p                                        (weightDecay λ)
/// v ← α·v + (1 − α)·g²;   ḡ ← α·ḡ + (1 − α)·g        (ḡ only when centered)
/// d ← g / (√(v − ḡ²) + ε)  centered,  g / (√v + ε) otherwise
/// b ← μ·b + d;  p ← p − lr·b     (momentum μ > 0; b starts at 0)
/// p ← p − lr·d                   (momentum 0)
/// ```
/// Assembled as ``AddWeightDecay`` → ``ScaleByRMS`` → ``Momentum`` (when `μ > 0`) under
/// ``GradientDescent``.
public struct RMSProp<Scalar: BLASScalar>: LearningRateAdjustable {
  /// `α`, the smoothing constant.
  public let alpha: Scalar
  /// `ε`, added to the denominator after the square root.
  public let epsilon: Scalar
  /// `λ`, the L2 penalty added to the gradient.
  public let weightDecay: Scalar
  /// `μ`, the momentum factor (0: none).
  public let momentum: Scalar
  /// Whether the gradient is normalised by an estimate of its variance.
  public let centered: Bool

  @usableFromInline var _descent:
    GradientDescent<Chain<Chain<AddWeightDecay<Scalar>, ScaleByRMS<Scalar>>, Momentum<Scalar>?>>

  /// RMSProp with PyTorch's hyperparameters and defaults (`lr = 1e-2`, `alpha = 0.99`,
  /// `eps = 1e-8`, no weight decay, no momentum, not centered).
  ///
  /// Negative values stop with a precondition failure (where PyTorch raises `ValueError`).
  @inlinable
  public init(
    learningRate: Scalar = 1e-2, alpha: Scalar = 0.99, epsilon: Scalar = 1e-8,
    weightDecay: Scalar = 0, momentum: Scalar = 0, centered: Bool = false
  ) {
    precondition(momentum >= 0, "RMSProp: momentum must be non-negative, got \(momentum)")
    self.alpha = alpha
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.momentum = momentum
    self.centered = centered
    let transform = AddWeightDecay(weightDecay)
      .followed(by: ScaleByRMS(alpha: alpha, epsilon: epsilon, centered: centered))
      .followed(by: momentum > 0 ? Momentum(momentum) : nil)
    _descent = GradientDescent(learningRate: learningRate, transform: transform, name: "RMSProp")
  }

  /// The step size.
  @inlinable public var learningRate: Scalar {
    get { _descent.learningRate }
    set { _descent.learningRate = newValue }
  }

  /// How many steps have been taken.
  @inlinable public var stepCount: Int { _descent.stepCount }

  /// One RMSProp step on every slot; see the type's documentation for the rule.
  ///
  /// A count or shape mismatch stops with a precondition failure naming the slot and both
  /// shapes.
  /// - Complexity: O(total number of entries).
  @inlinable
  public mutating func step(parameters: inout [Matrix<Scalar>], gradients: [Matrix<Scalar>]) {
    _descent.step(parameters: &parameters, gradients: gradients)
  }
}
