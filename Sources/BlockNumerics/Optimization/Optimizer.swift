/// A first-order optimizer: updates a list of parameter matrices from their gradients.
///
/// Conforming types follow PyTorch's documented update rules and defaults. Per-parameter
/// state (momentum buffers, moment estimates) is created on the first ``step(parameters:gradients:)``
/// and keyed by position, so the same list of parameters must be passed in the same order on
/// every step.
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
