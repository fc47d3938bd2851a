import Dispatch

// The machinery every block-sparse kernel shares: tuning parameters, the parallel loop over
// output blocks, the column-major ("transposed") index of the block structure, and the
// Swift micro-kernel that replaces a BLAS call for small blocks.

/// Tuning parameters of the block-sparse kernels.
@usableFromInline
struct BlockSparseKernelParameters: Sendable {
  /// Block products with `m · n · k` at most this many multiply-adds run in the Swift
  /// micro-kernel instead of a BLAS call, whose fixed cost (argument checks, packing)
  /// dominates tiny products.
  @usableFromInline var swiftKernelWorkLimit: Int
  /// Block products with two of `m`, `n`, `k` at most this run in the Swift micro-kernel
  /// whatever the third: BLAS packs its operands even for such thin products and reaches a
  /// fraction of its speed.
  @usableFromInline var swiftKernelSideLimit: Int
  /// Products with fewer multiply-adds than this run on the calling thread: below it,
  /// waking other threads costs more than it saves.
  @usableFromInline var parallelWorkThreshold: Int
  /// Dense × sparse products with blocks no larger than this (in their smaller side) run
  /// as `(op(S)ᵀ·Xᵀ)ᵀ` through the sparse × dense kernel.
  @usableFromInline var transposedLeftBlockLimit: Int
  /// How many chunks per core the output blocks are split into, so that uneven block rows
  /// still balance.
  @usableFromInline var chunksPerCore: Int

  @usableFromInline
  init(
    swiftKernelWorkLimit: Int, swiftKernelSideLimit: Int, transposedLeftBlockLimit: Int,
    parallelWorkThreshold: Int, chunksPerCore: Int
  ) {
    self.transposedLeftBlockLimit = transposedLeftBlockLimit
    self.swiftKernelWorkLimit = swiftKernelWorkLimit
    self.swiftKernelSideLimit = swiftKernelSideLimit
    self.parallelWorkThreshold = parallelWorkThreshold
    self.chunksPerCore = chunksPerCore
  }

  /// The defaults, measured on x86-64 (AMD EPYC, AVX2) with OpenBLAS 0.3.21: at 4 × 4 blocks
  /// the Swift kernel beats a BLAS call per block by about 1.5×, at 8 × 8 BLAS wins.
  @usableFromInline static let automatic = BlockSparseKernelParameters(
    swiftKernelWorkLimit: 512, swiftKernelSideLimit: 4,
    transposedLeftBlockLimit: 16, parallelWorkThreshold: 1 << 17, chunksPerCore: 8)
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

/// Runs `body` over `0 ..< count` output blocks, split into contiguous chunks of about
/// equal cost, in parallel when `work` (multiply-adds) is large enough.
///
/// `pointers` are the CSR-style offsets of the stored blocks feeding each output block; a
/// chunk's cost is its stored blocks plus one per output block (the zero fill). While the
/// chunks run, OpenBLAS is held to one thread so that the two levels of parallelism do not
/// oversubscribe the cores.
@inlinable
func _forEachOutputChunk(
  count: Int, pointers: [Int], work: Int, parameters: BlockSparseKernelParameters = .automatic,
  _ body: @Sendable (Range<Int>) -> Void
) {
  guard count > 0 else { return }
  let cores = BLAS.coreCount
  guard cores > 1, work >= parameters.parallelWorkThreshold, count > 1 else {
    body(0..<count)
    return
  }
  let chunkCount = Swift.min(count, cores * parameters.chunksPerCore)
  let totalCost = pointers[count] - pointers[0] + count
  var bounds = [0]
  bounds.reserveCapacity(chunkCount + 1)
  var o = 0
  for chunk in 1..<chunkCount {
    let target = totalCost * chunk / chunkCount
    while o < count && pointers[o] - pointers[0] + o < target { o += 1 }
    if o > bounds.last! { bounds.append(o) }
  }
  bounds.append(count)
  let chunks = bounds
  BLAS.withSingleThreadedCalls {
    DispatchQueue.concurrentPerform(iterations: chunks.count - 1) { chunk in
      body(chunks[chunk]..<chunks[chunk + 1])
    }
  }
}

/// `C ← C + alpha·op(A)·op(B)` for small row-major operands, in plain Swift: for tiny block
/// products this beats a BLAS call, whose fixed cost (argument checks, buffer allocation,
/// packing) dominates.
///
/// `C` is `m × n` and the inner dimension is `k`; `op(X)` reads `X` transposed when asked.
/// Without a transposed `B`, `C` is computed in 2 × 8 register tiles: each step loads eight
/// entries of a `B` row once and uses them for two rows of `C`, so the loop is bound by
/// arithmetic, not by loads and stores.
@inlinable
func _smallProductAccumulate<Scalar: BLASScalar>(
  m: Int, n: Int, k: Int, alpha: Scalar,
  _ a: UnsafePointer<Scalar>, lda: Int, transposeA: Bool,
  _ b: UnsafePointer<Scalar>, ldb: Int, transposeB: Bool,
  _ c: UnsafeMutablePointer<Scalar>, ldc: Int
) {
  // Strides of A as op(A)[i, p] = a[i·rowStride + p·columnStride].
  let rowStride = transposeA ? 1 : lda
  let columnStride = transposeA ? lda : 1
  if transposeB {
    // op(B)[p, j] = B[j, p]: one dot product of an op(A) row with a B row per entry of C.
    for i in 0..<m {
      let cRow = c + i &* ldc
      for j in 0..<n {
        let bRow = b + j &* ldb
        var total: Scalar = 0
        for p in 0..<k { total += a[i &* rowStride &+ p &* columnStride] * bRow[p] }
        cRow[j] += alpha * total
      }
    }
    return
  }
  var i = 0
  while i &+ 2 <= m {
    let c0 = c + i &* ldc
    let c1 = c0 + ldc
    let a0 = a + i &* rowStride
    let a1 = a0 + rowStride
    var j = 0
    while j &+ 8 <= n {
      var x0 = c0[j], x1 = c0[j &+ 1], x2 = c0[j &+ 2], x3 = c0[j &+ 3]
      var x4 = c0[j &+ 4], x5 = c0[j &+ 5], x6 = c0[j &+ 6], x7 = c0[j &+ 7]
      var y0 = c1[j], y1 = c1[j &+ 1], y2 = c1[j &+ 2], y3 = c1[j &+ 3]
      var y4 = c1[j &+ 4], y5 = c1[j &+ 5], y6 = c1[j &+ 6], y7 = c1[j &+ 7]
      for p in 0..<k {
        let u = alpha * a0[p &* columnStride]
        let v = alpha * a1[p &* columnStride]
        let bRow = b + (p &* ldb &+ j)
        let b0 = bRow[0], b1 = bRow[1], b2 = bRow[2], b3 = bRow[3]
        let b4 = bRow[4], b5 = bRow[5], b6 = bRow[6], b7 = bRow[7]
        x0 += u * b0; x1 += u * b1; x2 += u * b2; x3 += u * b3
        x4 += u * b4; x5 += u * b5; x6 += u * b6; x7 += u * b7
        y0 += v * b0; y1 += v * b1; y2 += v * b2; y3 += v * b3
        y4 += v * b4; y5 += v * b5; y6 += v * b6; y7 += v * b7
      }
      c0[j] = x0; c0[j &+ 1] = x1; c0[j &+ 2] = x2; c0[j &+ 3] = x3
      c0[j &+ 4] = x4; c0[j &+ 5] = x5; c0[j &+ 6] = x6; c0[j &+ 7] = x7
      c1[j] = y0; c1[j &+ 1] = y1; c1[j &+ 2] = y2; c1[j &+ 3] = y3
      c1[j &+ 4] = y4; c1[j &+ 5] = y5; c1[j &+ 6] = y6; c1[j &+ 7] = y7
      j &+= 8
    }
    while j < n {
      var x = c0[j]
      var y = c1[j]
      for p in 0..<k {
        let bValue = b[p &* ldb &+ j]
        x += alpha * a0[p &* columnStride] * bValue
        y += alpha * a1[p &* columnStride] * bValue
      }
      c0[j] = x
      c1[j] = y
      j &+= 1
    }
    i &+= 2
  }
  if i < m {
    // The last, odd row: axpy form, contiguous along B's rows.
    let cRow = c + i &* ldc
    let aRow = a + i &* rowStride
    for p in 0..<k {
      let u = alpha * aRow[p &* columnStride]
      let bRow = b + p &* ldb
      for j in 0..<n { cRow[j] += u * bRow[j] }
    }
  }
}

/// One block product `C ← beta·C + alpha·op(A)·op(B)` on views: the Swift micro-kernel for
/// small products, BLAS `gemm` (or `gemv` for one column) otherwise.
@inlinable
func _blockProduct<Scalar: BLASScalar>(
  _ a: MatrixView<Scalar>, transposeA: Bool, _ b: MatrixView<Scalar>, transposeB: Bool,
  alpha: Scalar, beta: Scalar, into c: MutableMatrixView<Scalar>,
  parameters: BlockSparseKernelParameters = .automatic
) {
  let k = transposeA ? a.rows : a.columns
  let limit = parameters.swiftKernelSideLimit
  let smallSides = (c.rows <= limit ? 1 : 0) + (c.columns <= limit ? 1 : 0) + (k <= limit ? 1 : 0)
  if smallSides >= 2 || c.rows &* c.columns &* k <= parameters.swiftKernelWorkLimit {
    if beta != 1 { BLAS.scale(c, by: beta) }
    _smallProductAccumulate(
      m: c.rows, n: c.columns, k: k, alpha: alpha,
      a.base, lda: a.leadingDimension, transposeA: transposeA,
      b.base, ldb: b.leadingDimension, transposeB: transposeB,
      c.base, ldc: c.leadingDimension)
  } else if c.columns == 1 && !transposeB && b.leadingDimension == 1 && c.leadingDimension == 1 {
    // One right-hand column, contiguous: a matrix–vector product.
    BLAS.gemv(a, transpose: transposeA, x: b.base, alpha: alpha, beta: beta, into: c.base)
  } else {
    BLAS.gemm(a, transposeA: transposeA, b, transposeB: transposeB, alpha: alpha, beta: beta, into: c)
  }
}

/// Copies the transpose of `source` into `target` (`source.columns × source.rows`), in
/// square tiles so that both sides stay in cache.
@inlinable
func _transposeCopy<Scalar: BLASScalar>(_ source: MatrixView<Scalar>, into target: MutableMatrixView<Scalar>) {
  let tile = 32
  for rowStart in stride(from: 0, to: source.rows, by: tile) {
    let rowEnd = Swift.min(rowStart + tile, source.rows)
    for columnStart in stride(from: 0, to: source.columns, by: tile) {
      let columnEnd = Swift.min(columnStart + tile, source.columns)
      for i in rowStart..<rowEnd {
        let from = source.base + i &* source.leadingDimension
        for j in columnStart..<columnEnd { target.base[j &* target.leadingDimension &+ i] = from[j] }
      }
    }
  }
}
