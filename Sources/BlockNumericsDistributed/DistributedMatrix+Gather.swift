import BlockNumerics

extension DistributedMatrix {
  /// The whole matrix on process `root` of the grid's communicator, nil on every other
  /// process. The root may be outside the grid.
  ///
  /// Each process sends its share to the root in one message (split in chunks of 2²⁸
  /// entries); the root keeps no more than one share besides the result in memory.
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when `root` is not a process of the communicator or the processes disagree on it;
  ///   `BlockNumericsError.systemFailure` when the whole matrix does
  ///   not fit the root's memory.
  /// - Complexity: collective; O(rows · columns) entries received by the root.
  public func gathered(root: Int) throws -> Matrix<Scalar>? {
    let operation = "DistributedMatrix.gathered(root:)"
    let communicator = grid.communicator
    try communicator._checkActive(operation)
    var failure: BlockNumericsError? = nil
    if root < 0 || root >= communicator.size {
      failure = .invalidArgument(operation: operation, message: "root \(root) is not a process of the grid's communicator (ranks 0..<\(communicator.size))")
    } else if communicator.rank == root {
      failure = Self._memoryFailure(entries: rows * columns, operation: operation, rank: root)
    }
    try communicator._agree(failure, values: [root, grid.serial], names: ["the root", "the process grid"], operation: operation)

    guard communicator.rank == root else {
      if grid.containsThisProcess && !_local.isEmpty {
        _local.withUnsafeBufferPointer { communicator._send($0, to: root) }
      }
      return nil
    }
    var whole = Matrix<Scalar>(rows: rows, columns: columns)
    var share: [Scalar] = []
    whole.withUnsafeMutableBufferPointer { whole in
      for processRow in 0..<grid.rows {
        for processColumn in 0..<grid.columns {
          let source = grid.rank(row: processRow, column: processColumn)
          let count = layout.localRows(processRow: processRow) * layout.localColumns(processColumn: processColumn)
          guard count > 0 else { continue }
          if source == root {
            share = _local
          } else {
            share = [Scalar](repeating: 0, count: count)
            share.withUnsafeMutableBufferPointer { communicator._receive(into: $0, from: source) }
          }
          share.withUnsafeBufferPointer { local in
            layout.forEachRun(processRow: processRow, processColumn: processColumn) { localOffset, globalOffset, runCount in
              (whole.baseAddress! + globalOffset).update(from: local.baseAddress! + localOffset, count: runCount)
            }
          }
        }
      }
    }
    return whole
  }
}
