extension BlockSparseMatrix {
  /// The sampled dense–dense product (SDDMM): `alpha · op(A) · op(B)` computed only on the
  /// stored blocks of `pattern`, as a block-sparse matrix with `pattern`'s structure.
  ///
  /// Only the pattern's structure is read, never its values. This is the weight gradient of
  /// a block-sparse layer `Y = X·W`: with `W` block-sparse, `∂L/∂W` restricted to `W`'s
  /// blocks is `sampledProduct(X, dY, pattern: W, transposeA: true)`, costing
  /// `stored entries · k` instead of the full dense product.
  ///
  /// - Parameters:
  ///   - a: `op(a)` must be `pattern.rows × k` (`a` is `k × pattern.rows` when `transposeA`).
  ///   - b: `op(b)` must be `k × pattern.columns` (`b` is `pattern.columns × k` when `transposeB`).
  ///   - pattern: whose stored blocks are computed.
  ///   - transposeA: whether `op(a)` is `aᵀ`.
  ///   - transposeB: whether `op(b)` is `bᵀ`.
  ///   - alpha: the scale of the product (1 by default).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the shapes do
  ///   not fit, naming all three.
  /// - Complexity: O(stored entries of `pattern` · k), in parallel over block rows.
  public static func sampledProduct(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, pattern: BlockSparseMatrix,
    transposeA: Bool = false, transposeB: Bool = false, alpha: Scalar = 1
  ) throws -> BlockSparseMatrix {
    let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
    let (kB, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
    guard k == kB, m == pattern.rows, n == pattern.columns else {
      let opA = transposeA ? "\(a.shapeDescription)ᵀ" : a.shapeDescription
      let opB = transposeB ? "\(b.shapeDescription)ᵀ" : b.shapeDescription
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockSparseMatrix.sampledProduct(_:_:pattern:)",
        message: k == kB
          ? "op(A)·op(B) = \(opA)·\(opB) is \(m)×\(n), but the pattern is \(pattern.shapeDescription)"
          : "cannot multiply \(opA) by \(opB): inner dimensions \(k) and \(kB) differ")
    }
    return pattern._sampledProduct(a, b, transposeA: transposeA, transposeB: transposeB, alpha: alpha)
  }

  /// The SDDMM kernel; shapes must already agree.
  @usableFromInline
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _sampledProduct(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, transposeA: Bool, transposeB: Bool, alpha: Scalar
  ) -> BlockSparseMatrix {
    let blockRows = self.blockRows
    let blockColumns = self.blockColumns
    let size = blockRows * blockColumns
    let inner = transposeA ? a.rows : a.columns
    let pointers = _blockRowPointers
    let indices = _blockColumnIndices
    // Every stored block is written (β = 0), so the values are not zero-filled first.
    let values = Matrix<Scalar>(_uninitializedRows: storedBlockCount, columns: size) { target in
      a.withUnsafeView { aView in
        b.withUnsafeView { bView in
          _forEachOutputChunk(count: blockRowCount, pointers: pointers, work: _values.count * inner) { range in
            for i in range {
              let aTile = transposeA
                ? aView.subview(rows: 0..<inner, columns: i * blockRows..<(i + 1) * blockRows)
                : aView.subview(rows: i * blockRows..<(i + 1) * blockRows, columns: 0..<inner)
              for p in pointers[i]..<pointers[i + 1] {
                let j = indices[p]
                let bTile = transposeB
                  ? bView.subview(rows: j * blockColumns..<(j + 1) * blockColumns, columns: 0..<inner)
                  : bView.subview(rows: 0..<inner, columns: j * blockColumns..<(j + 1) * blockColumns)
                let cBlock = MutableMatrixView(
                  base: target.base + p * size, rows: blockRows, columns: blockColumns, leadingDimension: blockColumns)
                _smallOrBLASProduct(
                  aTile, transposeA: transposeA, bTile, transposeB: transposeB, alpha: alpha, beta: 0, into: cBlock)
              }
            }
          }
        }
      }
    }.elements
    return BlockSparseMatrix(
      _unchecked: rows, columns, blockRows: blockRows, blockColumns: blockColumns,
      blockRowPointers: _blockRowPointers, blockColumnIndices: _blockColumnIndices, values: values)
  }
}
