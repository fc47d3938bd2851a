import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum bench svd`: `SVD` with both drivers against direct `LAPACKE_dgesvd`/`dgesdd`
/// calls timed interleaved in the same run; randomized rank 20 against full `gesdd` on a
/// matrix with a decaying spectrum; and a randomized SVD of a large block-sparse matrix
/// with its peak resident memory.
struct BenchSVD: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "svd", abstract: "SVD: gesvd and gesdd vs direct LAPACKE calls, randomized vs gesdd, randomized on a large BSR.",
    discussion: """
      The reference is LAPACKE_d… called directly on a copy of the same data in LAPACK's own \
      (column-major) layout, the fastest way to call it; ratio = reference time / our time \
      (above 1: we are faster). --input times the SVD of one .npy file by the --drivers \
      listed, ours and direct LAPACKE calls (for scripts/compare.py svd, table and --check).
      """)

  /// The parts of the benchmark.
  enum Part: String, CaseIterable {
    /// `SVD` with both drivers against direct LAPACKE calls.
    case drivers
    /// Randomized rank-k against full `gesdd` on a decaying spectrum.
    case randomized
    /// A randomized SVD of a large block-sparse matrix, with its peak memory.
    case sparse
  }

  /// What `--input` times.
  enum Driver: String, CaseIterable {
    case gesvd, gesdd
    case lapackeGesvd = "lapacke-gesvd"
    case lapackeGesdd = "lapacke-gesdd"
    case randomized
  }

  @Option(help: "Shapes to run, comma-separated ROWSxCOLUMNS.")
  var shapes = ShapeList([(500, 500), (1000, 1000), (2000, 2000), (4000, 500)])

  @Option(help: "Which parts to run, comma-separated: drivers, randomized, sparse.")
  var parts = ChoiceList<Part>([.sparse, .drivers, .randomized])

  @Option(help: "Size n of the n × n decaying-spectrum matrix for randomized vs gesdd.")
  var randomizedSize = 2000

  @Option(help: "Rank of the randomized SVDs.")
  var rank = 20

  @Option(help: "Size n of the n × n block-sparse matrix (32 × 32 blocks, 1 % of blocks stored).")
  var sparseSize = 20000

  @Option(help: "Time our SVD of this .npy file only (with --drivers), e.g. for scripts/compare.py.")
  var input: String?

  @Option(help: """
    With --input: what to time, comma-separated gesvd, gesdd, lapacke-gesvd, lapacke-gesdd (one direct \
    LAPACKE call, column-major on a copy), randomized (rank --rank).
    """)
  var drivers = ChoiceList<Driver>([.gesdd])

  @Option(help: "Runs taking at least this many seconds are timed once (the warm-up is the sample).")
  var singleRunAbove = 1.0

  @Flag(help: "Run the direct LAPACKE call before ours in each interleaved pair (to see any order bias).")
  var referenceFirst = false

  @OptionGroup var options: BenchmarkOptions

  func validate() throws {
    if randomizedSize < 1 || sparseSize < 32 || rank < 1 {
      throw ValidationError("--randomized-size and --rank must be at least 1 and --sparse-size at least 32")
    }
    if rank > randomizedSize { throw ValidationError("--rank \(rank) exceeds --randomized-size \(randomizedSize)") }
    if !(singleRunAbove > 0) { throw ValidationError("--single-run-above must be positive, got \(singleRunAbove)") }
  }

  func run() throws {
    let report = BenchmarkReport(command: "svd", options: options)
    var rows: [BenchmarkRow] = []
    if let input {
      rows = try timeFile(input, report: report)
    } else {
      // The sparse run goes first so that its peak resident memory is its own.
      if parts.contains(.sparse) { rows += try sparseRun(report: report) }
      if parts.contains(.drivers) { rows += try driverRuns(report: report) }
      if parts.contains(.randomized) { rows += try randomizedRun(report: report) }
    }
    try report.finish(rows)
  }

  // MARK: Parts

  private func timeFile(_ path: String, report: BenchmarkReport) throws -> [BenchmarkRow] {
    let a = try Matrix<Double>(contentsOfNPYFile: path)
    var rows: [BenchmarkRow] = []
    for driver in drivers.values {
      // Each closure returns the singular values (their sum is the row's checksum).
      let decompose: () throws -> [Double]
      let operation: String
      switch driver {
      case .gesvd, .gesdd:
        let ours: SVD<Double>.Driver = driver == .gesvd ? .gesvd : .gesdd
        decompose = { try SVD(a, driver: ours).singularValues }
        operation = "SVD \(driver.rawValue)"
      case .lapackeGesvd, .lapackeGesdd:
        let reference: SVD<Double>.Driver = driver == .lapackeGesvd ? .gesvd : .gesdd
        decompose = { try directLAPACKESingularValues(a, driver: reference) }
        operation = "LAPACKE_d\(reference)"
      case .randomized:
        decompose = { try SVD<Double>.randomized(a, rank: rank, seed: 1).singularValues }
        operation = "SVD.randomized rank \(rank)"
      }
      var stopwatch = Stopwatch(repeats: options.repeats(default: 5))
      stopwatch.slowRun = singleRunAbove
      let (timing, values) = try stopwatch.measure(decompose)
      let row = BenchmarkRow(
        operation: operation, scalar: "Double", size: a.rows, seconds: timing.best, medianSeconds: timing.median,
        samples: timing.samples, checksum: values.reduce(0, +), note: "\(a.shapeDescription), thin vectors; checksum = Σσ")
      rows.append(row)
      report.note("\(operation) \(a.shapeDescription): best \(formatSeconds(timing.best)), Σσ = \(row.checksum!)")
    }
    return rows
  }

  private func driverRuns(report: BenchmarkReport) throws -> [BenchmarkRow] {
    let table = report.table(
      [
        .init("shape", 10, .left), .init("driver", 6, .left), .init("SVD(a) best", 11), .init("direct LAPACKE", 14),
        .init("ratio", 5), .init("runs", 4), .init("max |Δσ|/σ₀", 11),
      ],
      title: "SVD(a, driver:) with thin vectors vs LAPACKE_d<driver>(LAPACK_COL_MAJOR, 'S', …) on a copy of the same data")
    var rows: [BenchmarkRow] = []
    for (m, n) in shapes.values {
      let a = Matrix<Double>.random(rows: m, columns: n, seed: UInt64(m + n))
      for driver in [SVD<Double>.Driver.gesvd, .gesdd] {
        let name = driver == .gesvd ? "gesvd" : "gesdd"
        var stopwatch = Stopwatch(repeats: options.repeats(default: 5))
        stopwatch.slowRun = singleRunAbove
        stopwatch.budget = max(stopwatch.budget, singleRunAbove * Double(options.repeats(default: 5)))
        let ours: (Timing, SVD<Double>)
        let reference: (Timing, [Double])
        if referenceFirst {
          (reference, ours) = try stopwatch.measure(
            { try directLAPACKESingularValues(a, driver: driver) }, interleavedWith: { try SVD(a, driver: driver) })
        } else {
          (ours, reference) = try stopwatch.measure(
            { try SVD(a, driver: driver) }, interleavedWith: { try directLAPACKESingularValues(a, driver: driver) })
        }
        let difference = zip(ours.1.singularValues, reference.1).map { abs($0 - $1) }.max() ?? 0
        let relative = difference / (reference.1.first ?? 1)
        let ratio = reference.0.best / ours.0.best
        rows.append(
          BenchmarkRow(
            operation: "SVD \(name)", scalar: "Double", size: m, seconds: ours.0.best, medianSeconds: ours.0.median, ratio: ratio,
            samples: ours.0.samples, checksum: ours.1.singularValues.reduce(0, +), note: "\(m)×\(n), thin vectors"))
        rows.append(
          BenchmarkRow(
            operation: "LAPACKE_d\(name)", scalar: "Double", size: m, seconds: reference.0.best, medianSeconds: reference.0.median,
            samples: reference.0.samples, checksum: reference.1.reduce(0, +), note: "\(m)×\(n), column-major call on Aᵀ"))
        table.printLine([
          "\(m)×\(n)", name, formatSeconds(ours.0.best), formatSeconds(reference.0.best), format(ratio), String(ours.0.samples),
          String(format: "%.1e", relative),
        ])
      }
    }
    return rows
  }

  private func randomizedRun(report: BenchmarkReport) throws -> [BenchmarkRow] {
    let n = randomizedSize
    let k = rank
    report.note("\nrandomized rank \(k) (oversampling 10, 4 power iterations) vs full gesdd on \(n)×\(n) with σ_i = e^(−i/10)")
    let sigma = (0..<n).map { Foundation.exp(-Double($0) / 10) }
    let a = try decayingMatrix(sigma, size: n)
    let (gesddTime, full) = try Stopwatch(repeats: 1).measure { try SVD(a, driver: .gesdd) }
    let (randomizedTime, fast) = try Stopwatch(repeats: options.repeats(default: 5)).measure { try SVD<Double>.randomized(a, rank: k, seed: 1) }
    let againstGesdd = (0..<k).map { abs(fast.singularValues[$0] - full.singularValues[$0]) / full.singularValues[$0] }.max() ?? 0
    let againstExact = (0..<k).map { abs(fast.singularValues[$0] - sigma[$0]) / sigma[$0] }.max() ?? 0
    let speedup = gesddTime.best / randomizedTime.best
    report.note("  full gesdd (thin vectors)  \(formatSeconds(gesddTime.best))")
    report.note("  randomized rank \(k)        \(formatSeconds(randomizedTime.best))  (best of \(randomizedTime.samples))  speed-up \(format(speedup))×")
    report.note("  top \(k) values: max relative difference \(String(format: "%.1e", againstGesdd)) from gesdd, \(String(format: "%.1e", againstExact)) from the exact σ")
    return [
      BenchmarkRow(
        operation: "SVD gesdd (decaying)", scalar: "Double", size: n, seconds: gesddTime.best, samples: gesddTime.samples,
        checksum: full.singularValues.reduce(0, +), note: "\(n)×\(n), σ_i = e^(−i/10)"),
      BenchmarkRow(
        operation: "SVD.randomized rank \(k)", scalar: "Double", size: n, seconds: randomizedTime.best, medianSeconds: randomizedTime.median,
        ratio: speedup, samples: randomizedTime.samples, checksum: againstGesdd,
        note: "ratio = gesdd time / randomized time; checksum = max relative difference of the top \(k) values from gesdd (\(String(format: "%.1e", againstExact)) from the exact σ)"),
    ]
  }

  private func sparseRun(report: BenchmarkReport) throws -> [BenchmarkRow] {
    let n = sparseSize
    resetPeakResidentMemory()
    let before = residentMemory()
    let s = BlockSparseMatrix<Double>.random(rows: n, columns: n, blockRows: 32, blockColumns: 32, density: 0.01, seed: 7)
    let (seconds, svd) = try Stopwatch.time { try SVD<Double>.randomized(s, rank: rank, seed: 1) }
    let peak = residentMemory()
    let storedBytes = s.storedBlockCount * 32 * 32 * MemoryLayout<Double>.size
    report.note("\nrandomized rank \(rank) of a \(n)×\(n) BSR, 32×32 blocks, \(s.storedBlockCount) stored (\(String(format: "%.2f", s.blockDensity * 100)) %, \(storedBytes >> 20) MiB of values; dense would be \((n * n * 8) >> 20) MiB)")
    report.note("  \(formatSeconds(seconds)), σ₁ = \(String(format: "%.6e", svd.singularValues.first ?? 0)), peak resident memory (VmHWM) \(peak.highWater >> 20) MiB (\(before.current >> 20) MiB before the matrix was built)")
    return [
      BenchmarkRow(
        operation: "SVD.randomized rank \(rank) BSR", scalar: "Double", size: n, seconds: seconds, samples: 1,
        checksum: svd.singularValues.reduce(0, +),
        note: "\(n)×\(n), 32×32 blocks, \(s.storedBlockCount) stored; peak resident memory \(peak.highWater >> 20) MiB")
    ]
  }

  // MARK: Helpers

  /// `U·diag(σ)·Vᵀ` with random orthonormal `U`, `V` (QR of Gaussian matrices).
  private func decayingMatrix(_ sigma: [Double], size n: Int) throws -> Matrix<Double> {
    var u = try QR(Matrix<Double>.randomNormal(rows: n, columns: n, seed: 11)).q
    let v = try QR(Matrix<Double>.randomNormal(rows: n, columns: n, seed: 12)).q
    for i in 0..<n {
      for j in 0..<n { u[i, j] *= sigma[j] }
    }
    var a = Matrix<Double>(rows: n, columns: n)
    try Matrix.multiply(u, v, transposeB: true, into: &a)
    return a
  }
}

/// Resident memory from /proc/self/status: now (VmRSS) and the peak (VmHWM), in bytes.
func residentMemory() -> (current: Int, highWater: Int) {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
  func kilobytes(_ key: String) -> Int {
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
  }
  return (kilobytes("VmRSS"), kilobytes("VmHWM"))
}

/// Resets VmHWM to the current resident size (Linux ≥ 4.0: "5" to /proc/self/clear_refs);
/// where that is not allowed, the peak stays the process's peak so far.
func resetPeakResidentMemory() {
  try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}
