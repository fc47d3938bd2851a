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
