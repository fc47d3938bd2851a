extension BlockMatrix {
  /// The block product: block `(I, J)` of the result is `Σ_K A_IK · B_KJ`, summed over the
  /// `K` where both blocks are stored, output blocks computed in parallel.
  ///
  /// The result's partition is this matrix's row partition by `other`'s column partition.
  /// Its block `(I, J)` is absent when no `K` contributes. Each block product is one BLAS
  /// `gemm` (β = 1 after the first `K`); when both operands are stored contiguously,
  /// consecutive k-blocks and neighbouring output blocks merge into one call per tile, so a
  /// fine partition keeps BLAS's efficiency; large output blocks are cut into tiles. Tasks
  /// run in parallel on all cores, each with single-threaded BLAS calls (see
  /// ``BlockProductParameters``), so the result's bits do not depend on the thread count.
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` unless this matrix's
  ///   column partition equals `other`'s row partition.
  /// - Complexity: O(Σ over contributing block triples of mᵢ·kₖ·nⱼ).
  public func multiplied(by other: BlockMatrix, parameters: BlockProductParameters = .automatic) throws -> BlockMatrix {
    guard partition.columnBlockSizes == other.partition.rowBlockSizes else {
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockMatrix.multiplied(by:)",
        message: "the left column partition \(partition.columnBlockSizes) (\(shapeDescription)) differs from the right row partition \(other.partition.rowBlockSizes) (\(other.shapeDescription))")
    }
    return _product(other, parameters: parameters)
  }

  /// The block product; a left column partition other than the right row partition stops
  /// with a precondition failure naming both (``multiplied(by:parameters:)`` throws instead).
  public static func * (lhs: BlockMatrix, rhs: BlockMatrix) -> BlockMatrix {
    precondition(
      lhs.partition.columnBlockSizes == rhs.partition.rowBlockSizes,
      "BlockMatrix *: the left column partition \(lhs.partition.columnBlockSizes) (\(lhs.shapeDescription)) differs from the right row partition \(rhs.partition.rowBlockSizes) (\(rhs.shapeDescription))")
    return lhs._product(rhs, parameters: .automatic)
  }

  func _product(_ other: BlockMatrix, parameters: BlockProductParameters) -> BlockMatrix {
    let resultPartition = BlockPartition(_checked: partition.rowBlockSizes, other.partition.columnBlockSizes)
    if case .contiguous = storage, case .contiguous = other.storage, parameters.mergesContiguousBlocks {
      return _mergedProduct(other, partition: resultPartition, parameters: parameters)
    }
    return _blockwiseProduct(other, partition: resultPartition, parameters: parameters)
  }

  /// Both operands contiguous: the output is cut into tiles, each one `gemm` over the whole
  /// inner dimension, whatever the partitions.
  private func _mergedProduct(
    _ other: BlockMatrix, partition resultPartition: BlockPartition, parameters: BlockProductParameters
  ) -> BlockMatrix {
    let m = resultPartition.rows
    let n = resultPartition.columns
    let rowChunks = parameters.chunks(m)
    let columnChunks = parameters.chunks(n)
    let inner = partition.columns
    let product = Matrix<Scalar>(_uninitializedRows: m, columns: n) { c in
      withBlockViews { left in
        other.withBlockViews { right in
          let a = left.contiguous!
          let b = right.contiguous!
          // Every tile costs about the same, so the tiles are spread evenly.
          ParallelLoop.forEachChunk(
            rowChunks.count * columnChunks.count, work: m * n * inner, parameters: parameters.parallel
          ) { tasks in
            for task in tasks {
              let rows = rowChunks[task / columnChunks.count]
              let columns = columnChunks[task % columnChunks.count]
              BLAS.gemm(
                a.subview(rows: rows, columns: 0..<a.columns), transposeA: false,
                b.subview(rows: 0..<b.rows, columns: columns), transposeB: false,
                into: c.subview(rows: rows, columns: columns))
            }
          }
        }
      }
    }
    return BlockMatrix(partition: resultPartition, storage: .contiguous(product))
  }

  /// General case: each output block, cut into tiles, accumulates over the contributing
  /// k-blocks in ascending order.
  private func _blockwiseProduct(
    _ other: BlockMatrix, partition resultPartition: BlockPartition, parameters: BlockProductParameters
  ) -> BlockMatrix {
    let blockRows = resultPartition.blockRowCount
    let blockColumns = resultPartition.blockColumnCount
    let inner = partition.blockColumnCount
    // For each output block, the k-blocks where both operands store a block, in order.
    var contributions = [[Int]](repeating: [], count: blockRows * blockColumns)
    for i in 0..<blockRows {
      for j in 0..<blockColumns {
        contributions[i * blockColumns + j] = (0..<inner).filter {
          hasStoredBlock(blockRow: i, blockColumn: $0) && other.hasStoredBlock(blockRow: $0, blockColumn: j)
        }
      }
    }
    let allPresent = contributions.allSatisfy { !$0.isEmpty }
    // Output layout: contiguous when every block is present, packed otherwise.
    var offsets = [Int?](repeating: nil, count: blockRows * blockColumns)
    var total = 0
    if allPresent {
      total = resultPartition.rows * resultPartition.columns
    } else {
      for index in contributions.indices where !contributions[index].isEmpty {
        offsets[index] = total
        total += resultPartition.rowBlockSizes[index / blockColumns] * resultPartition.columnBlockSizes[index % blockColumns]
      }
    }
    // Tasks: (output block, row range, column range within the block).
    var tasks: [(block: Int, rows: Range<Int>, columns: Range<Int>)] = []
    for index in contributions.indices where !contributions[index].isEmpty {
      for rows in parameters.chunks(resultPartition.rowBlockSizes[index / blockColumns]) {
        for columns in parameters.chunks(resultPartition.columnBlockSizes[index % blockColumns]) {
          tasks.append((index, rows, columns))
        }
      }
    }
    let outputOffsets = offsets
    let contributingBlocks = contributions
    let taskList = tasks
    // A task's cost: its tile times the inner sizes of its contributing k-blocks.
    func cost(_ task: Int) -> Int {
      let (index, rows, columns) = taskList[task]
      return rows.count * columns.count * contributingBlocks[index].reduce(0) { $0 + partition.columnBlockSizes[$1] }
    }
    let work = taskList.indices.reduce(0) { $0 + cost($1) }
    // Contiguous (every block present): the result's own shape; packed: one column of values.
    let output = Matrix<Scalar>(
      _uninitializedRows: allPresent ? resultPartition.rows : total, columns: allPresent ? resultPartition.columns : 1
    ) { whole in
      withBlockViews { left in
        other.withBlockViews { right in
          ParallelLoop.forEachChunk(taskList.count, work: work, cost: cost, parameters: parameters.parallel) { chunk in
            for task in chunk {
              let (index, rows, columns) = taskList[task]
              let i = index / blockColumns
              let j = index % blockColumns
              let blockRowRange = resultPartition.rowRange(ofBlockRow: i)
              let blockColumnRange = resultPartition.columnRange(ofBlockColumn: j)
              let block = allPresent
                ? whole.subview(rows: blockRowRange, columns: blockColumnRange)
                : MutableMatrixView(
                  base: whole.base + outputOffsets[index]!, rows: blockRowRange.count, columns: blockColumnRange.count,
                  leadingDimension: blockColumnRange.count)
              let c = block.subview(rows: rows, columns: columns)
              for (position, k) in contributingBlocks[index].enumerated() {
                let a = left.view(i, k)!
                let b = right.view(k, j)!
                BLAS.gemm(
                  a.subview(rows: rows, columns: 0..<a.columns), transposeA: false,
                  b.subview(rows: 0..<b.rows, columns: columns), transposeB: false,
                  beta: position == 0 ? 0 : 1, into: c)
              }
            }
          }
        }
      }
    }
    if allPresent { return BlockMatrix(partition: resultPartition, storage: .contiguous(output)) }
    return BlockMatrix(partition: resultPartition, storage: .packed(values: output.elements, offsets: offsets))
  }
}
