import BlockNumerics

/// Where the entries of a `rows × columns` matrix live when it is dealt out in
/// `blockRows × blockColumns` blocks, round-robin, over a `gridRows × gridColumns` grid of
/// processes: the two-dimensional block-cyclic distribution of ScaLAPACK.
///
/// Block `(I, J)` (block row `I`, block column `J`) lives on process `(I mod gridRows,
/// J mod gridColumns)`. Each process keeps its blocks in one local row-major matrix, block
/// rows and block columns in increasing order. Blocks of 2 × 2 on a 2 × 2 grid:
///
/// ```
///   global 6 × 6, blocks 2 × 2                 process (0, 0) holds blocks
///   ┌────┬────┬────┐                           (0,0) (0,2)
///   │0,0 │0,1 │0,0 │   each cell: the          (2,0) (2,2)  → a local 4 × 4 matrix
///   ├────┼────┼────┤   process that            process (1, 1) holds (1,1) → local 2 × 2
///   │1,0 │1,1 │1,0 │   owns that block         process (0, 1) holds (0,1), (2,1) → 4 × 2
///   ├────┼────┼────┤
///   │0,0 │0,1 │0,0 │
///   └────┴────┴────┘
/// ```
///
/// The last block row and column may be smaller when the block size does not divide the
/// matrix; a process may own no rows or no columns at all.
public struct BlockCyclicLayout: Hashable, Sendable, CustomStringConvertible {
  /// The number of rows of the whole matrix.
  public let rows: Int
  /// The number of columns of the whole matrix.
  public let columns: Int
  /// The height of a block (the last block row may be lower).
  public let blockRows: Int
  /// The width of a block (the last block column may be narrower).
  public let blockColumns: Int
  /// The number of process rows of the grid.
  public let gridRows: Int
  /// The number of process columns of the grid.
  public let gridColumns: Int

  /// A layout; sizes are not checked here (constructing a `DistributedMatrix` checks them).
  public init(rows: Int, columns: Int, blockRows: Int, blockColumns: Int, gridRows: Int, gridColumns: Int) {
    self.rows = rows
    self.columns = columns
    self.blockRows = blockRows
    self.blockColumns = blockColumns
    self.gridRows = gridRows
    self.gridColumns = gridColumns
  }

  /// `rows×columns in blockRows×blockColumns blocks on a gridRows×gridColumns grid`.
  public var description: String {
    "\(rows)×\(columns) in \(blockRows)×\(blockColumns) blocks on a \(gridRows)×\(gridColumns) grid"
  }

  /// The number of rows process row `processRow` holds.
  /// - Complexity: O(1).
  public func localRows(processRow: Int) -> Int {
    Self.localCount(extent: rows, block: blockRows, coordinate: processRow, processes: gridRows)
  }

  /// The number of columns process column `processColumn` holds.
  /// - Complexity: O(1).
  public func localColumns(processColumn: Int) -> Int {
    Self.localCount(extent: columns, block: blockColumns, coordinate: processColumn, processes: gridColumns)
  }

  /// The grid coordinates of the process that holds entry `(row, column)`.
  /// - Complexity: O(1).
  public func owner(row: Int, column: Int) -> (row: Int, column: Int) {
    ((row / blockRows) % gridRows, (column / blockColumns) % gridColumns)
  }

  /// The global row of local row `localRow` on process row `processRow`.
  /// - Complexity: O(1).
  public func globalRow(localRow: Int, processRow: Int) -> Int {
    Self.globalIndex(local: localRow, block: blockRows, coordinate: processRow, processes: gridRows)
  }

  /// The global column of local column `localColumn` on process column `processColumn`.
  /// - Complexity: O(1).
  public func globalColumn(localColumn: Int, processColumn: Int) -> Int {
    Self.globalIndex(local: localColumn, block: blockColumns, coordinate: processColumn, processes: gridColumns)
  }

  /// Where global row `row` sits in its owner's local matrix.
  /// - Complexity: O(1).
  public func localRow(globalRow row: Int) -> Int { (row / (blockRows * gridRows)) * blockRows + row % blockRows }

  /// Where global column `column` sits in its owner's local matrix.
  /// - Complexity: O(1).
  public func localColumn(globalColumn column: Int) -> Int {
    (column / (blockColumns * gridColumns)) * blockColumns + column % blockColumns
  }

  /// How many of `extent` indices, dealt out in blocks of `block` over `processes`
  /// coordinates starting at coordinate 0, land on `coordinate` (ScaLAPACK's `NUMROC`).
  static func localCount(extent: Int, block: Int, coordinate: Int, processes: Int) -> Int {
    let fullBlocks = extent / block
    var count = (fullBlocks / processes) * block
    let extraBlocks = fullBlocks % processes
    if coordinate < extraBlocks {
      count += block
    } else if coordinate == extraBlocks {
      count += extent % block
    }
    return count
  }

  /// The global index of local index `local` on `coordinate` (ScaLAPACK's `INDXL2G`).
  static func globalIndex(local: Int, block: Int, coordinate: Int, processes: Int) -> Int {
    (local / block) * block * processes + coordinate * block + local % block
  }

  /// Calls `body(localOffset, globalOffset, count)` for every run of consecutive entries
  /// that process `(processRow, processColumn)` holds: `count` entries starting at
  /// `localOffset` of its row-major local matrix and at `globalOffset` of the row-major
  /// whole matrix. One run per local row and local block column, in local order.
  /// - Complexity: O(local rows · local block columns) calls.
  func forEachRun(processRow: Int, processColumn: Int, _ body: (_ localOffset: Int, _ globalOffset: Int, _ count: Int) -> Void) {
    let localRowCount = localRows(processRow: processRow)
    let localColumnCount = localColumns(processColumn: processColumn)
    guard localRowCount > 0 && localColumnCount > 0 else { return }
    for localRow in 0..<localRowCount {
      let globalRowOffset = globalRow(localRow: localRow, processRow: processRow) * columns
      var localColumn = 0
      while localColumn < localColumnCount {
        let count = Swift.min(blockColumns, localColumnCount - localColumn)
        body(
          localRow * localColumnCount + localColumn,
          globalRowOffset + globalColumn(localColumn: localColumn, processColumn: processColumn), count)
        localColumn += count
      }
    }
  }

  /// What is wrong with these sizes for ScaLAPACK, or nil: sizes must be non-negative, blocks
  /// positive, and every count and local index must fit ScaLAPACK's 32-bit integers.
  func _validationFailure(operation: String) -> BlockNumericsError? {
    guard rows >= 0 && columns >= 0 else {
      return .invalidArgument(operation: operation, message: "sizes must be non-negative, got \(rows)×\(columns)")
    }
    guard blockRows >= 1 && blockColumns >= 1 else {
      return .invalidArgument(operation: operation, message: "block sizes must be positive, got \(blockRows)×\(blockColumns)")
    }
    let limit = Int(Int32.max)
    guard rows <= limit && columns <= limit && blockRows <= limit && blockColumns <= limit else {
      return .invalidArgument(
        operation: operation, message: "\(rows)×\(columns) in \(blockRows)×\(blockColumns) blocks exceeds ScaLAPACK's 32-bit sizes (at most \(limit))")
    }
    // Process (0, 0) holds the most rows and the most columns.
    let (largest, overflow) = localRows(processRow: 0).multipliedReportingOverflow(by: localColumns(processColumn: 0))
    guard !overflow && largest <= limit else {
      return .invalidArgument(
        operation: operation,
        message: "process (0, 0) would hold \(localRows(processRow: 0))×\(localColumns(processColumn: 0)) entries of the \(description); ScaLAPACK indexes local matrices with 32-bit integers (at most \(limit) entries): use more processes")
    }
    return nil
  }
}
