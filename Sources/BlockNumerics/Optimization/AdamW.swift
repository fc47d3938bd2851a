/// Adam with decoupled weight decay (Loshchilov & Hutter 2019): PyTorch's
/// `torch.optim.AdamW`, defaults included (`weight_decay = 1e-2`).
///
/// Per step `t`, with gradient `g`:
/// ```
/// m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²,   v̂ ← max(v̂, v) (amsgrad)
/// p ← p − lr·λ·p − lr · (m / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + ε)
/// ```
/// PyTorch first multiplies `p` by `1 − lr·λ` and then takes the Adam step; the results
/// agree to rounding. Assembled as ``ScaleByAdam`` → ``AddWeightDecay`` under
/// ``GradientDescent``: the decay is applied after the scaling, so it bypasses the moments.
public struct AdamW<Scalar: BLASScalar>: LearningRateAdjustable {
  /// `(β₁, β₂)`, the decays of the first and second moment estimates.
  public let betas: (Scalar, Scalar)
  /// `ε`, added to the denominator.
  public let epsilon: Scalar
  /// `λ`, the decoupled decay rate (multiplied by the learning rate).
  public let weightDecay: Scalar
  /// Whether to use AMSGrad's running maximum of the second moment.
  public let amsgrad: Bool

  @usableFromInline var _descent: GradientDescent<Chain<ScaleByAdam<Scalar>, AddWeightDecay<Scalar>>>

  /// AdamW with PyTorch's hyperparameters and defaults (`lr = 1e-3`, `betas = (0.9, 0.999)`,
  /// `eps = 1e-8`, `weight_decay = 1e-2`, no AMSGrad).
  ///
  /// Invalid hyperparameters stop with a precondition failure (where PyTorch raises
  /// `ValueError`): negative learning rate, epsilon or weight decay, betas outside [0, 1).
  @inlinable
  public init(
    learningRate: Scalar = 1e-3, betas: (Scalar, Scalar) = (0.9, 0.999), epsilon: Scalar = 1e-8,
    weightDecay: Scalar = 1e-2, amsgrad: Bool = false
  ) {
    self.betas = betas
    self.epsilon = epsilon
    self.weightDecay = weightDecay
    self.amsgrad = amsgrad
    let scale = ScaleByAdam(beta1: betas.0, beta2: betas.1, epsilon: epsilon, amsgrad: amsgrad)
    _descent = GradientDescent(
      learningRate: learningRate, transform: Chain(scale, AddWeightDecay(weightDecay)), name: "AdamW")
  }

  /// The step size (it also scales the decoupled decay, as in PyTorch).
  @inlinable public var learningRate: Scalar {
    get { _descent.learningRate }
    set { _descent.learningRate = newValue }
  }

  /// How many steps have been taken.
  @inlinable public var stepCount: Int { _descent.stepCount }

  /// One AdamW step on every slot; see the type's documentation for the rule.
  ///
  /// A count or shape mismatch stops with a precondition failure naming the slot and both
  /// shapes.
  /// - Complexity: O(total number of entries).
  @inlinable
  public mutating func step(parameters: inout [Matrix<Scalar>], gradients: [Matrix<Scalar>]) {
    _descent.step(parameters: &parameters, gradients: gradients)
  }
}
