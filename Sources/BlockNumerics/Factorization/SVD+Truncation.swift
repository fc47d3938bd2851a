extension SVD {
  func _checkRank(_ rank: Int, _ operation: String) throws {
    let limit = singularValues.count
    guard rank >= 0 && rank <= limit else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "rank \(rank) is outside 0...\(limit) for a \(rows)×\(columns) matrix")
    }
    guard vectors != .none || rank == 0 else {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "this SVD was computed without singular vectors (vectors: .none)")
    }
  }

  /// The decomposition cut to its `rank` largest singular values: `u` `m × rank`, `vt`
  /// `rank × n`.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` when `rank` lies
  ///   outside `0...min(m, n)` or the vectors were not computed.
  /// - Complexity: O((m + n)·rank).
  public func truncated(rank: Int) throws -> SVD {
    try _checkRank(rank, "SVD.truncated(rank:)")
    let u = self.u.withUnsafeView { Matrix(copying: $0.subview(rows: 0..<self.u.rows, columns: 0..<rank)) }
    let vt = self.vt.withUnsafeView { Matrix(copying: $0.subview(rows: 0..<rank, columns: 0..<self.vt.columns)) }
    return SVD(u: u, singularValues: Array(singularValues.prefix(rank)), vt: vt, driver: driver, vectors: .thin)
  }

  /// The best rank-`rank` approximation `U_k·diag(s_k)·V_kᵀ` of the decomposed matrix in
  /// both the Frobenius and the spectral norm (Eckart–Young); `rank` 0 gives zeros.
  ///
  /// A rank outside `0...min(m, n)`, or an SVD without vectors, stops with a precondition
  /// failure naming it (``truncated(rank:)`` throws instead).
  /// - Complexity: O(m·n·rank), one BLAS `gemm`.
  public func reconstruction(rank: Int) -> Matrix<Scalar> {
    do { try _checkRank(rank, "SVD.reconstruction(rank:)") } catch { preconditionFailure("\(error)") }
    var scaledU = Matrix<Scalar>(rows: u.rows, columns: rank)
    for i in 0..<u.rows {
      for j in 0..<rank { scaledU._storage[i * rank + j] = u._storage[i * u.columns + j] * singularValues[j] }
    }
    var result = Matrix<Scalar>(rows: rows, columns: columns)
    scaledU.withUnsafeView { a in
      vt.withUnsafeView { b in
        result.withUnsafeMutableView { c in
          BLAS.gemm(a, transposeA: false, b.subview(rows: 0..<rank, columns: 0..<b.columns), transposeB: false, into: c)
        }
      }
    }
    return result
  }
}
