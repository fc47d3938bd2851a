// Gradient clipping: free-standing operations on a gradient list (PyTorch's
// `clip_grad_norm_` and `clip_grad_value_`), the same as transformation pieces, and a wrapper
// that clips before any optimizer's step.

extension Array {
  /// The Euclidean norm of all entries of all matrices together, `√(Σᵢ ‖Gᵢ‖²_F)`
  /// (PyTorch's total norm with `norm_type = 2`).
  /// - Complexity: O(total number of entries).
  @inlinable
  public func globalNorm<Scalar>() -> Scalar where Element == Matrix<Scalar> {
    var sumOfSquares: Scalar = 0
    for matrix in self {
      let norm = matrix.frobeniusNorm
      sumOfSquares += norm * norm
    }
    return sumOfSquares.squareRoot()
  }

  /// Scales every matrix by `min(1, maxNorm / (total + 1e-6))`, where `total` is
  /// ``globalNorm()``: PyTorch's `torch.nn.utils.clip_grad_norm_`, including its 1e-6.
  ///
  /// Returns the total norm before clipping. A non-finite total norm leaves NaN or infinite
  /// entries in the result, as PyTorch does with `error_if_nonfinite=False`. `maxNorm` must
  /// be non-negative (a precondition checks it).
  /// - Complexity: O(total number of entries).
  @inlinable
  @discardableResult
  public mutating func clipByGlobalNorm<Scalar>(maxNorm: Scalar) -> Scalar where Element == Matrix<Scalar> {
    precondition(maxNorm >= 0, "clipByGlobalNorm: maxNorm must be non-negative, got \(maxNorm)")
    let total: Scalar = globalNorm()
    let coefficient = maxNorm / (total + Scalar(1e-6))
    // PyTorch multiplies by the clamped coefficient always; multiplying by 1 changes nothing.
    if !(coefficient >= 1) {
      _forEachSlot { (u: UnsafeMutableBufferPointer<Scalar>, _) in
        Scalar._scale(count: u.count, x: u._viewBase, factor: coefficient)
      }
    }
    return total
  }

  /// Clamps every entry into `[-maxValue, maxValue]`: PyTorch's
  /// `torch.nn.utils.clip_grad_value_`. NaN entries stay NaN. `maxValue` must be
  /// non-negative (a precondition checks it).
  /// - Complexity: O(total number of entries).
  @inlinable
  public mutating func clipByValue<Scalar>(maxValue: Scalar) where Element == Matrix<Scalar> {
    precondition(maxValue >= 0, "clipByValue: maxValue must be non-negative, got \(maxValue)")
    _forEachSlot { (u: UnsafeMutableBufferPointer<Scalar>, _) in
      Scalar._clamp(count: u.count, x: u._viewBase, limit: maxValue)
    }
  }
}

/// Rescales all updates together so their global norm is at most `maxNorm`
/// (``Swift/Array/clipByGlobalNorm(maxNorm:)`` as a piece; optax's `clip_by_global_norm`,
/// with PyTorch's `1e-6`).
public struct ClipByGlobalNorm<Scalar: BLASScalar>: GradientTransformation {
  /// The largest global norm let through.
  public let maxNorm: Scalar

  /// Clipping to global norm `maxNorm ≥ 0` (a precondition checks it).
  @inlinable
  public init(_ maxNorm: Scalar) {
    precondition(maxNorm >= 0, "ClipByGlobalNorm: maxNorm must be non-negative, got \(maxNorm)")
    self.maxNorm = maxNorm
  }

  /// Scales the updates by `min(1, maxNorm / (globalNorm + 1e-6))`.
  /// - Complexity: O(total number of entries).
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    updates.clipByGlobalNorm(maxNorm: maxNorm)
  }
}

/// Clamps every update entry into `[-maxValue, maxValue]`
/// (``Swift/Array/clipByValue(maxValue:)`` as a piece).
public struct ClipByValue<Scalar: BLASScalar>: GradientTransformation {
  /// The largest magnitude let through.
  public let maxValue: Scalar

  /// Clipping to `[-maxValue, maxValue]`, `maxValue ≥ 0` (a precondition checks it).
  @inlinable
  public init(_ maxValue: Scalar) {
    precondition(maxValue >= 0, "ClipByValue: maxValue must be non-negative, got \(maxValue)")
    self.maxValue = maxValue
  }

  /// Clamps the updates.
  /// - Complexity: O(total number of entries).
  @inlinable
  public mutating func transform(_ updates: inout [Matrix<Scalar>], parameters: [Matrix<Scalar>], step: Int) {
    updates.clipByValue(maxValue: maxValue)
  }
}

/// How ``Clipped`` limits gradients.
public enum GradientClipping<Scalar: BLASScalar>: Sendable, Equatable {
  /// Rescale all gradients together to global norm at most the value (`clip_grad_norm_`).
  case globalNorm(Scalar)
  /// Clamp every entry into `[-value, value]` (`clip_grad_value_`).
  case value(Scalar)
}

/// Any optimizer with its gradients clipped first, as PyTorch code calls
/// `clip_grad_norm_` or `clip_grad_value_` right before `optimizer.step()`.
///
/// ```swift
/// var optimizer = Clipped(Adam<Double>(learningRate: 1e-3), clipping: .globalNorm(1))
/// ```
/// Clipping applies to the raw gradients, before weight decay or momentum. The gradients
/// are copied only on steps where clipping changes them.
public struct Clipped<Base: Optimizer>: Optimizer {
  /// The element type of the parameters.
  public typealias Scalar = Base.Scalar
  /// The optimizer that takes the clipped gradients.
  public var base: Base
  /// The clipping rule.
  public var clipping: GradientClipping<Scalar>

  /// `base` with gradients clipped by `clipping` (non-negative limit; a precondition checks it).
  @inlinable
  public init(_ base: Base, clipping: GradientClipping<Scalar>) {
    switch clipping {
    case .globalNorm(let limit), .value(let limit):
      precondition(limit >= 0, "Clipped: the clipping limit must be non-negative, got \(limit)")
    }
    self.base = base
    self.clipping = clipping
  }

  /// Clips `gradients`, then lets `base` step.
  ///
  /// A count or shape mismatch stops with the base optimizer's precondition failure.
  /// - Complexity: O(total number of entries) plus the base optimizer's step.
  @inlinable
  public mutating func step(parameters: inout [Matrix<Scalar>], gradients: [Matrix<Scalar>]) {
    var clipped = gradients
    switch clipping {
    case .globalNorm(let maxNorm):
      clipped.clipByGlobalNorm(maxNorm: maxNorm)
    case .value(let maxValue):
      let inside = gradients.allSatisfy { $0._storage.allSatisfy { !($0 > maxValue || $0 < -maxValue) } }
      if !inside { clipped.clipByValue(maxValue: maxValue) }
    }
    base.step(parameters: &parameters, gradients: clipped)
  }
}

extension Clipped: LearningRateAdjustable where Base: LearningRateAdjustable {
  /// The base optimizer's step size.
  @inlinable public var learningRate: Scalar {
    get { base.learningRate }
    set { base.learningRate = newValue }
  }
}
