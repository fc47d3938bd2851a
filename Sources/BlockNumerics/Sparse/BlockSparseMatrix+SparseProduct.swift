// Block-sparse × block-sparse (SpGEMM): Gustavson's row-by-row algorithm (Gustavson 1978)
// with matrices as entries. Block row i of the result is Σ_k A_ik · (block row k of B); a
// marker array maps each block column met to its slot, so every result block is one small
// dense accumulator and every block product one BLAS call.

extension BlockSparseMatrix {
  /// The product of two block-sparse matrices, block-sparse (SpGEMM).
  ///
  /// `lhs.columns` must equal `rhs.rows` and `lhs.blockColumns` must equal `rhs.blockRows`;
  /// otherwise this stops with a precondition failure naming both shapes
  /// (``multiplied(by:)-(BlockSparseMatrix<Scalar>)`` throws instead).
  /// - Complexity: see ``multiplied(by:)-(BlockSparseMatrix<Scalar>)``.
  public static func * (lhs: BlockSparseMatrix, rhs: BlockSparseMatrix) -> BlockSparseMatrix {
    do { return try lhs.multiplied(by: rhs) } catch { preconditionFailure("BlockSparseMatrix *: \(error)") }
  }

  /// The product `self · other` of two block-sparse matrices, as a block-sparse matrix in
  /// `blockRows × other.blockColumns` blocks.
  ///
  /// Block `(i, j)` of the result is stored when some `k` has both `(i, k)` stored here and
  /// `(k, j)` stored in `other`, even if the sum cancels to zero (the structure does not
  /// depend on the values).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when `columns !=
  ///   other.rows` or the inner block sizes `blockColumns` and `other.blockRows` differ.
  /// - Complexity: O(Σ over stored blocks (i, k) of the stored blocks in block row k of
  ///   `other`) block products, each O(blockRows · blockColumns · other.blockColumns); in
  ///   parallel over block rows.
  public func multiplied(by other: BlockSparseMatrix) throws -> BlockSparseMatrix {
    guard columns == other.rows, blockColumns == other.blockRows else {
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockSparseMatrix.multiplied(by: BlockSparseMatrix)",
        message: columns == other.rows
          ? "cannot multiply \(shapeDescription) by \(other.shapeDescription): the inner block sizes \(blockColumns) and \(other.blockRows) differ; convert one matrix to matching blocks"
          : "cannot multiply \(shapeDescription) by \(other.shapeDescription): inner dimensions \(columns) and \(other.rows) differ")
    }
    return _sparseProduct(other)
  }

  /// The SpGEMM kernel; shapes and block sizes must already agree.
  @usableFromInline
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _sparseProduct(_ other: BlockSparseMatrix) -> BlockSparseMatrix {
    let m = blockRows
    let inner = blockColumns
    let n = other.blockColumns
    let outputSize = m * n
    let blockRowCount = self.blockRowCount
    let otherColumnCount = other.blockColumnCount
    // Work estimate per block row, for balancing and the parallel decision.
    var pointers = [0]
    pointers.reserveCapacity(blockRowCount + 1)
    for i in 0..<blockRowCount {
      var products = 0
      for p in _blockRowPointers[i]..<_blockRowPointers[i + 1] {
        let k = _blockColumnIndices[p]
        products += other._blockRowPointers[k + 1] - other._blockRowPointers[k]
      }
      pointers.append(pointers.last! + products)
    }
    var rowIndices = [[Int]](repeating: [], count: blockRowCount)
    var rowValues = [[Scalar]](repeating: [], count: blockRowCount)
    let aPointers = _blockRowPointers
    let aIndices = _blockColumnIndices
    let bPointers = other._blockRowPointers
    let bIndices = other._blockColumnIndices
    _withValues { aValues in
      other._withValues { bValues in
        rowIndices.withUnsafeMutableBufferPointer { indicesOut in
          rowValues.withUnsafeMutableBufferPointer { valuesOut in
            let indicesTarget = UnsafeSendablePointer(indicesOut._viewBase)
            let valuesTarget = UnsafeSendablePointer(valuesOut._viewBase)
            _forEachOutputChunk(
              count: blockRowCount, pointers: pointers, work: pointers.last! * outputSize * inner
            ) { range in
              // slot[j] is the position of block column j in the current row, or -1.
              var slot = [Int](repeating: -1, count: otherColumnCount)
              for i in range {
                var columnsMet: [Int] = []
                for p in aPointers[i]..<aPointers[i + 1] {
                  let k = aIndices[p]
                  for q in bPointers[k]..<bPointers[k + 1] where slot[bIndices[q]] < 0 {
                    slot[bIndices[q]] = 0
                    columnsMet.append(bIndices[q])
                  }
                }
                columnsMet.sort()
                for (position, j) in columnsMet.enumerated() { slot[j] = position }
                var values = [Scalar](repeating: 0, count: columnsMet.count * outputSize)
                values.withUnsafeMutableBufferPointer { accumulators in
                  for p in aPointers[i]..<aPointers[i + 1] {
                    let k = aIndices[p]
                    let aBlock = _block(p, in: aValues)
                    for q in bPointers[k]..<bPointers[k + 1] {
                      let cBlock = MutableMatrixView(
                        base: accumulators.baseAddress! + slot[bIndices[q]] * outputSize,
                        rows: m, columns: n, leadingDimension: n)
                      _smallOrBLASProduct(aBlock, other._block(q, in: bValues), beta: 1, into: cBlock)
                    }
                  }
                }
                for j in columnsMet { slot[j] = -1 }
                (indicesTarget.base + i).pointee = columnsMet
                (valuesTarget.base + i).pointee = values
              }
            }
          }
        }
      }
    }
    var resultPointers = [0]
    resultPointers.reserveCapacity(blockRowCount + 1)
    for row in rowIndices { resultPointers.append(resultPointers.last! + row.count) }
    return BlockSparseMatrix(
      _unchecked: rows, other.columns, blockRows: m, blockColumns: n,
      blockRowPointers: resultPointers, blockColumnIndices: Array(rowIndices.joined()),
      values: Array(rowValues.joined()))
  }
}
