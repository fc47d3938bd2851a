/// A randomized low-rank sketch `X' = Q·B` of an NMF input `X` (``NMF/Compression/randomized(oversampling:powerIterations:seed:)``):
/// `Q` (`m × ℓ`) has orthonormal columns spanning an approximation of `X`'s dominant column
/// space, found by a randomized range finder (Halko, Martinsson & Tropp 2011, algorithm 4.4),
/// and `B = Qᵀ·X` (`ℓ × n`, stored as `Bᵀ`).
///
/// The solvers then run unchanged on `X'`, whose products cost `O((m + n)·ℓ·k)` instead of
/// `O(m·n·k)`: `X'·F = Q·(B·F)` and `X'ᵀ·G = Bᵀ·(Qᵀ·G)`. This is randomized HALS (Erichson,
/// Mendible, Wihlborn & Kutz 2018) with the factors kept in the full space, so `W ≥ 0` and
/// `H ≥ 0` hold exactly. The sketch reports the norm and mean of `X` itself, so the errors
/// the solvers record are `‖X − X'‖² + ‖X' − WH‖²` (`X − X'` is orthogonal to `X'`), an
/// estimate of `‖X − WH‖²`.
struct SketchedNMFInput<Scalar: BLASScalar>: NMFInput {
  /// `m × ℓ`, orthonormal columns.
  let q: Matrix<Scalar>
  /// `Bᵀ = Xᵀ·Q`, `n × ℓ`.
  let bt: Matrix<Scalar>
  let squaredFrobeniusNorm: Scalar
  let entryMean: Scalar

  /// Sketches `x` (already validated) with `width` columns (clamped to `min(m, n)`) and
  /// `powerIterations` rounds of `X·Xᵀ`, re-orthonormalized between products.
  /// - Complexity: `(2·powerIterations + 2)` products of `X` with `ℓ` columns, plus QR
  ///   factorizations of `m × ℓ` and `n × ℓ` matrices.
  init<Input: NMFInput>(_ x: Input, width: Int, powerIterations: Int, seed: UInt64) throws where Input.Scalar == Scalar {
    let width = Swift.min(width, Swift.min(x.rows, x.columns))
    let omega = Matrix<Scalar>.randomNormal(rows: x.columns, columns: width, seed: seed)
    var basis = try QR(x.times(omega)).q
    for _ in 0..<powerIterations {
      let coBasis = try QR(x.transposeTimes(basis)).q
      basis = try QR(x.times(coBasis)).q
    }
    q = basis
    bt = x.transposeTimes(basis)
    squaredFrobeniusNorm = x.squaredFrobeniusNorm
    entryMean = x.entryMean
  }

  var rows: Int { q.rows }
  var columns: Int { bt.rows }
  var width: Int { q.columns }

  /// The input was validated before it was sketched.
  func firstInvalidEntry() -> (row: Int, column: Int, value: Scalar)? { nil }

  func times(_ b: Matrix<Scalar>) -> Matrix<Scalar> {
    var result = Matrix<Scalar>(rows: rows, columns: b.columns)
    times(b, into: &result)
    return result
  }

  func transposeTimes(_ b: Matrix<Scalar>) -> Matrix<Scalar> {
    var result = Matrix<Scalar>(rows: columns, columns: b.columns)
    transposeTimes(b, into: &result)
    return result
  }

  /// `Q·(Bᵀᵀ·b)`: two small products instead of one with `X`.
  func times(_ b: Matrix<Scalar>, into result: inout Matrix<Scalar>) {
    var projected = Matrix<Scalar>(rows: width, columns: b.columns)
    try! Matrix.multiply(bt, b, transposeA: true, into: &projected)
    try! Matrix.multiply(q, projected, into: &result)
  }

  /// `Bᵀ·(Qᵀ·b)`.
  func transposeTimes(_ b: Matrix<Scalar>, into result: inout Matrix<Scalar>) {
    var projected = Matrix<Scalar>(rows: width, columns: b.columns)
    try! Matrix.multiply(q, b, transposeA: true, into: &projected)
    try! Matrix.multiply(bt, projected, into: &result)
  }

  /// Never called: ``NMF`` refuses the Kullback–Leibler loss with a sketch, since that loss
  /// needs `X` entry by entry.
  func klQuotient(w: Matrix<Scalar>, ht: Matrix<Scalar>, floor: Scalar) -> (quotient: SketchedNMFInput, xLogXOverY: Scalar, sumX: Scalar) {
    preconditionFailure("NMF: the Kullback–Leibler loss needs X itself, not a sketch")
  }

  /// The top `k` singular triplets of `X' = Q·B`: a dense SVD of the small `B`, then
  /// `U = Q·U_B` (the sketch's own randomized SVD, no further pass over `X`).
  func topSingularTriplets(_ k: Int) throws -> (u: Matrix<Scalar>, s: [Scalar], vt: Matrix<Scalar>) {
    let small = try SVD(bt.transposed, driver: .gesdd).truncated(rank: k)
    return (q * small.u, small.singularValues, small.vt)
  }
}
