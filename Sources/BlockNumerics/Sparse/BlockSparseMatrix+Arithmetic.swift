// Sums and scaling. A sum stores the union of both patterns; operators on matrices of
// different shape or block size stop with a precondition failure naming both, the named
// methods throw.

extension BlockSparseMatrix {
  /// Throws unless `other` has this matrix's shape and block size.
  func _checkSameLayout(as other: BlockSparseMatrix, _ operation: String) throws {
    guard rows == other.rows, columns == other.columns,
      blockRows == other.blockRows, blockColumns == other.blockColumns
    else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "\(shapeDescription) and \(other.shapeDescription) differ; element-wise operations need equal shapes and block sizes")
    }
  }

  /// `self + alpha·other` with the union of both patterns; layouts must already agree.
  @usableFromInline
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _sum(_ other: BlockSparseMatrix, alpha: Scalar) -> BlockSparseMatrix {
    let size = blockRows * blockColumns
    var pointers = [0]
    pointers.reserveCapacity(blockRowCount + 1)
    var indices: [Int] = []
    indices.reserveCapacity(Swift.max(storedBlockCount, other.storedBlockCount))
    var values: [Scalar] = []
    values.reserveCapacity(Swift.max(_values.count, other._values.count))
    _values.withUnsafeBufferPointer { a in
      other._values.withUnsafeBufferPointer { b in
        for i in 0..<blockRowCount {
          var p = _blockRowPointers[i]
          var q = other._blockRowPointers[i]
          let pEnd = _blockRowPointers[i + 1]
          let qEnd = other._blockRowPointers[i + 1]
          while p < pEnd || q < qEnd {
            let jl = p < pEnd ? _blockColumnIndices[p] : Int.max
            let jr = q < qEnd ? other._blockColumnIndices[q] : Int.max
            if jl == jr {
              for e in 0..<size { values.append(a[p * size + e] + alpha * b[q * size + e]) }
              indices.append(jl)
              p += 1
              q += 1
            } else if jl < jr {
              values.append(contentsOf: a[p * size..<(p + 1) * size])
              indices.append(jl)
              p += 1
            } else {
              for e in 0..<size { values.append(alpha * b[q * size + e]) }
              indices.append(jr)
              q += 1
            }
          }
          pointers.append(indices.count)
        }
      }
    }
    return BlockSparseMatrix(
      _unchecked: rows, columns, blockRows: blockRows, blockColumns: blockColumns,
      blockRowPointers: pointers, blockColumnIndices: indices, values: values)
  }

  /// The sum, storing the union of both patterns.
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the shapes or
  ///   block sizes differ.
  /// - Complexity: O(stored entries of both).
  public func adding(_ other: BlockSparseMatrix) throws -> BlockSparseMatrix {
    try _checkSameLayout(as: other, "BlockSparseMatrix.adding(_:)")
    return _sum(other, alpha: 1)
  }

  /// The difference, storing the union of both patterns.
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the shapes or
  ///   block sizes differ.
  /// - Complexity: O(stored entries of both).
  public func subtracting(_ other: BlockSparseMatrix) throws -> BlockSparseMatrix {
    try _checkSameLayout(as: other, "BlockSparseMatrix.subtracting(_:)")
    return _sum(other, alpha: -1)
  }

  /// The sum, storing the union of both patterns; stops with a precondition failure naming
  /// both shapes when the shapes or block sizes differ (``adding(_:)`` throws instead).
  /// - Complexity: O(stored entries of both).
  public static func + (lhs: BlockSparseMatrix, rhs: BlockSparseMatrix) -> BlockSparseMatrix {
    do { return try lhs.adding(rhs) } catch { preconditionFailure("BlockSparseMatrix +: \(error)") }
  }

  /// The difference, storing the union of both patterns; stops with a precondition failure
  /// naming both shapes when the shapes or block sizes differ (``subtracting(_:)`` throws
  /// instead).
  /// - Complexity: O(stored entries of both).
  public static func - (lhs: BlockSparseMatrix, rhs: BlockSparseMatrix) -> BlockSparseMatrix {
    do { return try lhs.subtracting(rhs) } catch { preconditionFailure("BlockSparseMatrix -: \(error)") }
  }

  /// Every entry multiplied by `scalar`; the pattern is kept (also for `scalar == 0`).
  /// - Complexity: O(stored entries).
  public static func * (lhs: BlockSparseMatrix, rhs: Scalar) -> BlockSparseMatrix {
    var result = lhs
    result *= rhs
    return result
  }

  /// Every entry multiplied by `scalar`; the pattern is kept (also for `scalar == 0`).
  /// - Complexity: O(stored entries).
  public static func * (lhs: Scalar, rhs: BlockSparseMatrix) -> BlockSparseMatrix {
    rhs * lhs
  }

  /// Multiplies every stored entry by `rhs` in place (BLAS `scal`).
  /// - Complexity: O(stored entries).
  public static func *= (lhs: inout BlockSparseMatrix, rhs: Scalar) {
    let count = BLAS.int32(lhs._values.count, "BlockSparseMatrix *=")
    guard count > 0 else { return }
    lhs._values.withUnsafeMutableBufferPointer { buffer in
      Scalar.scal(count: count, alpha: rhs, x: buffer.baseAddress!, incrementX: 1)
    }
  }

  /// The negation, with the same pattern.
  /// - Complexity: O(stored entries).
  public static prefix func - (operand: BlockSparseMatrix) -> BlockSparseMatrix {
    operand * -1
  }
}
