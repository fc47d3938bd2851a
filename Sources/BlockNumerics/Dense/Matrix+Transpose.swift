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
/// small-product kernel's copy of a transposed operand).
///
/// The library's vector kernel (``VectorKernels``): square tiles of 32 so that both sides
/// stay in cache, inside them 4 × 4 blocks transposed in registers.
/// - Complexity: O(rows · columns).
@inlinable
func _transposeCopy<Scalar: BLASScalar>(_ source: MatrixView<Scalar>, into target: MutableMatrixView<Scalar>) {
  Scalar._transpose(
    rows: source.rows, columns: source.columns, source: source.base, lds: source.leadingDimension,
    target: target.base, ldt: target.leadingDimension)
}
