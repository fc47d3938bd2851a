extension SVD {
  /// A rank-`rank` truncated SVD by randomized range finding (Halko, Martinsson & Tropp
  /// 2011, algorithms 4.4 and 5.1), through products with `a` alone.
  ///
  /// A Gaussian test matrix of `rank + oversampling` columns is multiplied by `a`, refined
  /// by `powerIterations` rounds of `a·aᵀ` (re-orthonormalized by QR between products, so
  /// small singular values survive), and the small projected matrix is decomposed densely.
  /// The error approaches the optimal tail `σ_{rank+1}` as the spectrum decays and the
  /// power iterations grow. A block-sparse `a` is never densified.
  /// - Parameters:
  ///   - a: the `m × n` operator: a ``Matrix``, ``BlockMatrix`` or ``BlockSparseMatrix``.
  ///   - rank: the number of singular triplets wanted, at most `min(m, n)`.
  ///   - oversampling: extra test vectors (default 10).
  ///   - powerIterations: rounds of power iteration (default 4).
  ///   - seed: the Gaussian test matrix's seed.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for a rank outside
  ///   `0...min(m, n)` or negative settings; ``BlockNumericsError/nonFiniteValue(operation:message:)``
  ///   when `a` holds NaN or infinity (seen in the first product, before LAPACK runs); the
  ///   errors of ``QR`` and ``SVD``.
  /// - Complexity: O((2·powerIterations + 2)·cost(a·X) + (m + n)·ℓ²) with
  ///   `ℓ = rank + oversampling`.
  public static func randomized<Operator: LinearOperator>(
    _ a: Operator, rank: Int, oversampling: Int = 10, powerIterations: Int = 4, seed: UInt64 = 0
  ) throws -> SVD where Operator.Scalar == Scalar {
    let operation = "SVD.randomized(_:rank:)"
    let m = a.rows
    let n = a.columns
    guard rank >= 0 && rank <= Swift.min(m, n) else {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "rank \(rank) is outside 0...\(Swift.min(m, n)) for a \(m)×\(n) matrix")
    }
    guard oversampling >= 0 && powerIterations >= 0 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "oversampling (\(oversampling)) and powerIterations (\(powerIterations)) must be non-negative")
    }
    let width = Swift.min(rank + oversampling, Swift.min(m, n))
    guard rank > 0 else {
      return SVD(u: Matrix(rows: m, columns: 0), singularValues: [], vt: Matrix(rows: 0, columns: n), driver: .gesdd, vectors: .thin)
    }
    let sketch = try RandomizedRangeSketch<Scalar>(
      rows: m, columns: n, width: width, powerIterations: powerIterations, seed: seed, operation: operation,
      applied: a.applied(to:), transposeApplied: a.transposeApplied(to:))
    return try sketch.truncatedSVD(rank: rank)
  }
}
