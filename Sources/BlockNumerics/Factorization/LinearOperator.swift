/// A matrix that can be multiplied, but need not be stored densely: what randomized SVD
/// needs. ``Matrix``, ``BlockMatrix`` and ``BlockSparseMatrix`` conform, so a block-sparse
/// matrix is factored through its sparse products and never densified.
public protocol LinearOperator<Scalar> {
  /// The scalar type.
  associatedtype Scalar: BLASScalar
  /// The number of rows `m`.
  var rows: Int { get }
  /// The number of columns `n`.
  var columns: Int { get }
  /// `A·X` for an `n × k` matrix `X`.
  func applied(to x: Matrix<Scalar>) -> Matrix<Scalar>
  /// `Aᵀ·X` for an `m × k` matrix `X`.
  func transposeApplied(to x: Matrix<Scalar>) -> Matrix<Scalar>
}

extension Matrix: LinearOperator {
  /// `self · x`, one BLAS `gemm`.
  public func applied(to x: Matrix) -> Matrix { self * x }

  /// `selfᵀ · x`, one BLAS `gemm` with the transpose flag (no copy of `self`).
  public func transposeApplied(to x: Matrix) -> Matrix {
    var result = Matrix(rows: columns, columns: x.columns)
    do { try Matrix.multiply(self, x, transposeA: true, into: &result) } catch { preconditionFailure("\(error)") }
    return result
  }
}

extension BlockSparseMatrix: LinearOperator {
  /// `self · x` through the BSR kernels.
  public func applied(to x: Matrix<Scalar>) -> Matrix<Scalar> { self * x }

  /// `selfᵀ · x` through the BSR kernels, without forming the transpose.
  public func transposeApplied(to x: Matrix<Scalar>) -> Matrix<Scalar> {
    do { return try multiplied(by: x, transposed: true) } catch { preconditionFailure("\(error)") }
  }
}

extension BlockMatrix: LinearOperator {
  /// `self · x`, block row by block row (absent blocks skipped).
  public func applied(to x: Matrix<Scalar>) -> Matrix<Scalar> {
    do {
      let right = try BlockMatrix(x, partition: BlockPartition(rowBlockSizes: partition.columnBlockSizes, columnBlockSizes: x.columns > 0 ? [x.columns] : []))
      return _product(right, parameters: .automatic).assembled()
    } catch { preconditionFailure("\(error)") }
  }

  /// `selfᵀ · x`: one `gemm` with the transpose flag for a contiguous block matrix, the
  /// block transpose (stored blocks only) then a block product otherwise.
  public func transposeApplied(to x: Matrix<Scalar>) -> Matrix<Scalar> {
    if case .contiguous(let matrix) = storage { return matrix.transposeApplied(to: x) }
    return transposed.applied(to: x)
  }
}
