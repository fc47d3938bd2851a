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
      time / BSR time, from the medians of runs interleaved in rounds. The crossover is the block density where the \
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
    let repeats = options.repeats(default: 11)
    let report = BenchmarkReport(
      command: "sparse", options: options,
      method: [
        "\(size)×\(size) block-sparse (Double) times dense \(size)×\(rhs); best and median of \(repeats) runs after 1 warm-up,",
        "each table's operations interleaved in rounds (the dense references first, then a 0.25 s pause, then the rest);",
        "speedup = direct cblas_dgemm median on the dense matrix / median; GFLOP/s from medians, counting only stored blocks",
      ])
    var stopwatch = Stopwatch(repeats: repeats)
    // OpenBLAS's worker threads spin for a while after a multi-threaded call; the pause lets
    // them go idle so that the sparse kernels, which run their own threads, are timed as
    // they run on their own rather than against two spinning threads.
    stopwatch.settle = 0.25
    let x = Matrix<Double>.random(rows: size, columns: rhs, seed: 4)
    let columns: [TablePrinter.Column] = [
      .init("block", 5), .init("density", 7), .init("operation", 16, .left), .init("best", 9), .init("median", 9),
      .init("GFLOP/s", 7), .init("speedup", 7), .init("stored", 9), .init("checksum", 13, .left),
    ]
    let sweep = report.table(
      columns, title: "density sweep, \(block)×\(block) blocks (stored: BSR bytes; dense is \(formatBytes(size * size * 8)))")
    let rows = try measure(densities.values.map { (block, $0) }, x: x, stopwatch: stopwatch)
    for row in rows { sweep.printLine(row.cells) }
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
    let sizeRows = try measure(blockSizes.values.map { ($0, blockSizeDensity) }, x: x, stopwatch: stopwatch)
    for row in sizeRows { sizesTable.printLine(row.cells) }
    let products = sizeRows.filter { $0.operation == "s * x" }
    if let largest = products.max(by: { $0.blockSize < $1.blockSize }) {
      report.note("")
      for row in products where row.blockSize != largest.blockSize {
        report.note(String(
          format: "s * x GFLOP/s, %d×%d blocks / %d×%d blocks: %.2f", row.blockSize, row.blockSize, largest.blockSize,
          largest.blockSize, row.gflops / largest.gflops))
      }
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

  /// Times dense cblas_dgemm, `s * x`, `s.transposed * x` and the naive loop for the matrix of
  /// each (block size, density percent), every operation of every matrix interleaved in rounds.
  private func measure(
    _ configurations: [(block: Int, percent: Int)], x: Matrix<Double>, stopwatch: Stopwatch
  ) throws -> [SparseBenchmarkRow] {
    let matrices = configurations.map {
      BlockSparseMatrix<Double>.random(
        rows: size, columns: size, blockRows: $0.block, blockColumns: $0.block, density: Double($0.percent) / 100, seed: 3)
    }
    let xElements = x.elements
    let denses = matrices.map { $0.dense().elements }
    var denseProducts = matrices.map { _ in [Double](repeating: 0, count: size * rhs) }
    var products = [Matrix<Double>](repeating: Matrix(rows: 0, columns: 0), count: matrices.count)
    var transposedProducts = products
    var naiveProducts = products
    var bodies: [() throws -> Void] = []
    for index in matrices.indices {
      bodies.append { directGEMM(denses[index], xElements, into: &denseProducts[index], m: size, k: size, n: rhs) }
    }
    let firstSparse = bodies.count
    for (index, s) in matrices.enumerated() {
      bodies.append { products[index] = s * x }
      bodies.append { transposedProducts[index] = s.transposed * x }
      // The plain loop over stored blocks (Naive.blockSparseMultiply), what the kernels replace.
      bodies.append { naiveProducts[index] = try Naive.blockSparseMultiply(s, x) }
    }
    let timings = try stopwatch.measureRounds(bodies, settleBefore: [firstSparse])
    var rows: [SparseBenchmarkRow] = []
    for (index, s) in matrices.enumerated() {
      let (block, percent) = configurations[index]
      let dense = timings[index]
      let sparseFlops = 2 * Double(s.storedBlockCount * block * block) * Double(rhs)
      let denseFlops = 2 * Double(size) * Double(size) * Double(rhs)
      func row(_ operation: String, _ timing: Timing, flops: Double, bytes: Int, _ sum: Double) -> SparseBenchmarkRow {
        SparseBenchmarkRow(
          operation: operation, blockSize: block, densityPercent: percent, blockDensity: s.blockDensity,
          seconds: timing.best, medianSeconds: timing.median, gflops: flops / timing.median / 1e9,
          speedup: dense.median / timing.median, samples: timing.samples, storedBytes: bytes, checksum: sum)
      }
      let timing = { (offset: Int) in timings[firstSparse + 3 * index + offset] }
      rows += [
        row("cblas_dgemm", dense, flops: denseFlops, bytes: size * size * 8, denseProducts[index].withUnsafeBufferPointer(checksum)),
        row("s * x", timing(0), flops: sparseFlops, bytes: s.storedByteCount, products[index].withUnsafeBufferPointer(checksum)),
        row("s.transposed * x", timing(1), flops: sparseFlops, bytes: s.storedByteCount,
            transposedProducts[index].withUnsafeBufferPointer(checksum)),
        row("naive BSR loop", timing(2), flops: sparseFlops, bytes: s.storedByteCount,
            naiveProducts[index].withUnsafeBufferPointer(checksum)),
      ]
    }
    return rows
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
  /// From the median time; for BSR products only the stored blocks' flops count.
  var gflops: Double
  /// Dense cblas_dgemm median time / this median time.
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
