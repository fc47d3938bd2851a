// Ways to build a block-sparse matrix: all zeros, from a dense matrix, from a list of
// blocks, and at random.

extension BlockSparseMatrix {
  /// A `rows × columns` zero matrix in `blockRows × blockColumns` blocks, with no stored blocks.
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for negative sizes,
  ///   blocks smaller than `1 × 1`, or a block size that does not divide the shape.
  /// - Complexity: O(rows / blockRows).
  public init(rows: Int, columns: Int, blockRows: Int, blockColumns: Int) throws {
    try Self._validateLayout(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns,
      "BlockSparseMatrix(rows:columns:blockRows:blockColumns:)")
    self.init(
      _unchecked: rows, columns, blockRows: blockRows, blockColumns: blockColumns,
      blockRowPointers: Array(repeating: 0, count: rows / blockRows + 1), blockColumnIndices: [], values: [])
  }

  /// The block-sparse form of a dense matrix: every `blockRows × blockColumns` block that
  /// holds an entry of magnitude above `dropTolerance` is stored (whole), every other block
  /// is dropped.
  ///
  /// NaN entries count as large, so a block holding NaN is always kept. With the default
  /// tolerance 0, `BlockSparseMatrix(m, …).dense() == m` exactly.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` when the block size
  ///   does not divide `dense`'s shape or `dropTolerance` is negative or NaN.
  /// - Complexity: O(rows · columns).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public init(_ dense: Matrix<Scalar>, blockRows: Int, blockColumns: Int, dropTolerance: Scalar = 0) throws {
    let operation = "BlockSparseMatrix(_:blockRows:blockColumns:dropTolerance:)"
    try Self._validateLayout(
      rows: dense.rows, columns: dense.columns, blockRows: blockRows, blockColumns: blockColumns, operation)
    guard dropTolerance >= 0 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "dropTolerance must be a non-negative number, got \(dropTolerance)")
    }
    let blockRowCount = dense.rows / blockRows
    let blockColumnCount = dense.columns / blockColumns
    var pointers = [0]
    pointers.reserveCapacity(blockRowCount + 1)
    var indices: [Int] = []
    var values: [Scalar] = []
    dense.withUnsafeView { source in
      for i in 0..<blockRowCount {
        for j in 0..<blockColumnCount {
          let block = source.subview(
            rows: i * blockRows..<(i + 1) * blockRows, columns: j * blockColumns..<(j + 1) * blockColumns)
          var keep = false
          scan: for r in 0..<blockRows {
            for c in 0..<blockColumns where !(Swift.abs(block[r, c]) <= dropTolerance) {
              keep = true
              break scan
            }
          }
          guard keep else { continue }
          indices.append(j)
          for r in 0..<blockRows {
            values.append(contentsOf: UnsafeBufferPointer(start: block.base + r * block.leadingDimension, count: blockColumns))
          }
        }
        pointers.append(indices.count)
      }
    }
    self.init(
      _unchecked: dense.rows, dense.columns, blockRows: blockRows, blockColumns: blockColumns,
      blockRowPointers: pointers, blockColumnIndices: indices, values: values)
  }

  /// A matrix from a list of blocks `(blockRow, blockColumn, block)` in any order; every other
  /// block is zero.
  ///
  /// Coordinates count blocks, not entries: block `(i, j)` covers rows
  /// `i·blockRows ..< (i+1)·blockRows` and columns `j·blockColumns ..< (j+1)·blockColumns`.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` when the block size
  ///   does not divide the shape, a coordinate lies outside the block grid, or a coordinate
  ///   appears twice; ``BlockNumericsError/shapeMismatch(operation:message:)`` when a block is
  ///   not `blockRows × blockColumns`.
  /// - Complexity: O(b log b + stored entries) for `b` blocks.
  public init(
    rows: Int, columns: Int, blockRows: Int, blockColumns: Int,
    blocks: [(blockRow: Int, blockColumn: Int, block: Matrix<Scalar>)]
  ) throws {
    let operation = "BlockSparseMatrix(rows:columns:blockRows:blockColumns:blocks:)"
    try Self._validateLayout(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, operation)
    let blockRowCount = rows / blockRows
    let blockColumnCount = columns / blockColumns
    for (position, entry) in blocks.enumerated() {
      guard entry.blockRow >= 0, entry.blockRow < blockRowCount,
        entry.blockColumn >= 0, entry.blockColumn < blockColumnCount
      else {
        throw BlockNumericsError.invalidArgument(
          operation: operation,
          message: "block \(position) at (\(entry.blockRow), \(entry.blockColumn)) is outside the \(blockRowCount)×\(blockColumnCount) block grid of a \(rows)×\(columns) matrix in \(blockRows)×\(blockColumns) blocks")
      }
      guard entry.block.rows == blockRows, entry.block.columns == blockColumns else {
        throw BlockNumericsError.shapeMismatch(
          operation: operation,
          message: "block \(position) at (\(entry.blockRow), \(entry.blockColumn)) is \(entry.block.shapeDescription), but blocks must be \(blockRows)×\(blockColumns)")
      }
    }
    let order = blocks.indices.sorted {
      (blocks[$0].blockRow, blocks[$0].blockColumn) < (blocks[$1].blockRow, blocks[$1].blockColumn)
    }
    var pointers = Array(repeating: 0, count: blockRowCount + 1)
    var indices: [Int] = []
    indices.reserveCapacity(blocks.count)
    var values: [Scalar] = []
    values.reserveCapacity(blocks.count * blockRows * blockColumns)
    var previous: (Int, Int)? = nil
    for position in order {
      let entry = blocks[position]
      let coordinate = (entry.blockRow, entry.blockColumn)
      if let previous, previous == coordinate {
        throw BlockNumericsError.invalidArgument(
          operation: operation,
          message: "block (\(entry.blockRow), \(entry.blockColumn)) is given more than once; add the blocks first if that was meant")
      }
      previous = coordinate
      pointers[entry.blockRow + 1] += 1
      indices.append(entry.blockColumn)
      values.append(contentsOf: entry.block.elements)
    }
    for i in 0..<blockRowCount { pointers[i + 1] += pointers[i] }
    self.init(
      _unchecked: rows, columns, blockRows: blockRows, blockColumns: blockColumns,
      blockRowPointers: pointers, blockColumnIndices: indices, values: values)
  }

  /// A matrix from coordinate entries `(row, column, value)` in any order, as a Matrix Market
  /// coordinate file or SciPy's COO format lists them: every block holding at least one
  /// entry is stored, with zeros where no entry is given.
  ///
  /// Coordinates count entries (0-based), not blocks. Explicit zeros still make their block
  /// stored.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` when the block size
  ///   does not divide the shape, an entry lies outside the matrix, or a coordinate appears
  ///   twice.
  /// - Complexity: O(e log e + stored entries) for `e` entries.
  public init(
    rows: Int, columns: Int, blockRows: Int, blockColumns: Int,
    entries: [(row: Int, column: Int, value: Scalar)]
  ) throws {
    try self.init(
      _entries: entries.count, rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns,
      summingDuplicates: false, "BlockSparseMatrix(rows:columns:blockRows:blockColumns:entries:)"
    ) { entries[$0] }
  }

  /// Builds a matrix from `count` coordinate entries given by `entry`; duplicates add up when
  /// `summingDuplicates`, else they throw.
  init(
    _entries count: Int, rows: Int, columns: Int, blockRows: Int, blockColumns: Int,
    summingDuplicates: Bool, _ operation: String, _ entry: (Int) -> (row: Int, column: Int, value: Scalar)
  ) throws {
    try Self._validateLayout(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, operation)
    for position in 0..<count {
      let (row, column, _) = entry(position)
      guard row >= 0, row < rows, column >= 0, column < columns else {
        throw BlockNumericsError.invalidArgument(
          operation: operation,
          message: "entry \(position) at (\(row), \(column)) is outside a \(rows)×\(columns) matrix")
      }
    }
    // Sorting by (block row, block column, row, column) groups each block's entries and
    // puts duplicates next to each other.
    func key(_ index: Int) -> (Int, Int, Int, Int) {
      let (row, column, _) = entry(index)
      return (row / blockRows, column / blockColumns, row, column)
    }
    let order = (0..<count).sorted { key($0) < key($1) }
    let blockRowCount = rows / blockRows
    // Stored values grow by a whole block per entry in a new block; a file's entries must
    // not make that exceed the bound dense matrices read from files have.
    let valueLimit = FileAccess.maximumDenseElements(Scalar.self)
    let (size, sizeOverflow) = blockRows.multipliedReportingOverflow(by: blockColumns)
    guard count == 0 || (!sizeOverflow && size <= valueLimit) else {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "a \(blockRows)×\(blockColumns) block needs more than the \(valueLimit) elements allowed (half the physical memory); choose smaller blocks")
    }
    var pointers = Array(repeating: 0, count: blockRowCount + 1)
    var indices: [Int] = []
    var values: [Scalar] = []
    var previous: (Int, Int)? = nil
    for index in order {
      let (row, column, value) = entry(index)
      let duplicate = previous.map { $0 == (row, column) } ?? false
      if duplicate && !summingDuplicates {
        throw BlockNumericsError.invalidArgument(
          operation: operation,
          message: "entry (\(row), \(column)) is given more than once; sum duplicates first if that was meant")
      }
      previous = (row, column)
      let blockRow = row / blockRows
      let blockColumn = column / blockColumns
      if pointers[blockRow + 1] == 0 || indices.last != blockColumn {
        guard indices.count < valueLimit / Swift.max(size, 1) else {
          throw BlockNumericsError.invalidArgument(
            operation: operation,
            message: "the entries fill more than \(indices.count) \(blockRows)×\(blockColumns) blocks, over the \(valueLimit) elements allowed (half the physical memory); choose smaller blocks")
        }
        pointers[blockRow + 1] += 1
        indices.append(blockColumn)
        values.append(contentsOf: repeatElement(0, count: size))
      }
      values[(indices.count - 1) * size + (row % blockRows) * blockColumns + column % blockColumns] += value
    }
    for i in 0..<blockRowCount { pointers[i + 1] += pointers[i] }
    self.init(
      _unchecked: rows, columns, blockRows: blockRows, blockColumns: blockColumns,
      blockRowPointers: pointers, blockColumnIndices: indices, values: values)
  }

  /// The nonzero entries of the stored blocks as `(row, column, value)`, row by row and
  /// increasing in column within a block row's blocks — what a Matrix Market coordinate
  /// file or SciPy's COO format holds. NaN counts as nonzero.
  /// - Complexity: O(stored entries).
  public var nonzeroEntries: [(row: Int, column: Int, value: Scalar)] {
    var result: [(row: Int, column: Int, value: Scalar)] = []
    let size = blockRows * blockColumns
    for i in 0..<blockRowCount {
      for r in 0..<blockRows {
        for k in _blockRowPointers[i]..<_blockRowPointers[i + 1] {
          let j = _blockColumnIndices[k]
          for c in 0..<blockColumns {
            let value = _values[k * size + r * blockColumns + c]
            if value != 0 { result.append((i * blockRows + r, j * blockColumns + c, value)) }
          }
        }
      }
    }
    return result
  }

  /// A random block-sparse matrix: `round(density · blockRowCount · blockColumnCount)` blocks
  /// at uniformly chosen positions, each filled with independent uniform entries in `[0, 1)`.
  ///
  /// The pattern and values depend on `seed` alone (``SeededRandomNumberGenerator``); without
  /// a seed the generator is seeded from the system's random source. Like
  /// ``Matrix/random(rows:columns:in:seed:)``, invalid arguments — a block size that does not
  /// divide the shape, a density outside `[0, 1]` — stop with a precondition failure whose
  /// message names them (the literal arguments of a random matrix are the programmer's).
  /// - Complexity: O(blockRowCount · blockColumnCount + stored entries).
  public static func random(
    rows: Int, columns: Int, blockRows: Int, blockColumns: Int, density: Double, seed: UInt64? = nil
  ) -> BlockSparseMatrix {
    do {
      return try _random(
        rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns,
        density: density, seed: seed)
    } catch {
      preconditionFailure("\(error)")
    }
  }

  /// ``random(rows:columns:blockRows:blockColumns:density:seed:)``, throwing on bad arguments.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func _random(
    rows: Int, columns: Int, blockRows: Int, blockColumns: Int, density: Double, seed: UInt64?
  ) throws -> BlockSparseMatrix {
    let operation = "BlockSparseMatrix.random(rows:columns:blockRows:blockColumns:density:seed:)"
    try _validateLayout(rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, operation)
    guard density >= 0, density <= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "density must be in [0, 1], got \(density)")
    }
    var generator = SeededRandomNumberGenerator(seed: seed ?? UInt64.random(in: .min ... .max))
    let blockRowCount = rows / blockRows
    let blockColumnCount = columns / blockColumns
    let total = blockRowCount * blockColumnCount
    var remaining = Int((density * Double(total)).rounded())
    // Selection sampling (Knuth, TAOCP vol. 2, Algorithm S): each subset of the wanted size
    // is equally likely, and the positions come out already in BSR order.
    var pointers = [0]
    pointers.reserveCapacity(blockRowCount + 1)
    var indices: [Int] = []
    indices.reserveCapacity(remaining)
    var position = 0
    for _ in 0..<blockRowCount {
      for j in 0..<blockColumnCount {
        let left = total - position
        if remaining > 0, Int(generator.next() % UInt64(left)) < remaining {
          indices.append(j)
          remaining -= 1
        }
        position += 1
      }
      pointers.append(indices.count)
    }
    var values = [Scalar](repeating: 0, count: indices.count * blockRows * blockColumns)
    for e in values.indices { values[e] = generator.nextUnit(Scalar.self) }
    return BlockSparseMatrix(
      _unchecked: rows, columns, blockRows: blockRows, blockColumns: blockColumns,
      blockRowPointers: pointers, blockColumnIndices: indices, values: values)
  }
}
