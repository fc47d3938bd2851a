extension Matrix {
  /// The transpose, a new `columns × rows` matrix.
  ///
  /// Copies in cache-sized tiles, so large transposes stay memory-bound rather than
  /// cache-miss-bound.
  /// - Complexity: O(rows · columns).
  @inlinable
  public var transposed: Matrix {
    Matrix(_uninitializedRows: columns, columns: rows) { target in
      withUnsafeView { source in _transposeCopy(source, into: target) }
    }
  }
}

/// Writes the transpose of `source` into `target` (`source.columns × source.rows`): the one
/// transpose of the library (``Matrix/transposed``, the block-sparse kernels and layers, the
/// packing of the small-product kernel).
///
/// Small views (a block of a block-sparse matrix) are copied in place by a plain loop, with
/// no call; larger ones in square tiles of 32 so that both sides stay in cache, by a copy
/// compiled for `Float` and `Double` here (generic callers do not run it element by element
/// through generic witnesses).
/// - Complexity: O(rows · columns).
@inlinable
func _transposeCopy<Scalar: BLASScalar>(_ source: MatrixView<Scalar>, into target: MutableMatrixView<Scalar>) {
  guard source.rows &* source.columns > 32 * 32 else {
    for i in 0..<source.rows {
      let from = source.base + i &* source.leadingDimension
      for j in 0..<source.columns { target.base[j &* target.leadingDimension &+ i] = from[j] }
    }
    return
  }
  _tiledTransposeCopy(source, into: target)
}

/// The tiled copy of ``_transposeCopy(_:into:)``.
@usableFromInline
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func _tiledTransposeCopy<Scalar: BLASScalar>(_ source: MatrixView<Scalar>, into target: MutableMatrixView<Scalar>) {
  let tile = 32
  for rowStart in stride(from: 0, to: source.rows, by: tile) {
    let rowEnd = Swift.min(rowStart + tile, source.rows)
    for columnStart in stride(from: 0, to: source.columns, by: tile) {
      let columnEnd = Swift.min(columnStart + tile, source.columns)
      for i in rowStart..<rowEnd {
        let from = source.base + i &* source.leadingDimension
        for j in columnStart..<columnEnd { target.base[j &* target.leadingDimension &+ i] = from[j] }
      }
    }
  }
}
