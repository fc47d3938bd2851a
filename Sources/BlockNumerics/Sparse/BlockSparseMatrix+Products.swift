// Products of a block-sparse matrix with dense matrices and vectors (SpMM, SpMV), plain and
// transposed. Small blocks go a whole output block row at a time through the block-row
// kernel; larger ones one stored block at a time, by one BLAS call or the small-product
// kernel. Output block rows are independent, so they run in parallel.

extension BlockSparseMatrix {
  /// `C ← alpha·op(S)·X + beta·C` on views, where `op(S)` is `S` or `Sᵀ`; shapes must
  /// already agree.
  ///
  /// Output block row `o` of `C` gathers the stored blocks of block row `o` of `op(S)`: for
  /// `S` those of block row `o`, for `Sᵀ` those of block column `o` (found through the column
  /// index, so no value moves).
  @inlinable
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _multiply(
    _ x: MatrixView<Scalar>, transpose: Bool, alpha: Scalar, beta: Scalar, into c: MutableMatrixView<Scalar>
  ) {
    let n = c.columns
    if c.rows == 0 || n == 0 { return }
    let outputSize = transpose ? blockColumns : blockRows
    let inputSize = transpose ? blockRows : blockColumns
    if Swift.max(blockRows, blockColumns) <= BlockSparseKernelParameters.automatic.blockRowKernelLimit {
      _multiplyByBlockRows(x, transpose: transpose, alpha: alpha, beta: beta, into: c)
      return
    }
    _accumulateStoredBlocks(
      groupedByBlockColumn: transpose, work: storedBlockCount * blockRows * blockColumns * n, beta: beta,
      tile: { o in c.subview(rows: o * outputSize..<(o + 1) * outputSize, columns: 0..<n) }
    ) { block, input, beta, cTile in
      let xTile = x.subview(rows: input * inputSize..<(input + 1) * inputSize, columns: 0..<n)
      _smallOrBLASProduct(block, transposeA: transpose, xTile, alpha: alpha, beta: beta, into: cTile)
    }
  }

  /// `C ← alpha·op(S)·X + beta·C` for small blocks: each output block row is one call of
  /// the block-row kernel (``_VectorKernelScalar/_blockRowProduct(m:n:inner:terms:blocks:blockStride:positions:aRowStride:aColumnStride:x:ldx:inputs:alpha:beta:c:ldc:)``),
  /// which keeps a register tile of `C` across every stored block of the row instead of
  /// reading and writing `C` once per block; a transposed block is read through its strides.
  @inlinable
  func _multiplyByBlockRows(
    _ x: MatrixView<Scalar>, transpose: Bool, alpha: Scalar, beta: Scalar, into c: MutableMatrixView<Scalar>
  ) {
    let outputSize = transpose ? blockColumns : blockRows
    let inputSize = transpose ? blockRows : blockColumns
    let index = transpose ? _blockColumnIndex() : nil
    let pointers = index?.pointers ?? _blockRowPointers
    let inputs = index?.blockRows ?? _blockColumnIndices
    let positions = index?.positions ?? []
    let blockStride = blockRows * blockColumns
    let (aRowStride, aColumnStride) = transpose ? (1, blockColumns) : (blockColumns, 1)
    _withValues { values in
      _forEachOutputChunk(
        count: pointers.count - 1, pointers: pointers, work: storedBlockCount * blockStride * c.columns
      ) { range in
        inputs.withUnsafeBufferPointer { inputs in
          positions.withUnsafeBufferPointer { positions in
            for o in range {
              let start = pointers[o]
              // A block row's blocks are consecutive in storage; a block column's are not.
              Scalar._blockRowProduct(
                m: outputSize, n: c.columns, inner: inputSize, terms: pointers[o + 1] - start,
                blocks: transpose ? values.base : values.base + start * blockStride,
                blockStride: blockStride, positions: transpose ? positions._viewBase + start : nil,
                aRowStride: aRowStride, aColumnStride: aColumnStride, x: x.base, ldx: x.leadingDimension,
                inputs: inputs._viewBase + start, alpha: alpha, beta: beta,
                c: c.base + o * outputSize * c.leadingDimension, ldc: c.leadingDimension)
            }
          }
        }
      }
    }
  }

  /// `C ← alpha·X·op(S) + beta·C` on views, where `op(S)` is `S` or `Sᵀ`; shapes must
  /// already agree.
  ///
  /// Output block column `o` of `C` gathers the stored blocks of block column `o` of
  /// `op(S)`: for `S` those of block column `o` (through the column index), for `Sᵀ` those
  /// of block row `o`.
  @inlinable
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _multiply(
    left x: MatrixView<Scalar>, transpose: Bool, alpha: Scalar, beta: Scalar, into c: MutableMatrixView<Scalar>
  ) {
    let m = c.rows
    if m == 0 || c.columns == 0 { return }
    if m > 1 && Swift.min(blockRows, blockColumns) <= BlockSparseKernelParameters.automatic.transposedLeftBlockLimit {
      _multiplyThroughTransposes(left: x, transpose: transpose, alpha: alpha, beta: beta, into: c)
      return
    }
    let outputSize = transpose ? blockRows : blockColumns
    let inputSize = transpose ? blockColumns : blockRows
    _accumulateStoredBlocks(
      groupedByBlockColumn: !transpose, work: storedBlockCount * blockRows * blockColumns * m, beta: beta,
      tile: { o in c.subview(rows: 0..<m, columns: o * outputSize..<(o + 1) * outputSize) }
    ) { block, input, beta, cTile in
      let xTile = x.subview(rows: 0..<m, columns: input * inputSize..<(input + 1) * inputSize)
      _smallOrBLASProduct(xTile, block, transposeB: transpose, alpha: alpha, beta: beta, into: cTile)
    }
  }

  /// The loop both products share: for each output block row (or column) `o`, in parallel,
  /// `multiply(block, input, β, tile(o))` for every stored block feeding it, where `input`
  /// is the block's other coordinate and `β` is `beta` for the first block and 1 after it; an
  /// output with no stored block is scaled by `beta`.
  ///
  /// The stored blocks are taken by block row of `S` or, when `groupedByBlockColumn`, by
  /// block column (through the column index).
  @inlinable
  func _accumulateStoredBlocks(
    groupedByBlockColumn: Bool, work: Int, beta: Scalar, tile: @Sendable (Int) -> MutableMatrixView<Scalar>,
    _ multiply: @Sendable (_ block: MatrixView<Scalar>, _ input: Int, _ beta: Scalar, _ tile: MutableMatrixView<Scalar>) -> Void
  ) {
    let index = groupedByBlockColumn ? _blockColumnIndex() : nil
    let pointers = index?.pointers ?? _blockRowPointers
    let inputs = index?.blockRows ?? _blockColumnIndices
    let positions = index?.positions
    _withValues { values in
      _forEachOutputChunk(
        count: groupedByBlockColumn ? blockColumnCount : blockRowCount, pointers: pointers, work: work
      ) { range in
        for o in range {
          let cTile = tile(o)
          let start = pointers[o]
          let end = pointers[o + 1]
          if start == end {
            BLAS.scale(cTile, by: beta)
            continue
          }
          for p in start..<end {
            multiply(_block(positions?[p] ?? p, in: values), inputs[p], p == start ? beta : 1, cTile)
          }
        }
      }
    }
  }

  /// `C ← alpha·X·op(S) + beta·C` as `(op(S)ᵀ·Xᵀ)ᵀ`: for small blocks the direct form
  /// multiplies thin column strips of `X` and `C`, touching a cache line per row for a few
  /// entries each, while the transposed form runs the row-contiguous kernel; the two
  /// transposes cost O(entries of `X` and `C`).
  @inlinable
  func _multiplyThroughTransposes(
    left x: MatrixView<Scalar>, transpose: Bool, alpha: Scalar, beta: Scalar, into c: MutableMatrixView<Scalar>
  ) {
    let xt = Matrix<Scalar>(_uninitializedRows: x.columns, columns: x.rows) { _transposeCopy(x, into: $0) }
    let product = Matrix<Scalar>(_uninitializedRows: c.columns, columns: c.rows) { target in
      xt.withUnsafeView { _multiply($0, transpose: !transpose, alpha: alpha, beta: 0, into: target) }
    }
    product.withUnsafeView { view in
      if beta == 0 {
        _transposeCopy(view, into: c)
      } else {
        for i in 0..<c.rows {
          for j in 0..<c.columns { c[i, j] = beta * c[i, j] + view[j, i] }
        }
      }
    }
  }

  /// `op(S)·X` as a new matrix; shapes must already agree.
  @usableFromInline
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _product(_ x: Matrix<Scalar>, transpose: Bool) -> Matrix<Scalar> {
    Matrix(_uninitializedRows: transpose ? columns : rows, columns: x.columns) { cView in
      x.withUnsafeView { xView in
        _multiply(xView, transpose: transpose, alpha: 1, beta: 0, into: cView)
      }
    }
  }

  /// `X·op(S)` as a new matrix; shapes must already agree.
  @usableFromInline
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _product(left x: Matrix<Scalar>, transpose: Bool) -> Matrix<Scalar> {
    Matrix(_uninitializedRows: x.rows, columns: transpose ? rows : columns) { cView in
      x.withUnsafeView { xView in
        _multiply(left: xView, transpose: transpose, alpha: 1, beta: 0, into: cView)
      }
    }
  }

  /// `op(S)·v` for a vector; the length must already agree.
  @usableFromInline
  func _product(vector: [Scalar], transpose: Bool) -> [Scalar] {
    _product(Matrix(_unchecked: vector.count, 1, vector), transpose: transpose).elements
  }

  /// `op(S)` in a message: the shape, with `ᵀ` when transposed.
  func _describe(transposed: Bool) -> String {
    transposed ? "(\(shapeDescription))ᵀ" : shapeDescription
  }

  // MARK: Sparse × dense

  /// The product `lhs · rhs` of a block-sparse and a dense matrix (SpMM).
  ///
  /// `lhs.columns` must equal `rhs.rows`; otherwise this stops with a precondition failure
  /// naming both shapes (``multiplied(by:transposed:)-(Matrix<Scalar>,_)`` throws instead).
  /// The result is `lhs.rows × rhs.columns`.
  /// - Complexity: O(stored entries · rhs.columns), in parallel over block rows.
  public static func * (lhs: BlockSparseMatrix, rhs: Matrix<Scalar>) -> Matrix<Scalar> {
    precondition(
      lhs.columns == rhs.rows,
      "BlockSparseMatrix *: cannot multiply \(lhs.shapeDescription) by \(rhs.shapeDescription) (inner dimensions \(lhs.columns) and \(rhs.rows) differ)")
    return lhs._product(rhs, transpose: false)
  }

  /// The product `self · other`, or `selfᵀ · other` when `transposed`, without forming a
  /// dense or transposed copy of `self`.
  ///
  /// The result is `rows × other.columns` (`columns × other.columns` when transposed).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when `other.rows`
  ///   differs from `columns` (from `rows` when transposed).
  /// - Complexity: O(stored entries · other.columns), in parallel over output block rows.
  public func multiplied(by other: Matrix<Scalar>, transposed: Bool = false) throws -> Matrix<Scalar> {
    let inner = transposed ? rows : columns
    guard inner == other.rows else {
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockSparseMatrix.multiplied(by:transposed:)",
        message: "cannot multiply \(_describe(transposed: transposed)) by \(other.shapeDescription): inner dimensions \(inner) and \(other.rows) differ")
    }
    return _product(other, transpose: transposed)
  }

  /// Computes `C ← alpha·op(A)·B + beta·C` in place, with `A` block-sparse, `B` dense and
  /// `op(A)` either `A` or `Aᵀ` (no transposed copy is formed).
  ///
  /// With `beta == 0` the previous contents of `c` are not read.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` unless `op(A)` is
  ///   `m×k`, `B` is `k×n` and `c` is `m×n`.
  /// - Complexity: O(stored entries of `a` · n + m · n).
  public static func multiply(
    _ a: BlockSparseMatrix, _ b: Matrix<Scalar>, transposeA: Bool = false,
    alpha: Scalar = 1, beta: Scalar = 0, into c: inout Matrix<Scalar>
  ) throws {
    let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
    guard k == b.rows, c.rows == m, c.columns == b.columns else {
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockSparseMatrix.multiply(_:_:transposeA:alpha:beta:into:)",
        message: k == b.rows
          ? "op(A)·B = \(a._describe(transposed: transposeA))·\(b.shapeDescription) is \(m)×\(b.columns), but C is \(c.shapeDescription)"
          : "cannot multiply \(a._describe(transposed: transposeA)) by \(b.shapeDescription): inner dimensions \(k) and \(b.rows) differ")
    }
    b.withUnsafeView { bView in
      c.withUnsafeMutableView { cView in
        a._multiply(bView, transpose: transposeA, alpha: alpha, beta: beta, into: cView)
      }
    }
  }

  // MARK: Dense × sparse

  /// The product `lhs · rhs` of a dense and a block-sparse matrix.
  ///
  /// `lhs.columns` must equal `rhs.rows`; otherwise this stops with a precondition failure
  /// naming both shapes (the named `Matrix.multiplied(by:transposed:)` throws instead).
  /// The result is `lhs.rows × rhs.columns`.
  /// - Complexity: O(lhs.rows · stored entries), in parallel over block columns.
  public static func * (lhs: Matrix<Scalar>, rhs: BlockSparseMatrix) -> Matrix<Scalar> {
    precondition(
      lhs.columns == rhs.rows,
      "BlockSparseMatrix *: cannot multiply \(lhs.shapeDescription) by \(rhs.shapeDescription) (inner dimensions \(lhs.columns) and \(rhs.rows) differ)")
    return rhs._product(left: lhs, transpose: false)
  }

  /// Computes `C ← alpha·A·op(B) + beta·C` in place, with `A` dense, `B` block-sparse and
  /// `op(B)` either `B` or `Bᵀ` (no transposed copy is formed).
  ///
  /// With `beta == 0` the previous contents of `c` are not read.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` unless `A` is `m×k`,
  ///   `op(B)` is `k×n` and `c` is `m×n`.
  /// - Complexity: O(m · stored entries of `b` + m · n).
  public static func multiply(
    _ a: Matrix<Scalar>, _ b: BlockSparseMatrix, transposeB: Bool = false,
    alpha: Scalar = 1, beta: Scalar = 0, into c: inout Matrix<Scalar>
  ) throws {
    let (k, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
    guard a.columns == k, c.rows == a.rows, c.columns == n else {
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockSparseMatrix.multiply(_:_:transposeB:alpha:beta:into:)",
        message: a.columns == k
          ? "A·op(B) = \(a.shapeDescription)·\(b._describe(transposed: transposeB)) is \(a.rows)×\(n), but C is \(c.shapeDescription)"
          : "cannot multiply \(a.shapeDescription) by \(b._describe(transposed: transposeB)): inner dimensions \(a.columns) and \(k) differ")
    }
    a.withUnsafeView { aView in
      c.withUnsafeMutableView { cView in
        b._multiply(left: aView, transpose: transposeB, alpha: alpha, beta: beta, into: cView)
      }
    }
  }

  // MARK: Sparse × vector

  /// The matrix–vector product `lhs · rhs` (SpMV).
  ///
  /// `rhs.count` must equal `lhs.columns`; otherwise this stops with a precondition failure
  /// naming both shapes (``multiplied(by:transposed:)-([Scalar],_)`` throws instead).
  /// - Complexity: O(stored entries).
  public static func * (lhs: BlockSparseMatrix, rhs: [Scalar]) -> [Scalar] {
    precondition(
      lhs.columns == rhs.count,
      "BlockSparseMatrix * vector: cannot multiply \(lhs.shapeDescription) by a vector of \(rhs.count) elements")
    return lhs._product(vector: rhs, transpose: false)
  }

  /// The matrix–vector product `self · vector`, or `selfᵀ · vector` when `transposed`.
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the vector's
  ///   length differs from `columns` (from `rows` when transposed).
  /// - Complexity: O(stored entries).
  public func multiplied(by vector: [Scalar], transposed: Bool = false) throws -> [Scalar] {
    let inner = transposed ? rows : columns
    guard vector.count == inner else {
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockSparseMatrix.multiplied(by: vector, transposed:)",
        message: "cannot multiply \(_describe(transposed: transposed)) by a vector of \(vector.count) elements (needs \(inner))")
    }
    return _product(vector: vector, transpose: transposed)
  }
}

extension Matrix {
  /// The product `self · other`, or `self · otherᵀ` when `transposed`, with `other`
  /// block-sparse (no transposed copy is formed).
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when `columns`
  ///   differs from `other.rows` (from `other.columns` when transposed).
  /// - Complexity: O(rows · stored entries of `other`).
  public func multiplied(by other: BlockSparseMatrix<Scalar>, transposed: Bool = false) throws -> Matrix {
    let inner = transposed ? other.columns : other.rows
    guard columns == inner else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Matrix.multiplied(by: BlockSparseMatrix, transposed:)",
        message: "cannot multiply \(shapeDescription) by \(other._describe(transposed: transposed)): inner dimensions \(columns) and \(inner) differ")
    }
    return other._product(left: self, transpose: transposed)
  }
}
