import BlockNumerics

extension DistributedMatrix {
  /// One block that this process holds, with where it sits in the whole matrix.
  public struct LocalBlock: Sendable {
    /// The block row of the whole matrix (`rows.lowerBound / blockRows`).
    public let blockRow: Int
    /// The block column of the whole matrix.
    public let blockColumn: Int
    /// The rows of the whole matrix the block covers.
    public let rows: Range<Int>
    /// The columns of the whole matrix the block covers.
    public let columns: Range<Int>
    /// The block's entries (a copy), `rows.count × columns.count`.
    public let values: Matrix<Scalar>
  }

  /// The blocks this process holds, block row by block row, each with its global
  /// coordinates; empty outside the grid. Local: nothing is sent.
  /// - Complexity: O(local entries).
  public var localBlocks: [LocalBlock] {
    guard let processRow = grid.row, let processColumn = grid.column else { return [] }
    var blocks: [LocalBlock] = []
    let localColumnCount = localColumns
    let blockRowCount = (rows + blockRows - 1) / blockRows
    let blockColumnCount = (columns + blockColumns - 1) / blockColumns
    for blockRow in stride(from: processRow, to: blockRowCount, by: grid.rows) {
      let rowRange = (blockRow * blockRows)..<Swift.min(rows, (blockRow + 1) * blockRows)
      let firstLocalRow = layout.localRow(globalRow: rowRange.lowerBound)
      for blockColumn in stride(from: processColumn, to: blockColumnCount, by: grid.columns) {
        let columnRange = (blockColumn * blockColumns)..<Swift.min(columns, (blockColumn + 1) * blockColumns)
        let firstLocalColumn = layout.localColumn(globalColumn: columnRange.lowerBound)
        var values: [Scalar] = []
        values.reserveCapacity(rowRange.count * columnRange.count)
        for row in 0..<rowRange.count {
          let start = (firstLocalRow + row) * localColumnCount + firstLocalColumn
          values.append(contentsOf: _local[start..<start + columnRange.count])
        }
        blocks.append(
          LocalBlock(
            blockRow: blockRow, blockColumn: blockColumn, rows: rowRange, columns: columnRange,
            values: try! Matrix(rows: rowRange.count, columns: columnRange.count, elements: values)))
      }
    }
    return blocks
  }

  /// Replaces every entry this process holds by `transform(row, column, value)` with global
  /// coordinates. Local: nothing is sent, so `transform` must not throw on some processes
  /// only (use ``init(rows:columns:blockRows:blockColumns:grid:element:)`` for a fallible fill).
  /// - Complexity: O(local entries).
  public mutating func updateLocalEntries(_ transform: (_ row: Int, _ column: Int, _ value: Scalar) -> Scalar) {
    guard let processRow = grid.row, let processColumn = grid.column else { return }
    let layout = self.layout
    let localRowCount = localRows
    let localColumnCount = localColumns
    let globalColumns = (0..<localColumnCount).map { layout.globalColumn(localColumn: $0, processColumn: processColumn) }
    _local.withUnsafeMutableBufferPointer { local in
      for localRow in 0..<localRowCount {
        let row = layout.globalRow(localRow: localRow, processRow: processRow)
        for localColumn in 0..<localColumnCount {
          let index = localRow * localColumnCount + localColumn
          local[index] = transform(row, globalColumns[localColumn], local[index])
        }
      }
    }
  }
}
