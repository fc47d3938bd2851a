import BlockNumerics

extension DistributedMatrix {
  /// The same matrix in `blockRows × blockColumns` blocks over `grid` (this matrix's grid by
  /// default): one ScaLAPACK `p?gemr2d`. The target grid must be built over the same
  /// communicator; it may have another shape, and processes may be in one grid and not the
  /// other.
  ///
  /// Layouts change only through this call: products accept operands of different block
  /// sizes on one grid, entry-wise arithmetic refuses different layouts.
  /// - Throws: on every process: `BlockNumericsError.invalidArgument`
  ///   when `grid` belongs to another communicator or the processes disagree on the
  ///   arguments; as ``init(rows:columns:blockRows:blockColumns:grid:)`` for the new layout.
  /// - Complexity: collective; at most O(rows · columns / processes) entries sent per process.
  public func redistributed(blockRows: Int, blockColumns: Int, grid target: ProcessGrid? = nil) throws -> DistributedMatrix {
    let operation = "DistributedMatrix.redistributed(blockRows:blockColumns:grid:)"
    let target = target ?? grid
    var failure: BlockNumericsError? = nil
    if target.communicator !== grid.communicator {
      failure = .invalidArgument(
        operation: operation,
        message: "the target \(target.shapeDescription) grid is built over another communicator than the matrix's \(grid.shapeDescription) grid; both must share one")
    }
    let layout = try Self._checkedLayout(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, grid: target, operation: operation,
      failure: failure)
    try grid.communicator._agree(nil, values: [grid.serial], names: ["the source grid"], operation: operation)
    var result = DistributedMatrix(_zeros: layout, grid: target)
    guard rows > 0 && columns > 0 else { return result }
    // Every process of the communicator takes part (p?gemr2d's context spans them all);
    // a process outside a grid passes that grid's descriptor with context -1.
    let source = _descriptor
    let destination = result._descriptor
    _withLocal { sourceLocal in
      result._withMutableLocal { destinationLocal in
        Scalar.pgemr2d(
          m: Int32(columns), n: Int32(rows), a: sourceLocal, descriptorA: source, b: destinationLocal,
          descriptorB: destination, context: grid.wholeContext)
      }
    }
    return result
  }
}
