/// A block-sparse matrix in block compressed sparse row (BSR) form: the matrix is cut into a
/// grid of equal `blockRows × blockColumns` blocks, and only the blocks that may be nonzero
/// are stored, each as a small dense row-major matrix.
///
/// A `6 × 8` matrix in `2 × 2` blocks (a `3 × 4` grid of blocks) with four stored blocks
/// `A`, `B`, `C`, `D`:
///
/// ```
///   block column:  0    1    2    3
///               ┌────┬────┬────┬────┐
///   block row 0 │ A  │    │ B  │    │     blockRowPointers   = [0, 2, 2, 4]
///               ├────┼────┼────┼────┤                          │  │  │  └ end of row 2
///   block row 1 │    │    │    │    │                          │  │  └ row 2 starts at 2
///               ├────┼────┼────┼────┤                          │  └ row 1 is empty
///   block row 2 │    │ C  │    │ D  │                          └ row 0 starts at 0
///               └────┴────┴────┴────┘
///                                         blockColumnIndices = [0, 2, 1, 3]
///                                                               A  B  C  D
///
///   values = [a00 a01 a10 a11 | b00 b01 b10 b11 | c00 c01 c10 c11 | d00 d01 d10 d11]
///             └── block A ──┘   └── block B ──┘   └── block C ──┘   └── block D ──┘
/// ```
///
/// The stored blocks of block row `i` are numbered `blockRowPointers[i] ..<
/// blockRowPointers[i + 1]`; stored block `k` sits in block column `blockColumnIndices[k]`
/// and its entries are `values[k·b ..< (k + 1)·b]` with `b = blockRows · blockColumns`,
/// row-major. Within a block row the block columns are strictly increasing. Every block
/// that is not stored is zero; a stored block may hold zeros.
///
/// Products run one BLAS call (or, for small blocks, a Swift kernel) per stored block, in
/// parallel over block rows; ``transposed`` is a real BSR transpose costing O(stored
/// entries). Combining operands of incompatible shape with an operator (`*`, `+`) stops with
/// a precondition failure naming both shapes; the named methods (`multiplied(by:transposed:)`,
/// ``adding(_:)``) throw ``BlockNumericsError`` instead.
public struct BlockSparseMatrix<Scalar: BLASScalar>: Sendable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The number of rows in every block.
  public let blockRows: Int
  /// The number of columns in every block.
  public let blockColumns: Int

  /// Where each block row's stored blocks start; `blockRowCount + 1` entries, the last one
  /// ``storedBlockCount``.
  @usableFromInline var _blockRowPointers: [Int]
  /// The block column of each stored block, increasing within each block row.
  @usableFromInline var _blockColumnIndices: [Int]
  /// The stored blocks one after another, each `blockRows × blockColumns` row-major.
  @usableFromInline var _values: [Scalar]

  /// Creates a matrix from BSR arrays without validating them (invariants are checked in
  /// builds with `BLOCKNUMERICS_INTERNAL_CHECKS`).
  @usableFromInline
  init(
    _unchecked rows: Int, _ columns: Int, blockRows: Int, blockColumns: Int,
    blockRowPointers: [Int], blockColumnIndices: [Int], values: [Scalar]
  ) {
    self.rows = rows
    self.columns = columns
    self.blockRows = blockRows
    self.blockColumns = blockColumns
    self._blockRowPointers = blockRowPointers
    self._blockColumnIndices = blockColumnIndices
    self._values = values
    _checkInvariants()
  }

  /// A matrix from its three BSR arrays (see the layout in the type's description).
  ///
  /// - Parameters:
  ///   - rows: the number of rows, a multiple of `blockRows`.
  ///   - columns: the number of columns, a multiple of `blockColumns`.
  ///   - blockRows: the number of rows of every block, at least 1.
  ///   - blockColumns: the number of columns of every block, at least 1.
  ///   - blockRowPointers: `rows / blockRows + 1` non-decreasing offsets, starting at 0 and
  ///     ending at the number of stored blocks.
  ///   - blockColumnIndices: one block column per stored block, strictly increasing within
  ///     each block row and below `columns / blockColumns`.
  ///   - values: the stored blocks, each `blockRows · blockColumns` entries in row-major order.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for a shape that
  ///   the block size does not divide or a bad index array,
  ///   ``BlockNumericsError/shapeMismatch(operation:message:)`` when the array lengths disagree.
  /// - Complexity: O(stored blocks + block rows).
  public init(
    rows: Int, columns: Int, blockRows: Int, blockColumns: Int,
    blockRowPointers: [Int], blockColumnIndices: [Int], values: [Scalar]
  ) throws {
    let operation = "BlockSparseMatrix(rows:columns:blockRows:blockColumns:blockRowPointers:blockColumnIndices:values:)"
    try Self._validateLayout(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, operation)
    let blockRowCount = rows / blockRows
    let blockColumnCount = columns / blockColumns
    guard blockRowPointers.count == blockRowCount + 1 else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "a \(rows)×\(columns) matrix in \(blockRows)×\(blockColumns) blocks has \(blockRowCount) block rows, so blockRowPointers needs \(blockRowCount + 1) entries, got \(blockRowPointers.count)")
    }
    let stored = blockColumnIndices.count
    guard blockRowPointers.first == 0, blockRowPointers.last == stored else {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "blockRowPointers must start at 0 and end at the \(stored) stored blocks, got \(blockRowPointers.first!)…\(blockRowPointers.last!)")
    }
    let (blockSize, overflow) = blockRows.multipliedReportingOverflow(by: blockColumns)
    guard !overflow, values.count == stored * blockSize else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "\(stored) stored \(blockRows)×\(blockColumns) blocks need \(stored * blockSize) values, got \(values.count)")
    }
    for i in 0..<blockRowCount {
      let start = blockRowPointers[i]
      let end = blockRowPointers[i + 1]
      guard start <= end else {
        throw BlockNumericsError.invalidArgument(
          operation: operation, message: "blockRowPointers decreases at block row \(i): \(start) then \(end)")
      }
      var previous = -1
      for k in start..<end {
        let j = blockColumnIndices[k]
        guard j > previous, j < blockColumnCount else {
          throw BlockNumericsError.invalidArgument(
            operation: operation,
            message: j >= blockColumnCount || j < 0
              ? "stored block \(k) in block row \(i) has block column \(j), outside 0..<\(blockColumnCount)"
              : "block columns in block row \(i) must strictly increase, got \(previous) then \(j) (duplicate or unsorted)")
        }
        previous = j
      }
    }
    self.init(
      _unchecked: rows, columns, blockRows: blockRows, blockColumns: blockColumns,
      blockRowPointers: blockRowPointers, blockColumnIndices: blockColumnIndices, values: values)
  }

  /// Throws unless the shape is non-negative, the block size at least `1 × 1`, and the block
  /// size divides the shape.
  static func _validateLayout(
    rows: Int, columns: Int, blockRows: Int, blockColumns: Int, _ operation: String
  ) throws {
    guard rows >= 0, columns >= 0 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "sizes must be non-negative, got \(rows)×\(columns)")
    }
    guard blockRows >= 1, blockColumns >= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "blocks must be at least 1×1, got \(blockRows)×\(blockColumns)")
    }
    guard rows % blockRows == 0, columns % blockColumns == 0 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "a \(rows)×\(columns) matrix cannot be cut into \(blockRows)×\(blockColumns) blocks: \(rows % blockRows == 0 ? "\(columns) columns are not a multiple of \(blockColumns)" : "\(rows) rows are not a multiple of \(blockRows)"); pad the matrix or choose a block size that divides its shape")
    }
    // The block-row pointers are allocated from the shape alone (a file's header can declare
    // any shape), so they get the same bound as a dense matrix read from a file.
    let pointerLimit = FileAccess.maximumDenseElements(Int.self)
    guard rows / blockRows < pointerLimit else {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "\(rows / blockRows) block rows of \(blockRows) need more than the \(pointerLimit) block-row pointers allowed (half the physical memory); choose taller blocks")
    }
  }

  /// Checks the BSR invariants; compiled only with `BLOCKNUMERICS_INTERNAL_CHECKS`.
  @inlinable @inline(__always)
  func _checkInvariants() {
    #if BLOCKNUMERICS_INTERNAL_CHECKS
    precondition(rows >= 0 && columns >= 0 && blockRows >= 1 && blockColumns >= 1, "BSR: bad shape")
    precondition(rows % blockRows == 0 && columns % blockColumns == 0, "BSR: block size does not divide the shape")
    let blockRowCount = rows / blockRows
    let blockColumnCount = columns / blockColumns
    precondition(_blockRowPointers.count == blockRowCount + 1, "BSR: wrong number of block-row pointers")
    precondition(_blockRowPointers.first == 0 && _blockRowPointers.last == _blockColumnIndices.count, "BSR: pointers do not span the stored blocks")
    precondition(_values.count == _blockColumnIndices.count * blockRows * blockColumns, "BSR: wrong number of values")
    for i in 0..<blockRowCount {
      precondition(_blockRowPointers[i] <= _blockRowPointers[i + 1], "BSR: block-row pointers decrease at \(i)")
      var previous = -1
      for k in _blockRowPointers[i]..<_blockRowPointers[i + 1] {
        let j = _blockColumnIndices[k]
        precondition(j > previous && j < blockColumnCount, "BSR: block columns unsorted, duplicate or out of range in block row \(i)")
        previous = j
      }
    }
    #endif
  }

  // MARK: Shape and structure

  /// `(rows, columns)`.
  @inlinable public var shape: (rows: Int, columns: Int) { (rows, columns) }

  /// The number of block rows, `rows / blockRows`.
  @inlinable public var blockRowCount: Int { rows / blockRows }

  /// The number of block columns, `columns / blockColumns`.
  @inlinable public var blockColumnCount: Int { columns / blockColumns }

  /// The number of stored blocks.
  @inlinable public var storedBlockCount: Int { _blockColumnIndices.count }

  /// The fraction of the block grid that is stored, in `[0, 1]` (0 for an empty grid).
  public var blockDensity: Double {
    let total = blockRowCount * blockColumnCount
    return total == 0 ? 0 : Double(storedBlockCount) / Double(total)
  }

  /// The BSR block-row pointers: stored blocks of block row `i` are
  /// `blockRowPointers[i] ..< blockRowPointers[i + 1]`.
  public var blockRowPointers: [Int] { _blockRowPointers }

  /// The block column of every stored block, in storage order.
  public var blockColumnIndices: [Int] { _blockColumnIndices }

  /// The stored blocks' entries, block after block, each block row-major.
  public var values: [Scalar] { _values }

  /// The `(blockRow, blockColumn)` of every stored block, in storage order (row by row,
  /// columns increasing).
  /// - Complexity: O(stored blocks + block rows).
  public var storedBlockCoordinates: [(blockRow: Int, blockColumn: Int)] {
    var result: [(blockRow: Int, blockColumn: Int)] = []
    result.reserveCapacity(storedBlockCount)
    for i in 0..<blockRowCount {
      for k in _blockRowPointers[i]..<_blockRowPointers[i + 1] {
        result.append((i, _blockColumnIndices[k]))
      }
    }
    return result
  }

  /// The bytes the BSR arrays occupy (values plus indices); compare with
  /// `rows · columns · MemoryLayout<Scalar>.size` for the dense matrix.
  public var storedByteCount: Int {
    _values.count * MemoryLayout<Scalar>.stride
      + (_blockRowPointers.count + _blockColumnIndices.count) * MemoryLayout<Int>.stride
  }

  /// The shape and block size as `rows×columns in blockRows×blockColumns blocks`, the form
  /// every message uses.
  public var shapeDescription: String { "\(rows)×\(columns) in \(blockRows)×\(blockColumns) blocks" }

  /// The position of the stored block `(blockRow, blockColumn)` in storage order, or `nil`
  /// when that block is not stored (binary search within the block row).
  @inlinable
  func _storedIndex(blockRow: Int, blockColumn: Int) -> Int? {
    var low = _blockRowPointers[blockRow]
    var high = _blockRowPointers[blockRow + 1]
    while low < high {
      let middle = (low + high) / 2
      let j = _blockColumnIndices[middle]
      if j == blockColumn { return middle }
      if j < blockColumn { low = middle + 1 } else { high = middle }
    }
    return nil
  }

  /// The block at block row `row` and block column `column` as a `blockRows × blockColumns`
  /// matrix, or `nil` when that block is not stored (it is zero).
  ///
  /// A coordinate outside the block grid stops with a precondition failure.
  /// - Complexity: O(log(stored blocks in the block row) + blockRows · blockColumns).
  public func block(row: Int, column: Int) -> Matrix<Scalar>? {
    precondition(
      row >= 0 && row < blockRowCount && column >= 0 && column < blockColumnCount,
      "BlockSparseMatrix.block(row:column:): block [\(row), \(column)] is outside the \(blockRowCount)×\(blockColumnCount) block grid of a \(shapeDescription) matrix")
    guard let k = _storedIndex(blockRow: row, blockColumn: column) else { return nil }
    let size = blockRows * blockColumns
    return Matrix(_unchecked: blockRows, blockColumns, Array(_values[k * size..<(k + 1) * size]))
  }

  /// The entry in row `row` and column `column` (0 where no block is stored).
  ///
  /// An index outside the matrix stops with a precondition failure.
  /// - Complexity: O(log(stored blocks in the block row)).
  public subscript(row: Int, column: Int) -> Scalar {
    precondition(
      row >= 0 && row < rows && column >= 0 && column < columns,
      "BlockSparseMatrix subscript: index [\(row), \(column)] is outside a \(rows)×\(columns) matrix")
    guard let k = _storedIndex(blockRow: row / blockRows, blockColumn: column / blockColumns) else { return 0 }
    return _values[k * blockRows * blockColumns + (row % blockRows) * blockColumns + column % blockColumns]
  }

  /// The dense matrix with the same entries.
  /// - Complexity: O(rows · columns).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func dense() -> Matrix<Scalar> {
    var result = Matrix<Scalar>(rows: rows, columns: columns)
    let size = blockRows * blockColumns
    _values.withUnsafeBufferPointer { values in
      result.withUnsafeMutableView { target in
        for i in 0..<blockRowCount {
          for k in _blockRowPointers[i]..<_blockRowPointers[i + 1] {
            let j = _blockColumnIndices[k]
            let window = target.subview(
              rows: i * blockRows..<(i + 1) * blockRows, columns: j * blockColumns..<(j + 1) * blockColumns)
            for r in 0..<blockRows {
              (window.base + r * window.leadingDimension)
                .update(from: values.baseAddress! + k * size + r * blockColumns, count: blockColumns)
            }
          }
        }
      }
    }
    return result
  }
}

extension BlockSparseMatrix: Equatable {
  /// Two block-sparse matrices are equal when they have the same shape and block size and
  /// the same entries: a block stored in one and not in the other must be all zeros.
  ///
  /// NaN entries are never equal (as for ``Matrix``).
  /// - Complexity: O(stored entries of both).
  public static func == (lhs: BlockSparseMatrix, rhs: BlockSparseMatrix) -> Bool {
    guard lhs.rows == rhs.rows, lhs.columns == rhs.columns,
      lhs.blockRows == rhs.blockRows, lhs.blockColumns == rhs.blockColumns
    else { return false }
    let size = lhs.blockRows * lhs.blockColumns
    return lhs._values.withUnsafeBufferPointer { a in
      rhs._values.withUnsafeBufferPointer { b in
        func isZero(_ values: UnsafeBufferPointer<Scalar>, _ k: Int) -> Bool {
          for e in k * size..<(k + 1) * size where values[e] != 0 { return false }
          return true
        }
        for i in 0..<lhs.blockRowCount {
          var p = lhs._blockRowPointers[i]
          var q = rhs._blockRowPointers[i]
          let pEnd = lhs._blockRowPointers[i + 1]
          let qEnd = rhs._blockRowPointers[i + 1]
          while p < pEnd || q < qEnd {
            let jl = p < pEnd ? lhs._blockColumnIndices[p] : Int.max
            let jr = q < qEnd ? rhs._blockColumnIndices[q] : Int.max
            if jl == jr {
              for e in 0..<size where a[p * size + e] != b[q * size + e] { return false }
              p += 1
              q += 1
            } else if jl < jr {
              if !isZero(a, p) { return false }
              p += 1
            } else {
              if !isZero(b, q) { return false }
              q += 1
            }
          }
        }
        return true
      }
    }
  }
}

extension BlockSparseMatrix: CustomStringConvertible {
  /// A one-line summary: type, shape, block size, stored blocks and block density.
  public var description: String {
    let percent = (blockDensity * 1000).rounded() / 10
    return "BlockSparseMatrix<\(Scalar.self)> \(shapeDescription), \(storedBlockCount) of \(blockRowCount * blockColumnCount) blocks stored (\(percent) %)"
  }
}
