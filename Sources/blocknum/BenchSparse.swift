import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum bench sparse`: a block-sparse (BSR) matrix times a dense right-hand side,
/// `s * x` and `s.transposed * x`, against one direct `cblas_dgemm` on the same matrix
/// stored dense and the naive loop over stored blocks (`Naive.blockSparseMultiply`, `s * x`)
/// — a density sweep at one block size, then block sizes at one density.
struct BenchSparse: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sparse",
    abstract: "Block-sparse × dense (BSR SpMM) against dense cblas_dgemm on the same matrix and a naive BSR loop.",
    discussion: """
      The matrix is n × n with blocks at uniformly random positions \
      (BlockSparseMatrix.random), the right-hand side n × rhs. Speedup = dense cblas_dgemm \
      time / BSR time, from the best runs. The crossover is the block density where the \
      BSR product becomes as slow as dense (linear interpolation between sweep points). \
      --export DIR also writes the matrix and right-hand side of the block-size run at \
      --block for scripts/compare.py sparse (table and --check).
      """)

  @Option(help: "The matrix is n × n.")
  var size = 2048

  @Option(help: "Columns of the dense right-hand side.")
  var rhs = 256

  @Option(help: "Block size (square blocks) of the density sweep.")
  var block = 32

  @Option(help: "Block densities of the sweep, in percent.")
  var densities = SizeList([1, 2, 5, 10, 20, 50, 100])

  @Option(help: "Block sizes compared at --block-size-density.")
  var blockSizes = SizeList([4, 8, 16, 32, 64])

  @Option(help: "Block density of the block-size comparison, in percent.")
  var blockSizeDensity = 10

  @Option(help: "Write the --block matrix at --block-size-density and its right-hand side to this directory.")
  var export: String?

  @OptionGroup var options: BenchmarkOptions

  func validate() throws {
    guard size > 0, rhs > 0, block > 0 else { throw ValidationError("--size, --rhs and --block must be positive") }
    for b in blockSizes.values + [block] where size % b != 0 {
      throw ValidationError("block size \(b) does not divide --size \(size)")
    }
    for d in densities.values + [blockSizeDensity] where d > 100 {
      throw ValidationError("densities are percentages up to 100, got \(d)")
    }
  }

  func run() throws {
    let report = BenchmarkReport(
      command: "sparse", options: options,
      method: [
        "\(size)×\(size) block-sparse (Double) times dense \(size)×\(rhs); best and median of \(options.repeats) runs after 1 warm-up;",
        "speedup = direct cblas_dgemm time on the dense matrix / time; GFLOP/s count only stored blocks",
      ])
    let stopwatch = Stopwatch(repeats: options.repeats)
    let x = Matrix<Double>.random(rows: size, columns: rhs, seed: 4)
    let columns: [TablePrinter.Column] = [
      .init("block", 5), .init("density", 7), .init("operation", 16, .left), .init("best", 9), .init("median", 9),
      .init("GFLOP/s", 7), .init("speedup", 7), .init("stored", 9), .init("checksum", 13, .left),
    ]
    let sweep = report.table(
      columns, title: "density sweep, \(block)×\(block) blocks (stored: BSR bytes; dense is \(formatBytes(size * size * 8)))")
    var rows: [SparseBenchmarkRow] = []
    for density in densities.values {
      let measured = try measure(block: block, percent: density, x: x, stopwatch: stopwatch)
      rows += measured
      for row in measured { sweep.printLine(row.cells) }
    }
    let crossovers = ["s * x", "s.transposed * x"].map { operation in
      Crossover(operation: operation, blockSize: block, percent: crossover(rows, operation))
    }
    report.note("")
    for c in crossovers {
      report.note(
        "crossover, \(c.operation): " + (c.percent.map { String(format: "as slow as dense at ~%.0f %% block density", $0) }
          ?? "never slower than dense up to \(densities.values.max()!) %"))
    }
    let sizesTable = report.table(columns, title: "block sizes at \(blockSizeDensity) % block density")
    var sizeRows: [SparseBenchmarkRow] = []
    for blockSize in blockSizes.values {
      let measured = try measure(block: blockSize, percent: blockSizeDensity, x: x, stopwatch: stopwatch)
      sizeRows += measured
      for row in measured { sizesTable.printLine(row.cells) }
    }
    if let export {
      let s = BlockSparseMatrix<Double>.random(
        rows: size, columns: size, blockRows: block, blockColumns: block,
        density: Double(blockSizeDensity) / 100, seed: 3)
      try exportProblem(s, x, to: export)
      report.note("\nwrote the \(block)×\(block)-block matrix at \(blockSizeDensity) % and x to \(export)")
    }
    try report.finish(SparseReport(machine: report.machine, densitySweep: rows, crossovers: crossovers, blockSizes: sizeRows))
  }

  /// Times dense cblas_dgemm, `s * x`, `s.transposed * x` and the naive loop for one matrix.
  private func measure(
    block: Int, percent: Int, x: Matrix<Double>, stopwatch: Stopwatch
  ) throws -> [SparseBenchmarkRow] {
    let s = BlockSparseMatrix<Double>.random(
      rows: size, columns: size, blockRows: block, blockColumns: block, density: Double(percent) / 100, seed: 3)
    let dense = s.dense().elements
    let xElements = x.elements
    var c = [Double](repeating: 0, count: size * rhs)
    let (denseTiming, _) = stopwatch.measure { directGEMM(dense, xElements, into: &c, m: size, k: size, n: rhs) }
    let denseChecksum = c.withUnsafeBufferPointer(checksum)
    // OpenBLAS's worker threads spin for a while after a multi-threaded call; let them go
    // idle so that the sparse kernels, which run their own threads, are timed as they run
    // on their own rather than against two spinning threads.
    Thread.sleep(forTimeInterval: 0.25)
    let (productTiming, product) = stopwatch.measure { s * x }
    let (transposedTiming, transposedProduct) = stopwatch.measure { s.transposed * x }
    // The plain loop over stored blocks (Naive.blockSparseMultiply), what the kernels replace.
    let (naiveTiming, naiveProduct) = try stopwatch.measure { try Naive.blockSparseMultiply(s, x) }

    let sparseFlops = 2 * Double(s.storedBlockCount * block * block) * Double(rhs)
    let denseFlops = 2 * Double(size) * Double(size) * Double(rhs)
    func row(_ operation: String, _ timing: Timing, flops: Double, bytes: Int, _ sum: Double) -> SparseBenchmarkRow {
      SparseBenchmarkRow(
        operation: operation, blockSize: block, densityPercent: percent, blockDensity: s.blockDensity,
        seconds: timing.best, medianSeconds: timing.median, gflops: flops / timing.best / 1e9,
        speedup: denseTiming.best / timing.best, samples: timing.samples, storedBytes: bytes, checksum: sum)
    }
    return [
      row("cblas_dgemm", denseTiming, flops: denseFlops, bytes: size * size * 8, denseChecksum),
      row("s * x", productTiming, flops: sparseFlops, bytes: s.storedByteCount, product.withUnsafeBufferPointer(checksum)),
      row("s.transposed * x", transposedTiming, flops: sparseFlops, bytes: s.storedByteCount,
          transposedProduct.withUnsafeBufferPointer(checksum)),
      row("naive BSR loop", naiveTiming, flops: sparseFlops, bytes: s.storedByteCount,
          naiveProduct.withUnsafeBufferPointer(checksum)),
    ]
  }

  /// The density (percent) where `operation` stops being faster than dense, interpolated
  /// linearly in density between the sweep points around speedup 1; nil if it never does.
  private func crossover(_ rows: [SparseBenchmarkRow], _ operation: String) -> Double? {
    let points = rows.filter { $0.operation == operation }.map { (Double($0.densityPercent), $0.speedup) }
    for (previous, next) in zip(points, points.dropFirst()) where previous.1 >= 1 && next.1 < 1 {
      return previous.0 + (previous.1 - 1) / (previous.1 - next.1) * (next.0 - previous.0)
    }
    if let first = points.first, first.1 < 1 { return first.0 }
    return nil
  }

  /// Writes `s` as its BSR arrays and `x`, for scripts/compare.py sparse: raw little-endian
  /// arrays (`indptr.i64`, `indices.i64`, `data.f64`, `x.f64`) and `meta.json` with shapes.
  private func exportProblem(_ s: BlockSparseMatrix<Double>, _ x: Matrix<Double>, to directory: String) throws {
    let url = URL(fileURLWithPath: directory, isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    func write<T>(_ values: [T], _ name: String) throws {
      try values.withUnsafeBytes { try Data($0).write(to: url.appendingPathComponent(name)) }
    }
    try write(s.blockRowPointers.map(Int64.init), "indptr.i64")
    try write(s.blockColumnIndices.map(Int64.init), "indices.i64")
    try write(s.values, "data.f64")
    try write(x.elements, "x.f64")
    let meta: [String: Int] = [
      "rows": s.rows, "columns": s.columns, "blockRows": s.blockRows, "blockColumns": s.blockColumns,
      "storedBlocks": s.storedBlockCount, "rhsColumns": x.columns,
    ]
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try encoder.encode(meta).write(to: url.appendingPathComponent("meta.json"))
  }
}

/// One measured operation at one block size and density.
private struct SparseBenchmarkRow: Codable {
  var operation: String
  var blockSize: Int
  /// The requested block density, in percent.
  var densityPercent: Int
  /// The stored fraction of the block grid.
  var blockDensity: Double
  var seconds: Double
  var medianSeconds: Double
  /// From the best time; for BSR products only the stored blocks' flops count.
  var gflops: Double
  /// Dense cblas_dgemm best time / this best time.
  var speedup: Double
  var samples: Int
  /// Bytes of the matrix as this operation stores it (BSR arrays, or the dense matrix).
  var storedBytes: Int
  /// The sum of the result's entries, so the work cannot be optimised away.
  var checksum: Double

  var cells: [String] {
    [
      String(blockSize), "\(densityPercent) %", operation, formatSeconds(seconds), formatSeconds(medianSeconds),
      String(format: "%.1f", gflops), String(format: "%.2f", speedup), formatBytes(storedBytes),
      String(format: "%.6e", checksum),
    ]
  }
}

private struct Crossover: Codable {
  var operation: String
  var blockSize: Int
  /// Block density in percent where the BSR product is as slow as dense; nil: never.
  var percent: Double?
}

private struct SparseReport: Codable {
  var machine: MachineFacts
  var densitySweep: [SparseBenchmarkRow]
  var crossovers: [Crossover]
  var blockSizes: [SparseBenchmarkRow]
}

/// Bytes with a binary unit, three significant digits.
private func formatBytes(_ bytes: Int) -> String {
  let value = Double(bytes)
  switch value {
  case ..<1024: return "\(bytes) B"
  case ..<(1024 * 1024): return String(format: "%.1f KiB", value / 1024)
  default: return String(format: "%.1f MiB", value / 1024 / 1024)
  }
}
