import BlockNumerics

/// A rank-`r` truncated SVD `X ≈ U·diag(s)·Vᵀ` of a distributed `m × n` matrix by randomized
/// range finding (``DistributedMatrix/randomizedSVD(rank:oversampling:powerIterations:seed:)``).
///
/// The singular values and `Vᵀ` (`r × n`, small) are on every process, the same bits
/// everywhere; `U` (`m × r`, as tall as X) stays distributed: X's row blocks and one block
/// column over X's grid, so grid column 0 holds it.
public struct DistributedRandomizedSVD<Scalar: ScaLAPACKScalar>: Sendable {
  /// The `r` largest singular values (approximations), descending.
  public let singularValues: [Scalar]
  /// The left singular vectors as columns, `m × r`, distributed.
  public let u: DistributedMatrix<Scalar>
  /// The right singular vectors as rows, `r × n`, on every process.
  public let vt: Matrix<Scalar>
}
