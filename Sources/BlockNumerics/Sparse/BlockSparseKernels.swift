// The machinery every block-sparse kernel shares: the one tuning parameter of their own, the
// split of output blocks into parallel chunks (through the library's scheduler), the
// column-major ("transposed") index of the block structure, and the stored values as a view.
// Block products themselves go through `_smallOrBLASProduct` (Dense/SmallProductKernel.swift).

/// Tuning parameters of the block-sparse kernels; scheduling thresholds live in
/// ``ParallelParameters``, the choice between the small-product kernel and BLAS in
/// ``SmallProductParameters``.
@usableFromInline
struct BlockSparseKernelParameters: Sendable {
  /// Dense × sparse products with blocks no larger than this (in their smaller side) run
  /// as `(op(S)ᵀ·Xᵀ)ᵀ` through the sparse × dense kernel.
  @usableFromInline var transposedLeftBlockLimit: Int
  /// Sparse × dense products with blocks no larger than this (in their larger side) run an
  /// output block row at a time through the block-row kernel; larger blocks one BLAS call
  /// (or small-product kernel call) per stored block.
  @usableFromInline var blockRowKernelLimit: Int

  @usableFromInline
  init(transposedLeftBlockLimit: Int, blockRowKernelLimit: Int) {
    self.transposedLeftBlockLimit = transposedLeftBlockLimit
    self.blockRowKernelLimit = blockRowKernelLimit
  }

  /// The defaults, measured on x86-64 (AMD EPYC, AVX-512) with OpenBLAS 0.3.21.
  @usableFromInline static let automatic = BlockSparseKernelParameters(transposedLeftBlockLimit: 16, blockRowKernelLimit: 32)
}

/// The stored blocks grouped by block column: for block column `j`, entries
/// `pointers[j] ..< pointers[j + 1]` of `blockRows` and `positions` give each stored block's
/// block row and its index in BSR storage order. This is the structure of the transpose,
/// without moving any values.
@usableFromInline
struct BlockColumnIndex: Sendable {
  @usableFromInline var pointers: [Int]
  @usableFromInline var blockRows: [Int]
  @usableFromInline var positions: [Int]
}

extension BlockSparseMatrix {
  /// The stored blocks grouped by block column (a counting sort, so block rows come out
  /// increasing within each column).
  /// - Complexity: O(stored blocks + block rows + block columns).
  @usableFromInline
  func _blockColumnIndex() -> BlockColumnIndex {
    let blockColumnCount = self.blockColumnCount
    var pointers = [Int](repeating: 0, count: blockColumnCount + 1)
    for j in _blockColumnIndices { pointers[j + 1] += 1 }
    for j in 0..<blockColumnCount { pointers[j + 1] += pointers[j] }
    var next = pointers
    var blockRowsOut = [Int](repeating: 0, count: storedBlockCount)
    var positions = [Int](repeating: 0, count: storedBlockCount)
    for i in 0..<blockRowCount {
      for k in _blockRowPointers[i]..<_blockRowPointers[i + 1] {
        let j = _blockColumnIndices[k]
        let slot = next[j]
        next[j] = slot + 1
        blockRowsOut[slot] = i
        positions[slot] = k
      }
    }
    return BlockColumnIndex(pointers: pointers, blockRows: blockRowsOut, positions: positions)
  }
}

/// Runs `body` over `0 ..< count` output blocks through ``ParallelLoop``, split into
/// contiguous chunks of about equal cost, in parallel when `work` (multiply-adds) is large
/// enough.
///
/// `pointers` are the CSR-style offsets of the stored blocks feeding each output block; an
/// output block's cost is its stored blocks plus one (the zero fill).
@inlinable
func _forEachOutputChunk(count: Int, pointers: [Int], work: Int, _ body: @Sendable (Range<Int>) -> Void) {
  ParallelLoop.forEachChunk(count, work: work, cost: { pointers[$0 + 1] - pointers[$0] + 1 }, body)
}

extension BlockSparseMatrix {
  /// Calls `body` with the stored values as a `storedBlockCount × (blockRows·blockColumns)`
  /// view, one block per row (a view that can cross into parallel closures).
  @inlinable
  func _withValues<Result>(_ body: (MatrixView<Scalar>) throws -> Result) rethrows -> Result {
    let size = blockRows * blockColumns
    return try _values.withUnsafeBufferPointer { buffer in
      try body(MatrixView(base: buffer._viewBase, rows: storedBlockCount, columns: size, leadingDimension: Swift.max(1, size)))
    }
  }

  /// Stored block `position` (in BSR order) as a `blockRows × blockColumns` view of `values`
  /// (from ``_withValues(_:)``).
  @inlinable
  func _block(_ position: Int, in values: MatrixView<Scalar>) -> MatrixView<Scalar> {
    MatrixView(
      base: values.base + position * blockRows * blockColumns, rows: blockRows, columns: blockColumns,
      leadingDimension: blockColumns)
  }
}
