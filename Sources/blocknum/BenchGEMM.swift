import ArgumentParser
import BlockNumerics

/// `blocknum bench gemm`: square products `n × n · n × n` four ways, for `Float` and
/// `Double` — the naive triple loop, the naive blocked Swift kernel, `Matrix *` (BLAS
/// through BlockNumerics) and one direct `cblas_?gemm` call, the reference for the ratios.
struct BenchGEMM: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gemm",
    abstract: "Dense matrix product: naive Swift kernels, Matrix *, and direct cblas_?gemm.")

  @Option(help: "Comma-separated matrix sizes n (n × n times n × n).")
  var sizes = SizeList([64, 256, 1024, 2048])

  /// The scalar types a run covers.
  enum ScalarChoice: String, ExpressibleByArgument, CaseIterable { case float, double, both }

  @Option(help: "Scalar types: float, double or both.")
  var scalar = ScalarChoice.both

  @Flag(help: "Time only Matrix * and the direct call (no naive kernels).")
  var skipNaive = false

  @OptionGroup var options: BenchmarkOptions

  func run() throws {
    let report = BenchmarkReport(
      command: "gemm", options: options,
      method: ["best and median of \(options.repeats(default: 5)) runs after 1 warm-up; ratio = direct cblas time / time"])
    let table = report.table([
      .init("operation", 13, .left), .init("scalar", 6, .left), .init("n", 5), .init("best", 10), .init("median", 10),
      .init("GFLOP/s", 8), .init("ratio", 6), .init("runs", 4), .init("checksum / note", 15, .left),
    ])
    var session = GEMMSession(stopwatch: Stopwatch(repeats: options.repeats(default: 5)), naiveLimit: options.naiveLimit, skipNaive: skipNaive)
    var rows: [BenchmarkRow] = []
    for size in sizes.values where scalar != .double {
      rows += try session.measure(Float.self, size: size, table: table)
    }
    for size in sizes.values where scalar != .float {
      rows += try session.measure(Double.self, size: size, table: table)
    }
    try report.finish(rows)
    if report.printsTables {
      print()
      printSummary(rows)
    }
  }

  private func printSummary(_ rows: [BenchmarkRow]) {
    func gflops(_ operation: String, _ scalar: String, _ size: Int) -> Double? {
      rows.first { $0.operation == operation && $0.scalar == scalar && $0.size == size }?.gflops
    }
    for scalar in ["Float", "Double"] where rows.contains(where: { $0.scalar == scalar }) {
      let reference = scalar == "Float" ? Float.directGEMMName : Double.directGEMMName
      let ratios = sizes.values.map { size -> String in
        guard let ours = gflops("Matrix *", scalar, size), let direct = gflops(reference, scalar, size) else {
          return "\(size): –"
        }
        return "\(size): \(format(ours / direct))"
      }
      print("Matrix * / \(reference) (\(scalar)): \(ratios.joined(separator: ", "))")
    }
    let speedups = sizes.values.map { size -> String in
      guard let single = gflops(Float.directGEMMName, "Float", size),
        let double = gflops(Double.directGEMMName, "Double", size)
      else { return "\(size): –" }
      return "\(size): \(format(single / double))"
    }
    if scalar == .both { print("Float / Double GFLOP/s (direct cblas): \(speedups.joined(separator: ", "))") }
  }
}

/// Runs the four GEMM variants at one size and remembers the naive kernels' times to
/// predict (and skip) hopeless larger runs.
private struct GEMMSession {
  var stopwatch: Stopwatch
  var naiveLimit: Double
  var skipNaive: Bool
  var estimate = CubicEstimate()

  mutating func measure<Scalar: DirectGEMMScalar>(
    _: Scalar.Type, size n: Int, table: TablePrinter
  ) throws -> [BenchmarkRow] {
    let scalar = String(describing: Scalar.self)
    let a = Matrix<Scalar>.random(rows: n, columns: n, seed: 1)
    let b = Matrix<Scalar>.random(rows: n, columns: n, seed: 2)
    let flops = 2 * Double(n) * Double(n) * Double(n)

    // The reference: one cblas_?gemm call on plain arrays, C allocated once outside the
    // timed region. `Matrix *` allocates its result in every run, as users see it.
    let aElements = a.elements
    let bElements = b.elements
    var cElements = [Scalar](repeating: 0, count: n * n)
    // Runs of the two alternate, so noise from other processes hits both alike.
    let ((directTiming, _), (productTiming, product)) = stopwatch.measure(
      { directGEMM(aElements, bElements, into: &cElements, m: n, k: n, n: n) }, interleavedWith: { a * b })
    let directChecksum = cElements.withUnsafeBufferPointer(checksum)

    func row(_ operation: String, _ timing: Timing, _ checksum: Double) -> BenchmarkRow {
      BenchmarkRow(
        operation: operation, scalar: scalar, size: n, seconds: timing.best,
        medianSeconds: timing.median, gflops: flops / timing.best / 1e9,
        ratio: directTiming.best / timing.best, samples: timing.samples, checksum: checksum)
    }

    let productRow = row("Matrix *", productTiming, product.withUnsafeBufferPointer(checksum))

    let kernels: [(String, (Matrix<Scalar>, Matrix<Scalar>) throws -> Matrix<Scalar>)] = skipNaive ? [] : [
      ("naive", { try Naive.multiply($0, $1) }),
      ("naive blocked", { try Naive.blockedMultiply($0, $1) }),
    ]
    var naiveRows: [BenchmarkRow] = []
    for (operation, kernel) in kernels {
      switch try measureNaive(operation, scalar: scalar, a, b, kernel) {
      case let .measured(timing, product):
        naiveRows.append(row(operation, timing, product.withUnsafeBufferPointer(checksum)))
      case let .skipped(expectedSeconds):
        naiveRows.append(
          BenchmarkRow(
            operation: operation, scalar: scalar, size: n,
            note: "skipped: ~\(Int(expectedSeconds.rounded())) s estimated"))
      }
    }

    let rows = naiveRows + [productRow, row(Scalar.directGEMMName, directTiming, directChecksum)]
    for row in rows { table.printLine(cells(row)) }
    return rows
  }

  /// A naive kernel's measurement, or the estimate that made it skip.
  enum NaiveOutcome<Scalar: BLASScalar> {
    case measured(Timing, Matrix<Scalar>)
    case skipped(expectedSeconds: Double)
  }

  /// Times `kernel(a, b)` unless the estimate from smaller sizes exceeds `naiveLimit`.
  private mutating func measureNaive<Scalar: BLASScalar>(
    _ operation: String, scalar: String, _ a: Matrix<Scalar>, _ b: Matrix<Scalar>,
    _ kernel: (Matrix<Scalar>, Matrix<Scalar>) throws -> Matrix<Scalar>
  ) throws -> NaiveOutcome<Scalar> {
    let key = "\(operation) \(scalar)"
    let n = a.rows
    func timeOnce(size: Int) throws {
      let x = Matrix<Scalar>.random(rows: size, columns: size, seed: 3)
      let y = Matrix<Scalar>.random(rows: size, columns: size, seed: 4)
      let (seconds, result) = try Stopwatch.time { try kernel(x, y) }
      withExtendedLifetime(result) {}
      estimate.record(key, size: size, seconds: seconds)
    }
    // Nothing measured yet: start from a size that is quick for sure.
    if estimate.lastSize(key) == nil { try timeOnce(size: Swift.min(n, 128)) }
    // The cubic law extrapolated from a much smaller size is optimistic (once operands
    // leave the caches the naive loops slow down), so step up by halves while that is cheap.
    while let last = estimate.lastSize(key), last * 2 < n,
      let halfway = estimate.seconds(key, size: n / 2), halfway <= naiveLimit / 8
    {
      try timeOnce(size: n / 2)
    }
    if let expected = estimate.seconds(key, size: n), expected > naiveLimit {
      return .skipped(expectedSeconds: expected)
    }
    let (timing, product) = try stopwatch.measure { try kernel(a, b) }
    estimate.record(key, size: n, seconds: timing.best)
    return .measured(timing, product)
  }

  private func cells(_ row: BenchmarkRow) -> [String] {
    [
      row.operation, row.scalar, String(row.size),
      row.seconds.map(formatSeconds) ?? "–",
      row.medianSeconds.map(formatSeconds) ?? "–",
      row.gflops.map { format($0) } ?? "–",
      row.ratio.map { format($0) } ?? "–",
      row.samples.map(String.init) ?? "–",
      row.note ?? row.checksum.map { String(format: "%.6e", $0) } ?? "",
    ]
  }
}
