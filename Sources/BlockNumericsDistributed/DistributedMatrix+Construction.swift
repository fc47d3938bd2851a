import BlockNumerics

// Three ways to fill a distributed matrix: an element closure each process evaluates for its
// own entries (nothing is sent), one process's Matrix scattered to the others, and a
// BlockMatrix whose uniform partition becomes the block size (each process copies its own
// blocks; nothing is sent).

extension DistributedMatrix {
  /// A `rows × columns` matrix whose entry `(i, j)` is `element(i, j)`, in
  /// `blockRows × blockColumns` blocks over `grid`; each process evaluates `element` only for
  /// the entries it holds, so nothing is sent.
  ///
  /// - Throws: as ``init(rows:columns:blockRows:blockColumns:grid:)``; when `element` throws
  ///   on any process, every process throws that error (a `BlockNumericsError` as it is,
  ///   any other error wrapped in `BlockNumericsError.invalidArgument`
  ///   naming the process).
  /// - Complexity: collective (two small all-reduces); O(local entries) calls of `element`.
  public init(
    rows: Int, columns: Int, blockRows: Int, blockColumns: Int, grid: ProcessGrid,
    element: (_ row: Int, _ column: Int) throws -> Scalar
  ) throws {
    let operation = "DistributedMatrix(rows:columns:blockRows:blockColumns:grid:element:)"
    let layout = try Self._checkedLayout(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, grid: grid, operation: operation)
    var matrix = DistributedMatrix(_zeros: layout, grid: grid)
    var failure: BlockNumericsError? = nil
    if let processRow = grid.row, let processColumn = grid.column {
      let localRowCount = matrix.localRows
      let localColumnCount = matrix.localColumns
      let globalColumns = (0..<localColumnCount).map { layout.globalColumn(localColumn: $0, processColumn: processColumn) }
      do {
        try matrix._local.withUnsafeMutableBufferPointer { local in
          for localRow in 0..<localRowCount {
            let row = layout.globalRow(localRow: localRow, processRow: processRow)
            let base = localRow * localColumnCount
            for localColumn in 0..<localColumnCount {
              local[base + localColumn] = try element(row, globalColumns[localColumn])
            }
          }
        }
      } catch {
        failure = _blockNumericsError(error, operation: operation, rank: grid.communicator.rank)
      }
    }
    try grid.communicator._agree(failure, operation: operation)
    self = matrix
  }

  /// `matrix`, held by process `root` of the grid's communicator, dealt out in
  /// `blockRows × blockColumns` blocks over `grid`; other processes pass nil (what they
  /// pass is ignored). The root may be outside the grid.
  ///
  /// The root sends each process its share in one message (split in chunks of 2²⁸ entries)
  /// and keeps no more than one share besides `matrix` in memory.
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when `root` is not a process of the communicator, the root passes nil, or the
  ///   processes disagree on `root`, the block size or the grid; as
  ///   ``init(rows:columns:blockRows:blockColumns:grid:)`` for the layout.
  /// - Complexity: collective; O(rows · columns) entries sent by the root.
  public init(scattering matrix: Matrix<Scalar>?, root: Int, blockRows: Int, blockColumns: Int, grid: ProcessGrid) throws {
    let operation = "DistributedMatrix(scattering:root:blockRows:blockColumns:grid:)"
    let communicator = grid.communicator
    try communicator._checkActive(operation)
    var failure: BlockNumericsError? = nil
    if root < 0 || root >= communicator.size {
      failure = .invalidArgument(operation: operation, message: "root \(root) is not a process of the grid's communicator (ranks 0..<\(communicator.size))")
    } else if communicator.rank == root && matrix == nil {
      failure = .invalidArgument(operation: operation, message: "the root, process \(root), passed nil; the root must pass the matrix it scatters")
    }
    try communicator._agree(failure, values: [root], names: ["the root"], operation: operation)
    // Only the root knows the shape.
    let shape = try communicator.broadcast(communicator.rank == root ? [matrix!.rows, matrix!.columns] : nil, root: root)
    let layout = try Self._checkedLayout(
      rows: shape[0], columns: shape[1], blockRows: blockRows, blockColumns: blockColumns, grid: grid, operation: operation)
    var result = DistributedMatrix(_zeros: layout, grid: grid)
    if communicator.rank == root, let matrix {
      matrix.withUnsafeBufferPointer { whole in
        var share: [Scalar] = []
        for processRow in 0..<grid.rows {
          for processColumn in 0..<grid.columns {
            let destination = grid.rank(row: processRow, column: processColumn)
            let count = layout.localRows(processRow: processRow) * layout.localColumns(processColumn: processColumn)
            if destination == root {
              result._local.withUnsafeMutableBufferPointer { local in
                layout.forEachRun(processRow: processRow, processColumn: processColumn) { localOffset, globalOffset, runCount in
                  (local.baseAddress! + localOffset).update(from: whole.baseAddress! + globalOffset, count: runCount)
                }
              }
            } else if count > 0 {
              share.removeAll(keepingCapacity: true)
              share.reserveCapacity(count)
              layout.forEachRun(processRow: processRow, processColumn: processColumn) { _, globalOffset, runCount in
                share.append(contentsOf: UnsafeBufferPointer(start: whole.baseAddress! + globalOffset, count: runCount))
              }
              share.withUnsafeBufferPointer { communicator._send($0, to: destination) }
            }
          }
        }
      }
    } else if grid.containsThisProcess && !result._local.isEmpty {
      result._local.withUnsafeMutableBufferPointer { communicator._receive(into: $0, from: root) }
    }
    self = result
  }

  /// `blockMatrix`, whose partition is uniform (every block row as high as the first, the
  /// last possibly lower; the same for columns), dealt out with its blocks as the
  /// distribution's blocks. Every process passes the same block matrix (built from the same
  /// seed or file, say) and copies the blocks it holds; nothing is sent. Absent blocks are
  /// zeros.
  ///
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when the partition is not uniform or the processes pass different partitions; as
  ///   ``init(rows:columns:blockRows:blockColumns:grid:)`` for the layout.
  /// - Complexity: collective (one small all-reduce); O(local entries).
  public init(_ blockMatrix: BlockMatrix<Scalar>, grid: ProcessGrid) throws {
    let operation = "DistributedMatrix(_:grid:)"
    let partition = blockMatrix.partition
    func blockSize(_ sizes: [Int], _ what: String) -> (Int, BlockNumericsError?) {
      guard let first = sizes.first else { return (1, nil) }
      let ragged = sizes.dropLast().contains { $0 != first } || sizes.last! > first
      return ragged
        ? (first, .invalidArgument(
          operation: operation,
          message: "the \(what) block sizes \(sizes) are not uniform; a block-cyclic distribution needs equal blocks (the last may be smaller): use BlockPartition.uniform"))
        : (first, nil)
    }
    let (blockRows, rowFailure) = blockSize(partition.rowBlockSizes, "row")
    let (blockColumns, columnFailure) = blockSize(partition.columnBlockSizes, "column")
    let layout = try Self._checkedLayout(
      rows: blockMatrix.rows, columns: blockMatrix.columns, blockRows: blockRows, blockColumns: blockColumns, grid: grid,
      operation: operation, failure: rowFailure ?? columnFailure)
    var result = DistributedMatrix(_zeros: layout, grid: grid)
    if let processRow = grid.row, let processColumn = grid.column {
      let localColumnCount = result.localColumns
      result._local.withUnsafeMutableBufferPointer { local in
        for blockRow in stride(from: processRow, to: partition.blockRowCount, by: grid.rows) {
          for blockColumn in stride(from: processColumn, to: partition.blockColumnCount, by: grid.columns)
          where blockMatrix.hasStoredBlock(blockRow: blockRow, blockColumn: blockColumn) {
            let block = blockMatrix[blockRow: blockRow, blockColumn: blockColumn]
            let firstLocalRow = layout.localRow(globalRow: partition.rowOffsets[blockRow])
            let firstLocalColumn = layout.localColumn(globalColumn: partition.columnOffsets[blockColumn])
            block.withUnsafeBufferPointer { values in
              for row in 0..<block.rows {
                (local.baseAddress! + (firstLocalRow + row) * localColumnCount + firstLocalColumn)
                  .update(from: values.baseAddress! + row * block.columns, count: block.columns)
              }
            }
          }
        }
      }
    }
    self = result
  }
}
