/// A first-order optimizer: updates a list of parameter matrices from their gradients.
///
/// Conforming types follow PyTorch's documented update rules and defaults. Per-parameter
/// state (momentum buffers, moment estimates) is created on the first ``step(parameters:gradients:)``
/// and keyed by position, so the same list of parameters must be passed in the same order on
/// every step.
///
/// The library's optimizers (``SGD``, ``AdaGrad``, ``RMSProp``, ``Adam``, ``AdamW``) are
/// chains of small ``GradientTransformation`` pieces under ``GradientDescent``; wrap any of
/// them in ``Scheduled`` for a learning-rate schedule or in ``Clipped`` for gradient
/// clipping. Where they differ from PyTorch: invalid hyperparameters stop with a
/// precondition failure instead of raising `ValueError`; there are no parameter groups and
/// no `maximize`, `foreach` or `capturable` options; results agree with PyTorch's to
/// rounding (the order of a few floating-point operations differs).
public protocol Optimizer<Scalar> {
  /// The element type of the parameters.
  associatedtype Scalar: BLASScalar

  /// Applies one update to `parameters` (in place) from `gradients` of the same count and
  /// shapes.
  ///
  /// A count or shape mismatch between parameters and gradients is a programmer error and
  /// stops with a `precondition` naming the slot and both shapes.
  /// - Complexity: O(total number of parameter entries).
  mutating func step(parameters: inout [Matrix<Scalar>], gradients: [Matrix<Scalar>])
}
