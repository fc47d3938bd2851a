extension BlockSparseMatrix {
  /// The transpose, a new `columns × rows` block-sparse matrix in
  /// `blockColumns × blockRows` blocks.
  ///
  /// A real BSR transpose: the stored blocks are regrouped by block column (a counting sort
  /// of the block coordinates) and each block is transposed on the way, in parallel, so the
  /// result stores exactly the transposes of the stored blocks. To multiply by the transpose
  /// once, ``multiplied(by:transposed:)-(Matrix<Scalar>,_)`` avoids even this copy.
  /// - Complexity: O(stored entries + block rows + block columns).
  public var transposed: BlockSparseMatrix {
    let index = _blockColumnIndex()
    return BlockSparseMatrix(
      _unchecked: columns, rows, blockRows: blockColumns, blockColumns: blockRows,
      blockRowPointers: index.pointers, blockColumnIndices: index.blockRows,
      values: _transposedValues(index))
  }

  /// The stored blocks in the order of `index`, each transposed.
  @usableFromInline
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _transposedValues(_ index: BlockColumnIndex) -> [Scalar] {
    let size = blockRows * blockColumns
    return _withValues { source in
      Matrix<Scalar>(_uninitializedRows: storedBlockCount, columns: size) { target in
        _forEachOutputChunk(count: blockColumnCount, pointers: index.pointers, work: _values.count * 4) { range in
          for slot in index.pointers[range.lowerBound]..<index.pointers[range.upperBound] {
            // A blockRows × blockColumns block becomes blockColumns × blockRows.
            _transposeCopy(
              _block(index.positions[slot], in: source),
              into: MutableMatrixView(
                base: target.base + slot &* size, rows: blockColumns, columns: blockRows, leadingDimension: blockRows))
          }
        }
      }.elements
    }
  }
}
