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

/// `A ≈ Q·B` for an `m × n` operator known only through its products: `Q` (`m × ℓ`) has
/// orthonormal columns spanning an approximation of `A`'s dominant column space (Halko,
/// Martinsson & Tropp 2011, algorithm 4.4: a Gaussian test matrix, then `powerIterations`
/// rounds of `A·Aᵀ` re-orthonormalized by QR between products), and `B = Qᵀ·A` is kept as
/// `Bᵀ = Aᵀ·Q` (`n × ℓ`). Randomized SVD and NMF's randomized compression share it.
struct RandomizedRangeSketch<Scalar: BLASScalar> {
  /// `m × ℓ`, orthonormal columns.
  let q: Matrix<Scalar>
  /// `Bᵀ = Aᵀ·Q`, `n × ℓ`.
  let bt: Matrix<Scalar>

  /// Sketches with `width` (`ℓ`, at most `min(m, n)`) columns.
  /// - Throws: ``BlockNumericsError/nonFiniteValue(operation:message:)`` when `A` holds NaN
  ///   or infinity (seen in the first product); the errors of ``QR``.
  /// - Complexity: `2·powerIterations + 2` products with `ℓ` columns, QR factorizations of
  ///   `m × ℓ` and `n × ℓ` matrices.
  init(
    rows m: Int, columns n: Int, width: Int, powerIterations: Int, seed: UInt64, operation: String,
    applied: (Matrix<Scalar>) -> Matrix<Scalar>, transposeApplied: (Matrix<Scalar>) -> Matrix<Scalar>
  ) throws {
    let omega = Matrix<Scalar>.randomNormal(rows: n, columns: width, seed: seed)
    let sample = applied(omega)
    // A NaN or infinity anywhere in `A` reaches `A·Ω` (Gaussian entries are never zero), so
    // this one check stands for a scan of every operator kind.
    guard sample.isFinite else {
      throw BlockNumericsError.nonFiniteValue(
        operation: operation, message: "the \(m)×\(n) operator holds NaN or infinity (a·Ω is not finite); SVD needs finite entries")
    }
    var basis = try QR(sample).q
    for _ in 0..<powerIterations {
      let coBasis = try QR(transposeApplied(basis)).q
      basis = try QR(applied(coBasis)).q
    }
    q = basis
    bt = transposeApplied(basis)
  }

  /// The top `rank` singular triplets of `Q·B` (`rank ≤ ℓ`): a dense `?gesdd` of the small
  /// `B`, then `U = Q·U_B`.
  func truncatedSVD(rank: Int) throws -> SVD<Scalar> {
    let small = try SVD(bt.transposed, driver: .gesdd).truncated(rank: rank)
    return SVD(u: q * small.u, singularValues: small.singularValues, vt: small.vt, driver: small.driver, vectors: .thin)
  }
}
