extension Naive {
  /// The product `s · x` of a block-sparse and a dense matrix by plain loops: for every
  /// stored block, in storage order, each of its entries times the matching row of `x`,
  /// added into the output. No BLAS, no threads.
  ///
  /// This is the loop a careful programmer writes first; benchmarks set it against the
  /// BSR kernels (one BLAS call or register-blocked kernel per stored block, block rows in
  /// parallel) and tests check the kernels against it.
  ///
  /// `s` is `m × k` and `x` is `k × n`; the result is `m × n`, zero in every block row
  /// without stored blocks.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when
  ///   `s.columns != x.rows`, naming both shapes.
  /// - Complexity: O(stored entries · n) time, O(m·n) extra memory for the result.
  @inlinable
  public static func blockSparseMultiply<Scalar: BLASScalar>(
    _ s: BlockSparseMatrix<Scalar>, _ x: Matrix<Scalar>
  ) throws -> Matrix<Scalar> {
    guard s.columns == x.rows else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Naive.blockSparseMultiply(_:_:)",
        message: "cannot multiply \(s.shapeDescription) by \(x.shapeDescription): inner dimensions \(s.columns) and \(x.rows) differ")
    }
    let n = x.columns
    let blockRows = s.blockRows
    let blockColumns = s.blockColumns
    let blockSize = blockRows * blockColumns
    var elements = [Scalar](repeating: 0, count: s.rows * n)
    elements.withUnsafeMutableBufferPointer { c in
      s._values.withUnsafeBufferPointer { values in
        x._storage.withUnsafeBufferPointer { x in
          for blockRow in 0..<s.blockRowCount {
            for stored in s._blockRowPointers[blockRow]..<s._blockRowPointers[blockRow + 1] {
              let blockColumn = s._blockColumnIndices[stored]
              for r in 0..<blockRows {
                let outputRow = (blockRow &* blockRows &+ r) &* n
                for q in 0..<blockColumns {
                  let value = values[stored &* blockSize &+ r &* blockColumns &+ q]
                  let inputRow = (blockColumn &* blockColumns &+ q) &* n
                  for j in 0..<n {
                    c[outputRow &+ j] += value * x[inputRow &+ j]
                  }
                }
              }
            }
          }
        }
      }
    }
    return Matrix(_unchecked: s.rows, n, elements)
  }
}
