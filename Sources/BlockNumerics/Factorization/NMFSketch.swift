/// A randomized low-rank sketch `X' = Q·B` of an NMF input `X`
/// (``NMF/Compression/randomized(oversampling:powerIterations:seed:)``): a
/// ``RandomizedRangeSketch`` of `X`, with `X`'s own norm and mean.
///
/// The solvers then run unchanged on `X'`, whose products cost `O((m + n)·ℓ·k)` instead of
/// `O(m·n·k)`: `X'·F = Q·(B·F)` and `X'ᵀ·G = Bᵀ·(Qᵀ·G)`. This is randomized HALS (Erichson,
/// Mendible, Wihlborn & Kutz 2018) with the factors kept in the full space, so `W ≥ 0` and
/// `H ≥ 0` hold exactly. Since the sketch reports the norm of `X` itself, the errors the
/// solvers record are `‖X − X'‖² + ‖X' − WH‖²` (`X − X'` is orthogonal to `X'`), an
/// estimate of `‖X − WH‖²`. It is not a ``KullbackLeiblerNMFInput``: that loss needs `X`
/// entry by entry, so ``NMF`` refuses it with a sketch.
struct SketchedNMFInput<Scalar: BLASScalar>: NMFInput {
  let sketch: RandomizedRangeSketch<Scalar>
  let squaredFrobeniusNorm: Scalar
  let entryMean: Scalar

  /// Sketches `x` (already validated) with `width` columns (clamped to `min(m, n)`).
  /// - Complexity: as ``RandomizedRangeSketch``'s.
  init<Input: NMFInput>(_ x: Input, width: Int, powerIterations: Int, seed: UInt64) throws where Input.Scalar == Scalar {
    sketch = try RandomizedRangeSketch(
      rows: x.rows, columns: x.columns, width: Swift.min(width, Swift.min(x.rows, x.columns)),
      powerIterations: powerIterations, seed: seed, operation: "NMF.fit(_:)", applied: x.applied(to:),
      transposeApplied: x.transposeApplied(to:))
    squaredFrobeniusNorm = x.squaredFrobeniusNorm
    entryMean = x.entryMean
  }

  /// `m × ℓ`, orthonormal columns.
  var q: Matrix<Scalar> { sketch.q }
  /// `Bᵀ = Xᵀ·Q`, `n × ℓ`.
  var bt: Matrix<Scalar> { sketch.bt }

  var rows: Int { q.rows }
  var columns: Int { bt.rows }
  var width: Int { q.columns }

  /// The input was validated before it was sketched.
  func firstInvalidEntry() -> (row: Int, column: Int, value: Scalar)? { nil }

  func applied(to b: Matrix<Scalar>) -> Matrix<Scalar> {
    var result = Matrix<Scalar>(rows: rows, columns: b.columns)
    applied(to: b, into: &result)
    return result
  }

  func transposeApplied(to b: Matrix<Scalar>) -> Matrix<Scalar> {
    var result = Matrix<Scalar>(rows: columns, columns: b.columns)
    transposeApplied(to: b, into: &result)
    return result
  }

  /// `Q·(Bᵀᵀ·b)`: two small products instead of one with `X`.
  func applied(to b: Matrix<Scalar>, into result: inout Matrix<Scalar>) {
    var projected = Matrix<Scalar>(rows: width, columns: b.columns)
    try! Matrix.multiply(bt, b, transposeA: true, into: &projected)
    try! Matrix.multiply(q, projected, into: &result)
  }

  /// `Bᵀ·(Qᵀ·b)`.
  func transposeApplied(to b: Matrix<Scalar>, into result: inout Matrix<Scalar>) {
    var projected = Matrix<Scalar>(rows: width, columns: b.columns)
    try! Matrix.multiply(q, b, transposeA: true, into: &projected)
    try! Matrix.multiply(bt, projected, into: &result)
  }

  /// The top `k` singular triplets of `X' = Q·B` (no further pass over `X`).
  func topSingularTriplets(_ k: Int) throws -> (u: Matrix<Scalar>, s: [Scalar], vt: Matrix<Scalar>) {
    let svd = try sketch.truncatedSVD(rank: k)
    return (svd.u, svd.singularValues, svd.vt)
  }
}
