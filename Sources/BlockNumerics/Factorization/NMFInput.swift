/// What NMF needs from its input `X`: shape, norms and the two products with a factor.
/// Dense matrices and block-sparse matrices conform; a block-sparse `X` is never densified.
protocol NMFInput<Scalar> {
  associatedtype Scalar: BLASScalar
  var rows: Int { get }
  var columns: Int { get }
  /// `‖X‖²_F`.
  var squaredFrobeniusNorm: Scalar { get }
  /// The mean of all `rows · columns` entries (absent ones count as zeros).
  var entryMean: Scalar { get }
  /// The stored entries, for validation: every one must be finite and non-negative.
  func firstInvalidEntry() -> (row: Int, column: Int, value: Scalar)?
  /// `X · B` for `B` of `columns × k`: an `rows × k` matrix.
  func times(_ b: Matrix<Scalar>) -> Matrix<Scalar>
  /// `Xᵀ · B` for `B` of `rows × k`: a `columns × k` matrix.
  func transposeTimes(_ b: Matrix<Scalar>) -> Matrix<Scalar>
  /// `X · B` into `result`, which already has the product's shape; its storage is reused.
  func times(_ b: Matrix<Scalar>, into result: inout Matrix<Scalar>)
  /// `Xᵀ · B` into `result`, which already has the product's shape; its storage is reused.
  func transposeTimes(_ b: Matrix<Scalar>, into result: inout Matrix<Scalar>)
  /// `X ⊘ (W·Hᵗᵀ)` where `X` is nonzero (zero elsewhere), with `W·Hᵗᵀ` floored at
  /// `floor`, and `Σ x·log(x / y)` over those entries: the Kullback–Leibler pieces.
  func klQuotient(w: Matrix<Scalar>, ht: Matrix<Scalar>, floor: Scalar) -> (quotient: Self, xLogXOverY: Scalar, sumX: Scalar)
  /// The top `k` singular triplets (`u` `m × k`, values, `vt` `k × n`) for NNDSVD.
  func topSingularTriplets(_ k: Int) throws -> (u: Matrix<Scalar>, s: [Scalar], vt: Matrix<Scalar>)
}

extension NMFInput {
  func times(_ b: Matrix<Scalar>, into result: inout Matrix<Scalar>) { result = times(b) }
  func transposeTimes(_ b: Matrix<Scalar>, into result: inout Matrix<Scalar>) { result = transposeTimes(b) }
}

/// A dense `X` with its transpose kept beside it: `Xᵀ·W` from a contiguous `Xᵀ` is about a
/// third faster than a transposed `gemm` for NMF's skinny products, and the copy is made
/// once per fit.
struct DenseNMFInput<Scalar: BLASScalar>: NMFInput {
  let x: Matrix<Scalar>
  let xt: Matrix<Scalar>

  init(_ x: Matrix<Scalar>) {
    self.x = x
    xt = _transposed(x)
  }

  var rows: Int { x.rows }
  var columns: Int { x.columns }
  var squaredFrobeniusNorm: Scalar { x.squaredFrobeniusNorm }
  var entryMean: Scalar { x.entryMean }
  func firstInvalidEntry() -> (row: Int, column: Int, value: Scalar)? { x.firstInvalidEntry() }
  func times(_ b: Matrix<Scalar>) -> Matrix<Scalar> { x._rowParallelProduct(b) }
  func transposeTimes(_ b: Matrix<Scalar>) -> Matrix<Scalar> { xt._rowParallelProduct(b) }
  func times(_ b: Matrix<Scalar>, into result: inout Matrix<Scalar>) { x._rowParallelProduct(b, into: &result) }
  func transposeTimes(_ b: Matrix<Scalar>, into result: inout Matrix<Scalar>) { xt._rowParallelProduct(b, into: &result) }
  func klQuotient(w: Matrix<Scalar>, ht: Matrix<Scalar>, floor: Scalar) -> (quotient: DenseNMFInput, xLogXOverY: Scalar, sumX: Scalar) {
    let (quotient, xLogXOverY, sumX) = x.klQuotient(w: w, ht: ht, floor: floor)
    return (DenseNMFInput(quotient), xLogXOverY, sumX)
  }
  func topSingularTriplets(_ k: Int) throws -> (u: Matrix<Scalar>, s: [Scalar], vt: Matrix<Scalar>) { try x.topSingularTriplets(k) }
}

extension Matrix: NMFInput {
  var squaredFrobeniusNorm: Scalar { let norm = frobeniusNorm; return norm * norm }
  var entryMean: Scalar { mean() ?? 0 }

  func firstInvalidEntry() -> (row: Int, column: Int, value: Scalar)? {
    guard let index = _storage.withUnsafeBufferPointer(_firstNegativeOrNonFinite) else { return nil }
    return (index / columns, index % columns, _storage[index])
  }

  func times(_ b: Matrix<Scalar>) -> Matrix<Scalar> { _product(b) }

  func transposeTimes(_ b: Matrix<Scalar>) -> Matrix<Scalar> {
    var result = Matrix(rows: columns, columns: b.columns)
    try! Matrix.multiply(self, b, transposeA: true, into: &result)
    return result
  }

  func klQuotient(w: Matrix<Scalar>, ht: Matrix<Scalar>, floor: Scalar) -> (quotient: Matrix<Scalar>, xLogXOverY: Scalar, sumX: Scalar) {
    var quotient = Matrix(rows: rows, columns: columns)
    try! Matrix.multiply(w, ht, transposeB: true, into: &quotient)
    var xLogXOverY: Scalar = 0
    var sumX: Scalar = 0
    quotient._storage.withUnsafeMutableBufferPointer { y in
      _storage.withUnsafeBufferPointer { x in
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
      }
    }
    return (quotient, xLogXOverY, sumX)
  }
}

extension BlockSparseMatrix: NMFInput {
  var squaredFrobeniusNorm: Scalar { _values.reduce(0) { $0 + $1 * $1 } }
  var entryMean: Scalar { rows * columns == 0 ? 0 : _values.reduce(0, +) / Scalar(rows * columns) }

  func firstInvalidEntry() -> (row: Int, column: Int, value: Scalar)? {
    // Negative, NaN and infinite entries are all nonzero.
    nonzeroEntries.first { !($0.value >= 0) || !$0.value.isFinite }
  }

  func times(_ b: Matrix<Scalar>) -> Matrix<Scalar> { self * b }

  func transposeTimes(_ b: Matrix<Scalar>) -> Matrix<Scalar> { try! multiplied(by: b, transposed: true) }

  func klQuotient(w: Matrix<Scalar>, ht: Matrix<Scalar>, floor: Scalar) -> (quotient: BlockSparseMatrix, xLogXOverY: Scalar, sumX: Scalar) {
    // W·Hᵀ on the stored blocks only (SDDMM), then x / y entry by entry.
    var quotient = _sampledProduct(w, ht, transposeA: false, transposeB: true, alpha: 1)
    var xLogXOverY: Scalar = 0
    var sumX: Scalar = 0
    quotient._values.withUnsafeMutableBufferPointer { y in
      _values.withUnsafeBufferPointer { x in
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
      }
    }
    return (quotient, xLogXOverY, sumX)
  }
}

extension Matrix {
  /// The top `k` singular triplets (`u` `m × k`, values, `vt` `k × n`) for NNDSVD: a full
  /// `?gesdd` for small matrices, a randomized SVD (7 power iterations, as scikit-learn's
  /// NNDSVD uses for few components) when `min(m, n) > 500` and `k ≤ min(m, n) / 4`.
  func topSingularTriplets(_ k: Int) throws -> (u: Matrix<Scalar>, s: [Scalar], vt: Matrix<Scalar>) {
    let svd = Swift.min(rows, columns) > 500 && 4 * k <= Swift.min(rows, columns)
      ? try SVD.randomized(self, rank: k, powerIterations: 7)
      : try SVD(self, driver: .gesdd).truncated(rank: k)
    return (svd.u, svd.singularValues, svd.vt)
  }
}

extension BlockSparseMatrix {
  /// The top `k` singular triplets through products with `X` alone (a randomized range
  /// finder with power iterations), so `X` is never densified.
  func topSingularTriplets(_ k: Int) throws -> (u: Matrix<Scalar>, s: [Scalar], vt: Matrix<Scalar>) {
    let svd = try SVD.randomized(self, rank: k, powerIterations: 7)
    return (svd.u, svd.singularValues, svd.vt)
  }
}

/// The index of the first entry that is negative, NaN or infinite, if any. A specialized
/// loop: from NMF's generic code, `firstIndex(where:)` ran unspecialized, through value
/// witnesses, and took longer than a product with X.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func _firstNegativeOrNonFinite<Scalar: BLASScalar>(_ entries: UnsafeBufferPointer<Scalar>) -> Int? {
  for index in entries.indices {
    let value = entries[index]
    if !(value >= 0) || !value.isFinite { return index }
  }
  return nil
}

/// `x.transposed`, specialized: NMF's generic code would otherwise run the inlinable
/// transpose unspecialized, an element at a time through the generic witnesses.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func _transposed<Scalar: BLASScalar>(_ x: Matrix<Scalar>) -> Matrix<Scalar> { x.transposed }
