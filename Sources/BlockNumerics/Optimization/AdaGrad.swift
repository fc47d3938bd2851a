/// AdaGrad (Duchi, Hazan & Singer 2011): PyTorch's `torch.optim.Adagrad`, defaults included.
///
/// Per step `t`, with gradient `g` and accumulator `s` (starting at
/// `initialAccumulatorValue`):
/// ```
/// g ← g + λ·p                              (weightDecay λ)
/// s ← s + g²
/// p ← p − (lr / (1 + (t − 1)·learningRateDecay)) · g / (√s + ε)
/// ```
/// Assembled as ``AddWeightDecay`` → ``ScaleBySumOfSquares`` → ``ScaleByInverseTimeDecay``
/// under ``GradientDescent``.
public struct AdaGrad<Scalar: BLASScalar>: LearningRateAdjustable {
  /// PyTorch's `lr_decay`: the step size at step `t` is `lr / (1 + (t − 1)·learningRateDecay)`.
  public let learningRateDecay: Scalar
  /// `λ`, the L2 penalty added to the gradient.
  public let weightDecay: Scalar
  /// The value the squared-gradient accumulators start from.
  public let initialAccumulatorValue: Scalar
  /// `ε`, added to the denominator.
  public let epsilon: Scalar

  @usableFromInline var _descent:
    GradientDescent<Chain<Chain<AddWeightDecay<Scalar>, ScaleBySumOfSquares<Scalar>>, ScaleByInverseTimeDecay<Scalar>>>

  /// AdaGrad with PyTorch's hyperparameters and defaults (`lr = 1e-2`, `lr_decay = 0`,
  /// `weight_decay = 0`, `initial_accumulator_value = 0`, `eps = 1e-10`).
  ///
  /// Negative values stop with a precondition failure (where PyTorch raises `ValueError`).
  @inlinable
  public init(
    learningRate: Scalar = 1e-2, learningRateDecay: Scalar = 0, weightDecay: Scalar = 0,
    initialAccumulatorValue: Scalar = 0, epsilon: Scalar = 1e-10
  ) {
    self.learningRateDecay = learningRateDecay
    self.weightDecay = weightDecay
    self.initialAccumulatorValue = initialAccumulatorValue
    self.epsilon = epsilon
    let transform = AddWeightDecay(weightDecay)
      .followed(by: ScaleBySumOfSquares(initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon))
      .followed(by: ScaleByInverseTimeDecay(learningRateDecay))
    _descent = GradientDescent(learningRate: learningRate, transform: transform, name: "AdaGrad")
  }

  /// The step size before `learningRateDecay`.
  @inlinable public var learningRate: Scalar {
    get { _descent.learningRate }
    set { _descent.learningRate = newValue }
  }

  /// How many steps have been taken.
  @inlinable public var stepCount: Int { _descent.stepCount }

  /// One AdaGrad step on every slot; see the type's documentation for the rule.
  ///
  /// A count or shape mismatch stops with a precondition failure naming the slot and both
  /// shapes.
  /// - Complexity: O(total number of entries).
  @inlinable
  public mutating func step(parameters: inout [Matrix<Scalar>], gradients: [Matrix<Scalar>]) {
    _descent.step(parameters: &parameters, gradients: gradients)
  }
}
