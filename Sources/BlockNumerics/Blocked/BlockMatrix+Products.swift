import Dispatch

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
    let values = [Scalar](unsafeUninitializedCapacity: m * n) { buffer, initialized in
      let c = MutableMatrixView(base: buffer.baseAddress ?? .init(bitPattern: 8)!, rows: m, columns: n, leadingDimension: Swift.max(1, n))
      withBlockViews { left in
        other.withBlockViews { right in
          let a = left.contiguous!
          let b = right.contiguous!
          BlockTaskRunner.run(taskCount: rowChunks.count * columnChunks.count, parameters: parameters) { task in
            let rows = rowChunks[task / columnChunks.count]
            let columns = columnChunks[task % columnChunks.count]
            BLAS.gemm(
              a.subview(rows: rows, columns: 0..<a.columns), transposeA: false,
              b.subview(rows: 0..<b.rows, columns: columns), transposeB: false,
              into: c.subview(rows: rows, columns: columns))
          }
        }
      }
      initialized = m * n
    }
    return BlockMatrix(partition: resultPartition, storage: .contiguous(Matrix(_unchecked: m, n, values)))
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
    let values = [Scalar](unsafeUninitializedCapacity: total) { buffer, initialized in
      let whole = MutableMatrixView(
        base: buffer.baseAddress ?? .init(bitPattern: 8)!, rows: allPresent ? resultPartition.rows : total,
        columns: allPresent ? resultPartition.columns : 1, leadingDimension: allPresent ? Swift.max(1, resultPartition.columns) : 1)
      withBlockViews { left in
        other.withBlockViews { right in
          BlockTaskRunner.run(taskCount: taskList.count, parameters: parameters) { task in
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
      initialized = total
    }
    if allPresent {
      return BlockMatrix(
        partition: resultPartition,
        storage: .contiguous(Matrix(_unchecked: resultPartition.rows, resultPartition.columns, values)))
    }
    return BlockMatrix(partition: resultPartition, storage: .packed(values: values, offsets: offsets))
  }
}

/// Runs independent tasks on all cores with single-threaded BLAS calls, so that threads
/// never exceed the cores and results never depend on BLAS's own thread count.
enum BlockTaskRunner {
  static func run(taskCount: Int, parameters: BlockProductParameters, _ task: @Sendable (Int) -> Void) {
    guard taskCount > 0 else { return }
    BLAS.withSingleThreadedCalls {
      if taskCount == 1 || (parameters.coreCount ?? BLAS.coreCount) <= 1 {
        for index in 0..<taskCount { task(index) }
      } else {
        DispatchQueue.concurrentPerform(iterations: taskCount, execute: task)
      }
    }
  }
}
