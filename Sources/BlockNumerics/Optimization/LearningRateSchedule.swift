/// A learning rate as a function of the step index: PyTorch's `lr_scheduler` family in
/// closed form.
///
/// A schedule maps the base rate `η₀` (the optimizer's rate when ``Scheduled`` wrapped it)
/// and the index `t` of the step about to be taken (0 for the first step) to that step's
/// rate. `Scheduled` calls it before every step, which is PyTorch's pattern with
/// `scheduler.step()` after every `optimizer.step()`. To follow PyTorch's per-epoch pattern
/// instead, use ``perEpoch(stepsPerEpoch:)``.
///
/// PyTorch's schedulers are recursive (each multiplies the previous rate); these closed
/// forms agree with them to rounding.
public struct LearningRateSchedule<Scalar: BLASScalar>: Sendable {
  @usableFromInline let _rate: @Sendable (Scalar, Int) -> Scalar

  /// A schedule from a function of the base rate and the step index (from 0).
  public init(_ rate: @escaping @Sendable (_ baseRate: Scalar, _ step: Int) -> Scalar) {
    _rate = rate
  }

  /// The rate for step `step` (from 0) given base rate `baseRate`.
  /// - Complexity: O(1) for the schedules here.
  @inlinable
  public func learningRate(base baseRate: Scalar, step: Int) -> Scalar { _rate(baseRate, step) }

  /// The base rate at every step.
  public static var constant: LearningRateSchedule { LearningRateSchedule { rate, _ in rate } }

  /// `η₀ · factor^⌊t / stepSize⌋`: PyTorch's `StepLR(step_size, gamma)` (default
  /// `gamma = 0.1`). `stepSize` must be positive (a precondition checks it).
  public static func step(size stepSize: Int, factor: Scalar = 0.1) -> LearningRateSchedule {
    precondition(stepSize > 0, "LearningRateSchedule.step: the step size must be positive, got \(stepSize)")
    return LearningRateSchedule { rate, t in rate * Scalar.pow(factor, Scalar(t / stepSize)) }
  }

  /// `η₀ · factor^t`: PyTorch's `ExponentialLR(gamma)`.
  public static func exponential(factor: Scalar) -> LearningRateSchedule {
    LearningRateSchedule { rate, t in rate * Scalar.pow(factor, Scalar(t)) }
  }

  /// `η_min + (η₀ − η_min)·(1 + cos(π·t / period)) / 2`: PyTorch's
  /// `CosineAnnealingLR(T_max, eta_min)` (default `eta_min = 0`).
  ///
  /// Past `period` the cosine keeps going (the rate rises again towards `η₀` by
  /// `2·period`), which is what PyTorch's recursive form does too. `period` must be positive
  /// (a precondition checks it).
  public static func cosineAnnealing(period: Int, minimum: Scalar = 0) -> LearningRateSchedule {
    precondition(period > 0, "LearningRateSchedule.cosineAnnealing: the period must be positive, got \(period)")
    return LearningRateSchedule { rate, t in
      minimum + (rate - minimum) * (1 + Scalar.cos(Scalar.pi * Scalar(t) / Scalar(period))) / 2
    }
  }

  /// `η₀ · (start + (end − start)·min(t, steps) / steps)`: PyTorch's
  /// `LinearLR(start_factor, end_factor, total_iters)` (defaults 1/3, 1, 5). With
  /// `startFactor < 1 = endFactor` it is a linear warm-up.
  ///
  /// `steps` must be positive and `startFactor` in (0, 1], `endFactor` in [0, 1], as PyTorch
  /// requires (a precondition checks it).
  public static func linear(startFactor: Scalar = 1.0 / 3, endFactor: Scalar = 1, steps: Int = 5) -> LearningRateSchedule {
    precondition(steps > 0, "LearningRateSchedule.linear: steps must be positive, got \(steps)")
    precondition(
      startFactor > 0 && startFactor <= 1 && endFactor >= 0 && endFactor <= 1,
      "LearningRateSchedule.linear: need 0 < startFactor ≤ 1 and 0 ≤ endFactor ≤ 1, got \(startFactor) and \(endFactor)")
    return LearningRateSchedule { rate, t in
      rate * (startFactor + (endFactor - startFactor) * Scalar(Swift.min(t, steps)) / Scalar(steps))
    }
  }

  /// A linear warm-up from `startFactor · η₀` to `η₀` over `steps` steps, then `η₀`.
  public static func warmup(steps: Int, startFactor: Scalar = 0.1) -> LearningRateSchedule {
    linear(startFactor: startFactor, endFactor: 1, steps: steps)
  }

  /// This schedule for the first `steps` steps, then `next` with its step index starting
  /// again from 0 and the same base rate: PyTorch's `SequentialLR` with one milestone,
  /// e.g. `.warmup(steps: 5).then(.cosineAnnealing(period: 95), after: 5)`.
  public func then(_ next: LearningRateSchedule, after steps: Int) -> LearningRateSchedule {
    precondition(steps >= 0, "LearningRateSchedule.then: steps must be non-negative, got \(steps)")
    let first = self
    return LearningRateSchedule { rate, t in
      t < steps ? first.learningRate(base: rate, step: t) : next.learningRate(base: rate, step: t - steps)
    }
  }

  /// This schedule evaluated at the epoch `⌊t / stepsPerEpoch⌋`, for schedules meant to
  /// advance once per epoch while the optimizer steps once per batch. `stepsPerEpoch` must be
  /// positive (a precondition checks it).
  public func perEpoch(stepsPerEpoch: Int) -> LearningRateSchedule {
    precondition(stepsPerEpoch > 0, "LearningRateSchedule.perEpoch: stepsPerEpoch must be positive, got \(stepsPerEpoch)")
    let schedule = self
    return LearningRateSchedule { rate, t in schedule.learningRate(base: rate, step: t / stepsPerEpoch) }
  }
}

/// Any optimizer whose learning rate follows a ``LearningRateSchedule``.
///
/// ```swift
/// var optimizer = Scheduled(SGD<Double>(learningRate: 0.1, momentum: 0.9),
///                           schedule: .cosineAnnealing(period: 100))
/// for _ in 0..<100 { optimizer.step(parameters: &p, gradients: gradient(p)) }
/// ```
/// Before step `t` (from 0) it sets the base optimizer's rate to
/// `schedule.learningRate(base: baseLearningRate, step: t)`.
public struct Scheduled<Base: LearningRateAdjustable>: LearningRateAdjustable {
  /// The element type of the parameters.
  public typealias Scalar = Base.Scalar
  /// The optimizer being driven.
  public var base: Base
  /// The rate schedule.
  public let schedule: LearningRateSchedule<Scalar>
  /// `η₀`, the rate the schedule is relative to (the base optimizer's rate when wrapped).
  public var baseLearningRate: Scalar
  /// How many steps have been taken.
  public var stepCount: Int { _stepCount }
  @usableFromInline var _stepCount = 0

  /// `base` with its rate following `schedule`, relative to its current rate.
  @inlinable
  public init(_ base: Base, schedule: LearningRateSchedule<Scalar>) {
    self.base = base
    self.schedule = schedule
    self.baseLearningRate = base.learningRate
  }

  /// The rate the next step will use.
  ///
  /// Setting it changes ``baseLearningRate`` (so nested `Scheduled` wrappers multiply their
  /// schedules, like PyTorch's `ChainedScheduler` for multiplicative schedulers).
  @inlinable public var learningRate: Scalar {
    get { schedule.learningRate(base: baseLearningRate, step: _stepCount) }
    set { baseLearningRate = newValue }
  }

  /// Sets the base optimizer's rate for this step, then lets it step.
  ///
  /// A count or shape mismatch stops with the base optimizer's precondition failure.
  /// - Complexity: the base optimizer's step.
  @inlinable
  public mutating func step(parameters: inout [Matrix<Scalar>], gradients: [Matrix<Scalar>]) {
    base.learningRate = learningRate
    base.step(parameters: &parameters, gradients: gradients)
    _stepCount += 1
  }
}
