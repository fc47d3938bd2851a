// Sums, differences, scaling and the transpose of block matrices. Absent blocks are skipped:
// a sum's block is absent only where both operands' blocks are.

extension BlockMatrix {
  /// The transpose: the partition's row and column sizes swap and every block is transposed.
  /// - Complexity: O(stored entries).
  public var transposed: BlockMatrix {
    switch storage {
    case .contiguous(let matrix):
      return BlockMatrix(partition: partition.transposed, storage: .contiguous(matrix.transposed))
    case .packed:
      let grid = _blockGrid()
      var transposedGrid = [Matrix<Scalar>?](repeating: nil, count: grid.count)
      for i in 0..<blockRowCount {
        for j in 0..<blockColumnCount { transposedGrid[j * blockRowCount + i] = grid[i * blockColumnCount + j]?.transposed }
      }
      return BlockMatrix(partition: partition.transposed, storage: Self.packedStorage(transposedGrid))
    }
  }

  /// Every entry multiplied by `factor`; absent blocks stay absent.
  /// - Complexity: O(stored entries).
  public func scaled(by factor: Scalar) -> BlockMatrix {
    switch storage {
    case .contiguous(let matrix):
      return BlockMatrix(partition: partition, storage: .contiguous(matrix * factor))
    case .packed(let values, let offsets):
      return BlockMatrix(partition: partition, storage: .packed(values: values.map { $0 * factor }, offsets: offsets))
    }
  }

  /// Every entry multiplied by `rhs`.
  public static func * (lhs: BlockMatrix, rhs: Scalar) -> BlockMatrix { lhs.scaled(by: rhs) }

  /// Every entry multiplied by `lhs`.
  public static func * (lhs: Scalar, rhs: BlockMatrix) -> BlockMatrix { rhs.scaled(by: lhs) }

  /// Every entry negated.
  public static prefix func - (operand: BlockMatrix) -> BlockMatrix { operand.scaled(by: -1) }

  func _checkSamePartition(as other: BlockMatrix, _ operation: String) throws {
    guard partition == other.partition else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "partitions differ: \(partition) (\(shapeDescription)) and \(other.partition) (\(other.shapeDescription))")
    }
  }

  /// The block-wise sum; a block is absent only where both operands' blocks are.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` unless the partitions
  ///   are equal.
  /// - Complexity: O(stored entries).
  public func adding(_ other: BlockMatrix) throws -> BlockMatrix {
    try _checkSamePartition(as: other, "BlockMatrix.adding(_:)")
    return _combined(other, alpha: 1)
  }

  /// The block-wise difference; a block is absent only where both operands' blocks are.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` unless the partitions
  ///   are equal.
  /// - Complexity: O(stored entries).
  public func subtracting(_ other: BlockMatrix) throws -> BlockMatrix {
    try _checkSamePartition(as: other, "BlockMatrix.subtracting(_:)")
    return _combined(other, alpha: -1)
  }

  /// `self + alpha·other` with equal partitions.
  func _combined(_ other: BlockMatrix, alpha: Scalar) -> BlockMatrix {
    if case .contiguous(var left) = storage, case .contiguous(let right) = other.storage {
      left._accumulate(right, alpha: alpha)
      return BlockMatrix(partition: partition, storage: .contiguous(left))
    }
    let left = _blockGrid()
    let right = other._blockGrid()
    let sum: [Matrix<Scalar>?] = zip(left, right).map { a, b in
      switch (a, b) {
      case (nil, nil): return nil
      case (let a?, nil): return a
      case (nil, let b?): return b * alpha
      case (var a?, let b?):
        a._accumulate(b, alpha: alpha)
        return a
      }
    }
    return BlockMatrix(partition: partition, storage: Self.packedStorage(sum))
  }

  static func _requireSamePartition(_ lhs: BlockMatrix, _ rhs: BlockMatrix, _ operation: String) {
    precondition(
      lhs.partition == rhs.partition,
      "BlockMatrix \(operation): partitions differ: \(lhs.partition) (\(lhs.shapeDescription)) and \(rhs.partition) (\(rhs.shapeDescription))")
  }

  /// The block-wise sum; different partitions stop with a precondition failure naming both
  /// (``adding(_:)`` throws instead).
  public static func + (lhs: BlockMatrix, rhs: BlockMatrix) -> BlockMatrix {
    _requireSamePartition(lhs, rhs, "+")
    return lhs._combined(rhs, alpha: 1)
  }

  /// The block-wise difference; different partitions stop with a precondition failure
  /// naming both (``subtracting(_:)`` throws instead).
  public static func - (lhs: BlockMatrix, rhs: BlockMatrix) -> BlockMatrix {
    _requireSamePartition(lhs, rhs, "-")
    return lhs._combined(rhs, alpha: -1)
  }
}
