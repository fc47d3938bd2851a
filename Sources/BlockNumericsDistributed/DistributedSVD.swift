import BlockNumerics

/// The singular value decomposition `A = U·diag(s)·Vᵀ` of a distributed `m × n` matrix,
/// computed by ScaLAPACK's `p?gesvd` (``DistributedMatrix/svd(vectors:blockSize:)``).
///
/// With `r = min(m, n)`: the `r` singular values, descending, on every process; `u`
/// (`m × r`) and `vt` (`r × n`) distributed over the same grid as the input, in square
/// blocks, or nil when only values were asked for.
public struct DistributedSVD<Scalar: ScaLAPACKScalar>: Sendable {
  /// Which singular vectors to compute (`p?gesvd` computes thin vectors or none).
  public enum Vectors: Sendable, Equatable {
    /// The first `min(m, n)` left and right singular vectors.
    case thin
    /// Singular values only.
    case none
  }

  /// The `min(m, n)` singular values, descending and non-negative; the same bits on every
  /// process.
  public let singularValues: [Scalar]
  /// The left singular vectors as columns, `m × min(m, n)`; nil for ``Vectors/none``.
  public let u: DistributedMatrix<Scalar>?
  /// The right singular vectors as rows, `min(m, n) × n`; nil for ``Vectors/none``.
  public let vt: DistributedMatrix<Scalar>?
}
