import BlockNumerics

// Entry-wise arithmetic needs no communication when both operands share a layout: each
// process combines its own blocks. Operands of different layouts are refused, not silently
// redistributed: layout changes only through redistributed(blockRows:blockColumns:grid:).

extension DistributedMatrix {
  /// The entry-wise sum `self + other`; both must have the same shape, block size and grid.
  /// - Throws: `BlockNumericsError.shapeMismatch` on every process when
  ///   the layouts differ (naming both), or when the processes disagree on them.
  /// - Complexity: collective (one small all-reduce); O(local entries), nothing sent.
  public func adding(_ other: DistributedMatrix) throws -> DistributedMatrix {
    try _combined(with: other, operation: "DistributedMatrix.adding(_:)", sign: 1)
  }

  /// The entry-wise difference `self − other`; both must have the same shape, block size
  /// and grid.
  /// - Throws: as ``adding(_:)``.
  /// - Complexity: collective (one small all-reduce); O(local entries), nothing sent.
  public func subtracting(_ other: DistributedMatrix) throws -> DistributedMatrix {
    try _combined(with: other, operation: "DistributedMatrix.subtracting(_:)", sign: -1)
  }

  /// Every entry multiplied by `factor`. Local: nothing is sent and nothing can fail.
  /// - Complexity: O(local entries).
  public func scaled(by factor: Scalar) -> DistributedMatrix {
    var result = self
    result._local.withUnsafeMutableBufferPointer { local in
      for index in local.indices { local[index] *= factor }
    }
    return result
  }

  private func _combined(with other: DistributedMatrix, operation: String, sign: Scalar) throws -> DistributedMatrix {
    var failure: BlockNumericsError? = nil
    if other.layout != layout || other.grid !== grid {
      failure = .shapeMismatch(
        operation: operation,
        message: "the operands are laid out differently (\(layout) and \(other.layout)\(other.grid !== grid ? ", on different grids" : "")); redistribute one with redistributed(blockRows:blockColumns:grid:) first")
    }
    try grid.communicator._agree(
      failure, values: [rows, columns, blockRows, blockColumns, grid.serial],
      names: ["the number of rows", "the number of columns", "the block rows", "the block columns", "the process grid"],
      operation: operation)
    var result = self
    if !_local.isEmpty {
      let count = Int32(_local.count)
      result._local.withUnsafeMutableBufferPointer { sum in
        other._local.withUnsafeBufferPointer { addend in
          Scalar.axpy(count: count, alpha: sign, x: addend.baseAddress!, incrementX: 1, y: sum.baseAddress!, incrementY: 1)
        }
      }
    }
    return result
  }
}
