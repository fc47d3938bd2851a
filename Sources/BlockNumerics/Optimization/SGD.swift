/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
/// weight decay: PyTorch's `torch.optim.SGD`, defaults included (`lr = 1e-3` as in current
/// PyTorch; older versions had no default).
///
/// Per step, with gradient `g`:
/// ```
/// g ← g + λ·p                                   (weightDecay λ)
/// b ← g on step 1, else μ·b + (1 − τ)·g          (momentum μ > 0, dampening τ)
/// g ← g + μ·b (nesterov)  or  g ← b
/// p ← p − lr·g
/// ```
/// Assembled as ``AddWeightDecay`` → ``Momentum`` under ``GradientDescent``.
///
/// ```swift
/// var sgd = SGD<Double>(learningRate: 0.1, momentum: 0.9, nesterov: true)
/// sgd.step(parameters: &weights, gradients: gradientsOfWeights)
/// ```
public struct SGD<Scalar: BLASScalar>: LearningRateAdjustable {
  /// `μ`, the momentum factor (0: plain gradient descent).
  public let momentum: Scalar
  /// `τ`, how much of each new gradient the momentum buffer leaves out.
  public let dampening: Scalar
  /// `λ`, the L2 penalty added to the gradient.
  public let weightDecay: Scalar
  /// Whether the step is Nesterov's look-ahead `g + μ·b`.
  public let nesterov: Bool

  @usableFromInline var _descent: GradientDescent<Chain<AddWeightDecay<Scalar>, Momentum<Scalar>?>>

  /// SGD with PyTorch's hyperparameters and defaults.
  ///
  /// Invalid hyperparameters are programmer errors and stop with a precondition failure
  /// (where PyTorch raises `ValueError`): a negative learning rate, momentum or weight
  /// decay, and `nesterov` without `momentum > 0` and `dampening == 0`.
  @inlinable
  public init(
    learningRate: Scalar = 1e-3, momentum: Scalar = 0, dampening: Scalar = 0,
    weightDecay: Scalar = 0, nesterov: Bool = false
  ) {
    precondition(momentum >= 0, "SGD: momentum must be non-negative, got \(momentum)")
    precondition(
      !nesterov || (momentum > 0 && dampening == 0),
      "SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum \(momentum), dampening \(dampening)")
    self.momentum = momentum
    self.dampening = dampening
    self.weightDecay = weightDecay
    self.nesterov = nesterov
    let trace = momentum == 0 ? nil : Momentum(momentum, dampening: dampening, nesterov: nesterov)
    _descent = GradientDescent(
      learningRate: learningRate, transform: Chain(AddWeightDecay(weightDecay), trace), name: "SGD")
  }

  /// The step size.
  @inlinable public var learningRate: Scalar {
    get { _descent.learningRate }
    set { _descent.learningRate = newValue }
  }

  /// How many steps have been taken.
  @inlinable public var stepCount: Int { _descent.stepCount }

  /// One SGD step on every slot; see the type's documentation for the rule.
  ///
  /// A count or shape mismatch stops with a precondition failure naming the slot and both
  /// shapes.
  /// - Complexity: O(total number of entries).
  @inlinable
  public mutating func step(parameters: inout [Matrix<Scalar>], gradients: [Matrix<Scalar>]) {
    _descent.step(parameters: &parameters, gradients: gradients)
  }
}

/// An absent piece does nothing, so optional pieces (momentum 0, no clipping) cost nothing.
extension Optional: GradientTransformation where Wrapped: GradientTransformation {
  /// The element type of the updates.
  public typealias Scalar = Wrapped.Scalar

  /// The wrapped piece's transform, or nothing for `nil`.
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    if case .some = self { self!.transform(&updates, parameters: parameters, step: step) }
  }
}
