/// Which way a reduction runs: down the rows (one result per column) or across the
/// columns (one result per row).
public enum MatrixAxis: Sendable, Equatable {
  /// Reduce down each column, giving a `1 × columns` result (NumPy's `axis=0`).
  case rows
  /// Reduce across each row, giving a `rows × 1` result (NumPy's `axis=1`).
  case columns
}

extension Matrix {
  /// The sum of all entries (0 for an empty matrix), accumulated pairwise per row.
  /// - Complexity: O(rows · columns).
  @inlinable
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum() -> Scalar {
    _storage.withUnsafeBufferPointer { buffer in
      var total: Scalar = 0
      var start = 0
      // Summing row-sized chunks keeps the rounding error near that of NumPy's pairwise sum.
      let chunk = Swift.max(columns, 1)
      while start < buffer.count {
        var partial: Scalar = 0
        for i in start..<Swift.min(start + chunk, buffer.count) { partial += buffer[i] }
        total += partial
        start += chunk
      }
      return total
    }
  }

  /// The mean of all entries, or `nil` for an empty matrix.
  /// - Complexity: O(rows · columns).
  public func mean() -> Scalar? {
    isEmpty ? nil : sum() / Scalar(count)
  }

  /// The smallest entry, or `nil` for an empty matrix; NaN if any entry is NaN (as NumPy).
  /// - Complexity: O(rows · columns).
  public func min() -> Scalar? { _extreme(<) }

  /// The largest entry, or `nil` for an empty matrix; NaN if any entry is NaN (as NumPy).
  /// - Complexity: O(rows · columns).
  public func max() -> Scalar? { _extreme(>) }

  func _extreme(_ better: (Scalar, Scalar) -> Bool) -> Scalar? {
    guard var best = _storage.first else { return nil }
    for value in elements {
      if value.isNaN { return .nan }
      if better(value, best) { best = value }
    }
    return best
  }

  /// Sums along an axis: `.rows` gives the `1 × columns` column sums, `.columns` the
  /// `rows × 1` row sums.
  /// - Complexity: O(rows · columns).
  public func sum(along axis: MatrixAxis) -> Matrix {
    switch axis {
    case .rows:
      var result = Matrix(rows: 1, columns: columns)
      _storage.withUnsafeBufferPointer { a in
        result._storage.withUnsafeMutableBufferPointer { out in
          for i in 0..<rows {
            for j in 0..<columns { out[j] += a[i * columns + j] }
          }
        }
      }
      return result
    case .columns:
      var result = Matrix(rows: rows, columns: 1)
      _storage.withUnsafeBufferPointer { a in
        for i in 0..<rows {
          var total: Scalar = 0
          for j in 0..<columns { total += a[i * columns + j] }
          result._storage[i] = total
        }
      }
      return result
    }
  }

  /// For each row, the column index of its largest entry (the first one on ties); an
  /// empty row gives `nil`.
  /// - Complexity: O(rows · columns).
  public func argmaxPerRow() -> [Int?] {
    (0..<rows).map { i in
      guard columns > 0 else { return nil }
      var best = 0
      for j in 1..<columns where _storage[i * columns + j] > _storage[i * columns + best] { best = j }
      return best
    }
  }

  /// The Frobenius norm `sqrt(Σ aᵢⱼ²)`, computed by BLAS `nrm2` without overflow for large
  /// entries.
  /// - Complexity: O(rows · columns).
  public var frobeniusNorm: Scalar {
    guard !isEmpty else { return 0 }
    let count = BLAS.int32(self.count, "Matrix.frobeniusNorm")
    return _storage.withUnsafeBufferPointer { Scalar.nrm2(count: count, x: $0.baseAddress!, incrementX: 1) }
  }

  /// The trace, the sum of the diagonal entries.
  /// - Complexity: O(min(rows, columns)).
  public var trace: Scalar {
    (0..<Swift.min(rows, columns)).reduce(0) { $0 + _storage[$1 * columns + $1] }
  }

  /// Whether every entry is finite (no NaN, no infinity).
  /// - Complexity: O(rows · columns).
  public var isFinite: Bool { _storage.withUnsafeBufferPointer(_allFinite) }

  /// Whether this matrix equals `other` up to a relative tolerance in the Frobenius norm:
  /// `‖self − other‖_F ≤ tolerance · max(‖self‖_F, ‖other‖_F)`.
  ///
  /// Different shapes are never approximately equal; two zero matrices are; NaN never is.
  /// - Complexity: O(rows · columns).
  public func isApproximatelyEqual(to other: Matrix, tolerance: Scalar) -> Bool {
    guard rows == other.rows && columns == other.columns else { return false }
    if isEmpty { return true }
    let difference = (self - other).frobeniusNorm
    let scale = Swift.max(frobeniusNorm, other.frobeniusNorm)
    return difference <= tolerance * scale
  }
}

/// Whether every entry is finite: a specialized loop, since from the library's generic code
/// (QR, SVD, NMF) `allSatisfy` ran unspecialized, a witness call per entry.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func _allFinite<Scalar: BLASScalar>(_ entries: UnsafeBufferPointer<Scalar>) -> Bool {
  var finite = true
  for value in entries { finite = finite && value.isFinite }
  return finite
}
