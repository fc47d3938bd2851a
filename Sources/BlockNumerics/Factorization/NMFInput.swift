/// What NMF needs from its input `X`: a ``LinearOperator`` (the products `X·B` and `Xᵀ·B`
/// with a factor), its norm and mean, a scan for invalid entries, and the top singular
/// triplets for NNDSVD. A dense `X` (``DenseNMFInput``), a block-sparse `X` (never
/// densified) and a randomized sketch of either (``SketchedNMFInput``) conform.
protocol NMFInput: LinearOperator {
  /// `‖X‖²_F`.
  var squaredFrobeniusNorm: Scalar { get }
  /// The mean of all `rows · columns` entries (absent ones count as zeros).
  var entryMean: Scalar { get }
  /// The stored entries, for validation: every one must be finite and non-negative.
  func firstInvalidEntry() -> (row: Int, column: Int, value: Scalar)?
  /// `X · B` into `result`, which already has the product's shape (`rows × B.columns`);
  /// its storage is reused.
  func applied(to b: Matrix<Scalar>, into result: inout Matrix<Scalar>)
  /// `Xᵀ · B` into `result`, which already has the product's shape (`columns × B.columns`);
  /// its storage is reused.
  func transposeApplied(to b: Matrix<Scalar>, into result: inout Matrix<Scalar>)
  /// The top `k` singular triplets (`u` `m × k`, values, `vt` `k × n`) for NNDSVD.
  func topSingularTriplets(_ k: Int) throws -> (u: Matrix<Scalar>, s: [Scalar], vt: Matrix<Scalar>)
}

extension NMFInput {
  func applied(to b: Matrix<Scalar>, into result: inout Matrix<Scalar>) { result = applied(to: b) }
  func transposeApplied(to b: Matrix<Scalar>, into result: inout Matrix<Scalar>) { result = transposeApplied(to: b) }

  /// By a randomized SVD through the products alone (7 power iterations, as scikit-learn's
  /// NNDSVD uses for few components), so `X` is never densified.
  func topSingularTriplets(_ k: Int) throws -> (u: Matrix<Scalar>, s: [Scalar], vt: Matrix<Scalar>) {
    let svd = try SVD.randomized(self, rank: k, powerIterations: 7)
    return (svd.u, svd.singularValues, svd.vt)
  }
}

/// An NMF input that holds `X` entry by entry, as the Kullback–Leibler loss needs (a sketch
/// does not).
protocol KullbackLeiblerNMFInput: NMFInput {
  /// `X ⊘ (W·Hᵗᵀ)` where `X` is nonzero (zero elsewhere), with `W·Hᵗᵀ` floored at `floor`,
  /// and over those entries `Σ x·log(x / y)` and `Σ x`: the Kullback–Leibler pieces.
  func klQuotient(w: Matrix<Scalar>, ht: Matrix<Scalar>, floor: Scalar) -> (quotient: Self, xLogXOverY: Scalar, sumX: Scalar)
}

/// A dense `X` with its transpose kept beside it: `Xᵀ·W` from a contiguous `Xᵀ` is about a
/// third faster than a transposed `gemm` for NMF's skinny products, and the copy is made
/// once per fit. Every product goes through the row-parallel product, so it uses every core
/// and its bits do not depend on the thread count.
struct DenseNMFInput<Scalar: BLASScalar>: KullbackLeiblerNMFInput {
  let x: Matrix<Scalar>
  let xt: Matrix<Scalar>

  init(_ x: Matrix<Scalar>) {
    self.x = x
    xt = x.transposed
  }

  var rows: Int { x.rows }
  var columns: Int { x.columns }
  var squaredFrobeniusNorm: Scalar { let norm = x.frobeniusNorm; return norm * norm }
  var entryMean: Scalar { x.mean() ?? 0 }

  func firstInvalidEntry() -> (row: Int, column: Int, value: Scalar)? {
    guard let index = x._storage.withUnsafeBufferPointer(_firstNegativeOrNonFinite) else { return nil }
    return (index / columns, index % columns, x._storage[index])
  }

  func applied(to b: Matrix<Scalar>) -> Matrix<Scalar> { x._rowParallelProduct(b) }
  func transposeApplied(to b: Matrix<Scalar>) -> Matrix<Scalar> { xt._rowParallelProduct(b) }
  func applied(to b: Matrix<Scalar>, into result: inout Matrix<Scalar>) { x._rowParallelProduct(b, into: &result) }
  func transposeApplied(to b: Matrix<Scalar>, into result: inout Matrix<Scalar>) { xt._rowParallelProduct(b, into: &result) }

  func klQuotient(w: Matrix<Scalar>, ht: Matrix<Scalar>, floor: Scalar) -> (quotient: DenseNMFInput, xLogXOverY: Scalar, sumX: Scalar) {
    var quotient = w._rowParallelProduct(ht, transposeOther: true)
    let (xLogXOverY, sumX) = x._storage.withUnsafeBufferPointer { x in
      quotient._storage.withUnsafeMutableBufferPointer { _klQuotient(x: x, y: $0, floor: floor) }
    }
    return (DenseNMFInput(quotient), xLogXOverY, sumX)
  }

  /// A full `?gesdd` for small matrices, a randomized SVD through the row-parallel products
  /// (7 power iterations, as scikit-learn's NNDSVD uses for few components) when
  /// `min(m, n) > 500` and `k ≤ min(m, n) / 4`.
  func topSingularTriplets(_ k: Int) throws -> (u: Matrix<Scalar>, s: [Scalar], vt: Matrix<Scalar>) {
    let svd = Swift.min(rows, columns) > 500 && 4 * k <= Swift.min(rows, columns)
      ? try SVD.randomized(self, rank: k, powerIterations: 7)
      : try SVD(x, driver: .gesdd).truncated(rank: k)
    return (svd.u, svd.singularValues, svd.vt)
  }
}

extension BlockSparseMatrix: KullbackLeiblerNMFInput {
  var squaredFrobeniusNorm: Scalar { _values.reduce(0) { $0 + $1 * $1 } }
  var entryMean: Scalar { rows * columns == 0 ? 0 : _values.reduce(0, +) / Scalar(rows * columns) }

  func firstInvalidEntry() -> (row: Int, column: Int, value: Scalar)? {
    // Negative, NaN and infinite entries are all nonzero.
    nonzeroEntries.first { !($0.value >= 0) || !$0.value.isFinite }
  }

  func klQuotient(w: Matrix<Scalar>, ht: Matrix<Scalar>, floor: Scalar) -> (quotient: BlockSparseMatrix, xLogXOverY: Scalar, sumX: Scalar) {
    // W·Hᵀ on the stored blocks only (SDDMM), then x / y entry by entry.
    var quotient = _sampledProduct(w, ht, transposeA: false, transposeB: true, alpha: 1)
    let (xLogXOverY, sumX) = _values.withUnsafeBufferPointer { x in
      quotient._values.withUnsafeMutableBufferPointer { _klQuotient(x: x, y: $0, floor: floor) }
    }
    return (quotient, xLogXOverY, sumX)
  }
}

/// The Kullback–Leibler pieces entry by entry: where `x > 0`, `y ← x / max(y, floor)` and
/// `x·log(x / max(y, floor))` and `x` are summed; elsewhere `y ← 0`. Returns the two sums.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func _klQuotient<Scalar: BLASScalar>(
  x: UnsafeBufferPointer<Scalar>, y: UnsafeMutableBufferPointer<Scalar>, floor: Scalar
) -> (xLogXOverY: Scalar, sumX: Scalar) {
  var xLogXOverY: Scalar = 0
  var sumX: Scalar = 0
  for index in y.indices {
    let xv = x[index]
    if xv > 0 {
      let yv = Swift.max(y[index], floor)
      xLogXOverY += xv * Scalar.log(xv / yv)
      sumX += xv
      y[index] = xv / yv
    } else {
      y[index] = 0
    }
  }
  return (xLogXOverY, sumX)
}

/// The index of the first entry that is negative, NaN or infinite, if any. A specialized
/// loop: from NMF's generic code, `firstIndex(where:)` ran unspecialized, through value
/// witnesses, and took longer than a product with X.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
package func _firstNegativeOrNonFinite<Scalar: BLASScalar>(_ entries: UnsafeBufferPointer<Scalar>) -> Int? {
  for index in entries.indices {
    let value = entries[index]
    if !(value >= 0) || !value.isFinite { return index }
  }
  return nil
}
