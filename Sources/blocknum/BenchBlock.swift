import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum bench block`: block-partitioned products against one direct `cblas_dgemm`
/// call on the same data, the block-diagonal case against the assembled dense product, and
/// many small products batched against a plain loop of `cblas_dgemm` calls and against the
/// time it takes just to move their bytes (see ``benchBatched(stopwatch:emit:)`` for how
/// that comparison is kept fair). Ratios compare medians of interleaved runs.
struct BenchBlock: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "block",
    abstract: "Block products (2×2, 8×8, 16×16, ragged), block-diagonal and batched GEMM vs direct cblas_dgemm.")

  @Option(help: "The matrix size n of the n × n block products.")
  var size = 2048

  @Option(help: "How many small products the batched benchmark runs.")
  var batchCount = 10_000

  @Option(help: "The size of each small product in the batched benchmark.")
  var batchSize = 16

  @Flag(help: "Run only the batched benchmark.")
  var batchedOnly = false

  @Option(help: """
    Seconds to pause (untimed) before each block-product run: OpenBLAS's worker threads spin for \
    about 0.1 s after the multi-threaded reference call, and block products (single-threaded BLAS \
    calls on every core) run at about half speed while they do. 0: back to back.
    """)
  var settle = 0.2

  @OptionGroup var options: BenchmarkOptions

  func validate() throws {
    if size < 1 || batchSize < 1 { throw ValidationError("--size and --batch-size must be at least 1, got \(size) and \(batchSize)") }
    if batchCount < 0 { throw ValidationError("--batch-count must be non-negative, got \(batchCount)") }
    if !(settle >= 0) { throw ValidationError("--settle must be non-negative seconds, got \(settle)") }
  }

  func run() throws {
    let repeats = options.repeats(default: 11)
    var method = [
      "Double; best and median of \(repeats) runs after 1 warm-up, interleaved with their references;",
      "ratio = reference's median / median (above 1: faster than the reference)",
    ]
    if !batchedOnly && settle > 0 {
      method.append("block products: a \(format(settle)) s pause (untimed) before each run lets OpenBLAS's spinning workers go idle (--settle)")
    }
    let report = BenchmarkReport(command: "block", options: options, method: method)
    let table = report.table([
      .init("operation", 30, .left), .init("n", 5), .init("best", 10), .init("median", 10), .init("GFLOP/s", 8),
      .init("ratio", 6), .init("checksum / reference", 20, .left),
    ])
    var rows: [BenchmarkRow] = []
    func emit(_ row: BenchmarkRow, reference: String) {
      rows.append(row)
      table.printLine([
        row.operation, String(row.size), row.seconds.map(formatSeconds) ?? "–", row.medianSeconds.map(formatSeconds) ?? "–",
        row.gflops.map { format($0) } ?? "–", row.ratio.map { format($0) } ?? "–",
        row.note ?? "\(row.checksum.map { String(format: "%.6e", $0) } ?? "") vs \(reference)",
      ])
    }
    let stopwatch = Stopwatch(repeats: repeats)
    if !batchedOnly {
      var settled = stopwatch
      settled.settle = settle
      try benchBlocks(stopwatch: settled, emit: emit)
      // Once, so the batched runs do not start against OpenBLAS's workers still spinning
      // after the last dense reference call. Not before every run: after a pause the
      // batched call also wakes its own idle threads, and measured slower and noisier.
      Thread.sleep(forTimeInterval: settle)
    }
    let bound = try benchBatched(stopwatch: stopwatch, emit: emit)
    report.note("")
    for line in bound.lines { report.note(line) }
    try report.finish(BlockReport(rows: rows, batchedBound: bound))
  }

  /// Square products under several partitions and the block-diagonal case, each against
  /// one direct `cblas_dgemm` on the same data.
  func benchBlocks(stopwatch: Stopwatch, emit report: (BenchmarkRow, String) -> Void) throws {
    func emit(_ row: BenchmarkRow, reference: String) { report(row, reference) }
    // Square products n × n · n × n under several partitions.
    let n = size
    let a = Matrix<Double>.random(rows: n, columns: n, seed: 1)
    let b = Matrix<Double>.random(rows: n, columns: n, seed: 2)
    let flops = 2 * Double(n) * Double(n) * Double(n)
    var direct = [Double](repeating: 0, count: n * n)
    let directCall = { directGEMM(a.elements, b.elements, into: &direct, m: n, k: n, n: n) }
    func compare(_ operation: String, flops: Double, reference: String, _ referenceCall: () -> Void, _ body: () throws -> Matrix<Double>) rethrows {
      let ((referenceTiming, _), (timing, result)) = try stopwatch.measure(referenceCall, interleavedWith: body)
      emit(
        BenchmarkRow(
          operation: operation, scalar: "Double", size: n, seconds: timing.best, medianSeconds: timing.median,
          gflops: flops / timing.median / 1e9, ratio: referenceTiming.median / timing.median, samples: timing.samples,
          checksum: result.withUnsafeBufferPointer(checksum)),
        reference: "\(reference) \(formatSeconds(referenceTiming.median))")
    }

    let (directTiming, _) = stopwatch.measure(directCall)
    emit(
      BenchmarkRow(
        operation: "cblas_dgemm (direct)", scalar: "Double", size: n, seconds: directTiming.best,
        medianSeconds: directTiming.median, gflops: flops / directTiming.median / 1e9, ratio: 1, samples: directTiming.samples,
        checksum: direct.withUnsafeBufferPointer(checksum)),
      reference: "itself")
    compare("Matrix *", flops: flops, reference: "cblas_dgemm", directCall) { a * b }
    let ragged = raggedSizes(n)
    let partitions: [(String, [Int], BlockProductParameters)] = [
      ("BlockMatrix 2×2", uniformSizes(n, count: 2), .automatic),
      ("BlockMatrix 8×8", uniformSizes(n, count: 8), .automatic),
      ("BlockMatrix 16×16", uniformSizes(n, count: 16), .automatic),
      ("BlockMatrix ragged \(ragged.count)×\(ragged.count)", ragged, .automatic),
      ("BlockMatrix 16×16, unmerged", uniformSizes(n, count: 16), BlockProductParameters(mergesContiguousBlocks: false)),
    ]
    for (operation, sizes, parameters) in partitions {
      let partition = try BlockPartition(rowBlockSizes: sizes, columnBlockSizes: sizes)
      let left = try BlockMatrix(a, partition: partition)
      let right = try BlockMatrix(b, partition: partition)
      try compare(operation, flops: flops, reference: "cblas_dgemm", directCall) {
        try left.multiplied(by: right, parameters: parameters).assembled()
      }
    }
    let naive = try Stopwatch.time { try Naive.blockedMultiply(a, b) }
    emit(
      BenchmarkRow(
        operation: "naive blocked Swift", scalar: "Double", size: n, seconds: naive.seconds, medianSeconds: naive.seconds,
        gflops: flops / naive.seconds / 1e9, ratio: directTiming.median / naive.seconds, samples: 1,
        checksum: naive.result.withUnsafeBufferPointer(checksum)),
      reference: "cblas_dgemm \(formatSeconds(directTiming.median))")

    // Block-diagonal: 8 blocks, against the dense product of the assembled matrices.
    let blockCount = 8
    let blockSize = n / blockCount
    let diagonalLeft = try BlockMatrix.blockDiagonal((0..<blockCount).map { Matrix<Double>.random(rows: blockSize, columns: blockSize, seed: UInt64(10 + $0)) })
    let diagonalRight = try BlockMatrix.blockDiagonal((0..<blockCount).map { Matrix<Double>.random(rows: blockSize, columns: blockSize, seed: UInt64(20 + $0)) })
    let denseLeft = diagonalLeft.assembled()
    let denseRight = diagonalRight.assembled()
    let side = denseLeft.rows
    var denseProduct = [Double](repeating: 0, count: side * side)
    try compare(
      "block-diagonal \(blockCount)×\(blockSize)", flops: 2 * Double(blockCount) * pow3(blockSize),
      reference: "dense cblas_dgemm", { directGEMM(denseLeft.elements, denseRight.elements, into: &denseProduct, m: side, k: side, n: side) }
    ) {
      // The product stays block-diagonal; its stored blocks are the result.
      let product = try diagonalLeft.multiplied(by: diagonalRight)
      return try BlockMatrix(blocks: [(0..<blockCount).map { product[blockRow: $0, blockColumn: $0] }]).assembled()
    }
  }

  /// Many small independent products, batched against a plain loop of `cblas_dgemm` calls
  /// that delivers the same outputs the same way, so the comparison is like for like, and
  /// against the time one and two cores take to move the same bytes:
  ///
  /// - into preallocated matrices: the loop calls `cblas_dgemm` into each existing output
  ///   matrix, `Matrix.batchedProduct(_:_:into:)` writes the same matrices, and the streams
  ///   read every pair's A and B and write its C (`c = a + b`, the least work that touches
  ///   the same memory the same way), on one core and split over two;
  /// - returning new matrices: the loop calls `cblas_dgemm` into a new array per pair and
  ///   wraps it in a `Matrix`, `Matrix.batchedProduct(_:_:)` returns new matrices.
  ///
  /// All of the first kind run interleaved in rounds. The two-core stream bounds any
  /// batched product on this machine from below, so loop / two-core stream bounds its ratio
  /// to the loop from above; the report prints both.
  ///
  /// The second kind pays one allocation per product on both sides; on a fresh heap that
  /// means page faults for every output (about 20 MB for 10 000 16×16 Double products),
  /// which costs as much as the arithmetic and does not parallelise well.
  func benchBatched(stopwatch: Stopwatch, emit report: (BenchmarkRow, String) -> Void) throws -> BatchedBound {
    func emit(_ row: BenchmarkRow, reference: String) { report(row, reference) }
    let count = batchCount
    let s = batchSize
    let lefts = (0..<count).map { Matrix<Double>.random(rows: s, columns: s, seed: UInt64(100 + $0)) }
    let rights = (0..<count).map { Matrix<Double>.random(rows: s, columns: s, seed: UInt64(100_000 + $0)) }
    let batchFlops = 2 * Double(count) * pow3(s)
    let bytes = 3 * count * s * s * MemoryLayout<Double>.stride
    func sum(_ matrices: [Matrix<Double>]) -> Double { matrices.reduce(0) { $0 + $1.withUnsafeBufferPointer(checksum) } }
    func row(_ operation: String, _ timing: Timing, ratio: Double, checksum: Double) -> BenchmarkRow {
      BenchmarkRow(
        operation: operation, scalar: "Double", size: s, seconds: timing.best, medianSeconds: timing.median,
        gflops: batchFlops / timing.median / 1e9, ratio: ratio, samples: timing.samples, checksum: checksum)
    }

    // Into existing matrices, with the streams over the same memory.
    var loopOutputs = [Matrix<Double>](repeating: Matrix(rows: s, columns: s), count: count)
    var batchOutputs = loopOutputs
    var streamOutputs = loopOutputs
    for index in 0..<count {
      loopOutputs[index][0, 0] = 0  // unshared storage, as a reused output would have
      batchOutputs[index][0, 0] = 0
      streamOutputs[index][0, 0] = 0
    }
    let timings = try stopwatch.measureRounds([
      {
        for index in 0..<count {
          lefts[index].withUnsafeBufferPointer { a in
            rights[index].withUnsafeBufferPointer { b in
              loopOutputs[index].withUnsafeMutableBufferPointer { c in
                Double.directGEMM(a.baseAddress!, b.baseAddress!, into: c.baseAddress!, m: s, k: s, n: s)
              }
            }
          }
        }
      },
      { try Matrix.batchedProduct(lefts, rights, into: &batchOutputs) },
      { stream(lefts, rights, into: &streamOutputs, cores: 2) },
      { stream(lefts, rights, into: &streamOutputs, cores: 1) },
    ])
    let (loop, batched, stream2, stream1) = (timings[0], timings[1], timings[2], timings[3])
    let streamSum = sum(streamOutputs)
    emit(row("loop of cblas_dgemm, into preallocated", loop, ratio: 1, checksum: sum(loopOutputs)), reference: "itself")
    emit(
      row("batchedProduct, into preallocated", batched, ratio: loop.median / batched.median, checksum: sum(batchOutputs)),
      reference: "loop \(formatSeconds(loop.median)) (\(count) × \(s)×\(s))")
    for (cores, timing) in [(1, stream1), (2, stream2)] {
      emit(
        row("stream A, B → C, \(cores) core\(cores == 1 ? "" : "s")", timing, ratio: loop.median / timing.median, checksum: streamSum),
        reference: "loop; \(String(format: "%.1f", Double(bytes) / timing.median / 1e9)) GB/s")
    }

    // Both return new matrices.
    let ((newLoopTiming, newLoop), (newBatchTiming, newBatch)) = try stopwatch.measure(
      {
        try (0..<count).map { index in
          let elements = [Double](unsafeUninitializedCapacity: s * s) { c, initialized in
            lefts[index].withUnsafeBufferPointer { a in
              rights[index].withUnsafeBufferPointer { b in
                Double.directGEMM(a.baseAddress!, b.baseAddress!, into: c.baseAddress!, m: s, k: s, n: s)
              }
            }
            initialized = s * s
          }
          return try Matrix(rows: s, columns: s, elements: elements)
        }
      },
      interleavedWith: { try Matrix.batchedProduct(lefts, rights) })
    emit(row("loop of cblas_dgemm, new matrices", newLoopTiming, ratio: 1, checksum: sum(newLoop)), reference: "itself")
    emit(
      row("batchedProduct, new matrices", newBatchTiming, ratio: newLoopTiming.median / newBatchTiming.median, checksum: sum(newBatch)),
      reference: "loop \(formatSeconds(newLoopTiming.median))")
    return BatchedBound(
      pairs: count, size: s, bytes: bytes, loopMedian: loop.median, batchedMedian: batched.median,
      oneCoreStreamMedian: stream1.median, twoCoreStreamMedian: stream2.median)
  }
}

/// What moving the bytes costs, against the batched product and the loop (medians).
struct BatchedBound: Codable {
  var pairs: Int
  var size: Int
  /// Bytes each pass reads and writes: A, B and C of every pair.
  var bytes: Int
  var loopMedian: Double
  var batchedMedian: Double
  var oneCoreStreamMedian: Double
  var twoCoreStreamMedian: Double

  /// The most any batched product can gain over the loop here: it must move the same bytes.
  var largestPossibleRatio: Double { loopMedian / twoCoreStreamMedian }
  /// The batched product's time over the two-core stream's (1 would be the memory's speed).
  var timeOverStream: Double { batchedMedian / twoCoreStreamMedian }

  var lines: [String] {
    [
      "batched bound: \(pairs) × \(size)×\(size) moves \(String(format: "%.1f", Double(bytes) / 1e6)) MB (A and B read, C written);",
      "  two cores stream them in \(formatSeconds(twoCoreStreamMedian)), one core in \(formatSeconds(oneCoreStreamMedian)) (medians);",
      "  loop / two-core stream = \(format(largestPossibleRatio)): no batched product can beat the loop by more here;",
      "  batchedProduct / two-core stream = \(format(timeOverStream)) (1 would be the memory's speed); batchedProduct / loop = \(format(loopMedian / batchedMedian))× faster",
    ]
  }
}

/// The JSON of `bench block`: the table's rows and the batched bound.
struct BlockReport: Codable {
  var rows: [BenchmarkRow]
  var batchedBound: BatchedBound
}

/// `c[i] = a[i] + b[i]` for every pair: reads A and B and writes C, the memory traffic of a
/// batched product without its arithmetic; split into `cores` equal parts run at once, part 0
/// on the calling thread and each other part on a thread of its own (not the library's
/// scheduler: the reference must not depend on what it measures).
private func stream(_ a: [Matrix<Double>], _ b: [Matrix<Double>], into c: inout [Matrix<Double>], cores: Int) {
  c.withUnsafeMutableBufferPointer { outputs in
    let outputs = SendableOutputs(base: outputs.baseAddress!)
    @Sendable func part(_ part: Int) {
      for index in (a.count * part / cores)..<(a.count * (part + 1) / cores) {
        a[index].withUnsafeBufferPointer { x in
          b[index].withUnsafeBufferPointer { y in
            outputs.base[index].withUnsafeMutableBufferPointer { z in
              for j in 0..<z.count { z[j] = x[j] + y[j] }
            }
          }
        }
      }
    }
    let finished = DispatchSemaphore(value: 0)
    for other in 1..<max(1, cores) {
      Thread {
        part(other)
        finished.signal()
      }.start()
    }
    part(0)
    for _ in 1..<max(1, cores) { finished.wait() }
  }
}

/// The outputs' buffer, shared by the stream's parts, each writing only its own pairs.
private struct SendableOutputs: @unchecked Sendable {
  let base: UnsafeMutablePointer<Matrix<Double>>
}

private func pow3(_ n: Int) -> Double { Double(n) * Double(n) * Double(n) }

/// `n` cut into `count` nearly equal block sizes.
private func uniformSizes(_ n: Int, count: Int) -> [Int] {
  (0..<count).map { n * ($0 + 1) / count - n * $0 / count }
}

/// An uneven partition of `n`: blocks of 1, 7, 100, a large one, 3 and the rest.
private func raggedSizes(_ n: Int) -> [Int] {
  let fixed = [1, 7, 100, n / 2, 3]
  let rest = n - fixed.reduce(0, +)
  return rest > 0 ? fixed + [rest] : [n]
}
