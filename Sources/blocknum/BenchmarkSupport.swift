// Shared machinery for `blocknum bench …`: options, a monotonic timer with warm-up and
// best/median-of-R statistics, the run-time estimate that skips hopeless naive runs,
// a streaming table printer and JSON rows for scripts/compare.py.

import ArgumentParser
import BlockNumerics
import CLinearAlgebra
import Foundation

// MARK: Options

/// Options every `bench` subcommand takes.
struct BenchmarkOptions: ParsableArguments {
  @Flag(help: "Print a JSON array of result rows on standard output instead of a table.")
  var json = false

  @Option(help: "Also write the JSON result to this file (the table still prints; for scripts).")
  var jsonFile: String?

  @Option(help: "OpenBLAS threads (BLAS.threadCount); default: leave OpenBLAS's own setting.")
  var threads: Int?

  @Option(help: "Timed runs per measurement, after one warm-up run; the best and the median are reported.")
  var repeats = 5

  @Option(help: "Skip a naive-kernel run whose estimated time exceeds this many seconds.")
  var naiveLimit = 10.0

  mutating func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    if !(naiveLimit > 0) { throw ValidationError("--naive-limit must be positive, got \(naiveLimit)") }
  }
}

/// A comma-separated list of positive sizes, as in `--sizes 64,256,1024`.
struct SizeList: ExpressibleByArgument, CustomStringConvertible {
  var values: [Int]

  init(_ values: [Int]) { self.values = values }

  init?(argument: String) {
    let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
    var values: [Int] = []
    for part in parts {
      guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value > 0 else { return nil }
      values.append(value)
    }
    guard !values.isEmpty else { return nil }
    self.values = values
  }

  var description: String { values.map(String.init).joined(separator: ",") }
  var defaultValueDescription: String { description }
}

// MARK: Machine facts

/// What a reader needs to interpret the numbers: cores, CPU, BLAS build, the kernels in
/// use and threads, date.
struct MachineFacts: Codable {
  var cores: Int
  var cpu: String
  var blasThreadCount: Int
  var blas: String
  /// The OpenBLAS core in use (after the library's kernel check).
  var core: String
  /// The core OpenBLAS started on when the kernel check switched it.
  var switchedFrom: String?
  var date: String

  static func current() -> MachineFacts {
    let blas = BLAS.configuration
    return MachineFacts(
      cores: blas.processorCount, cpu: blas.cpu.isEmpty ? "unknown CPU" : blas.cpu,
      blasThreadCount: blas.threadCount, blas: blas.version, core: blas.core,
      switchedFrom: blas.switchedFrom, date: ISO8601DateFormatter().string(from: Date()))
  }

  var headerLine: String {
    let kernels = switchedFrom.map { "kernel \(core) (switched from \($0))" } ?? "kernel \(core)"
    return "\(cores) cores (\(cpu)), BLAS.threadCount \(blasThreadCount), \(blas), \(kernels), \(date)"
  }
}

// MARK: Timing

/// The times of one operation at one size, in seconds.
struct Timing {
  /// The fastest timed run: the least disturbed by other processes.
  var best: Double
  /// The median timed run.
  var median: Double
  /// How many runs were timed.
  var samples: Int
}

/// Runs and times closures on a monotonic clock (`ContinuousClock`).
struct Stopwatch {
  /// Timed runs wanted after the warm-up.
  var repeats: Int
  /// A warm-up slower than this is kept as the only sample: such runs are dominated by
  /// arithmetic, not by cold caches, and repeating them costs too much.
  var slowRun = 1.0
  /// Timed runs stop early once they have used this much time in total.
  var budget = 5.0
  /// Seconds to sleep before each run of an interleaved pair (warm-ups included), so that
  /// OpenBLAS's worker threads, which spin for about 0.1 s after a multi-threaded call
  /// before they sleep, do not compete with the next run. 0: runs back to back.
  var settle = 0.0

  /// The seconds `body` takes, once.
  static func time<Result>(_ body: () throws -> Result) rethrows -> (seconds: Double, result: Result) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    return (seconds(clock.now - start), result)
  }

  /// One warm-up run, then up to `repeats` timed runs; returns the timing and the last
  /// result, which the caller keeps alive (checksums it) so the work cannot be elided.
  func measure<Result>(_ body: () throws -> Result) rethrows -> (Timing, Result) {
    let warmUp = try Stopwatch.time(body)
    if warmUp.seconds >= slowRun {
      return (Timing(best: warmUp.seconds, median: warmUp.seconds, samples: 1), warmUp.result)
    }
    var times: [Double] = []
    var last = warmUp.result
    while times.count < repeats {
      let run = try Stopwatch.time(body)
      times.append(run.seconds)
      last = run.result
      if times.reduce(0, +) >= budget { break }
    }
    return (Stopwatch.timing(times), last)
  }

  /// Like ``measure(_:)`` for two closures whose runs alternate (`first`, `second`,
  /// `first`, …), so a disturbance by other processes hits both alike. Use it for an
  /// operation and its reference.
  func measure<First, Second>(
    _ first: () throws -> First, interleavedWith second: () throws -> Second
  ) rethrows -> (first: (Timing, First), second: (Timing, Second)) {
    var lastFirst = try timeSettled(first)
    var lastSecond = try timeSettled(second)
    if lastFirst.seconds >= slowRun || lastSecond.seconds >= slowRun {
      return (
        (Timing(best: lastFirst.seconds, median: lastFirst.seconds, samples: 1), lastFirst.result),
        (Timing(best: lastSecond.seconds, median: lastSecond.seconds, samples: 1), lastSecond.result)
      )
    }
    var firstTimes: [Double] = []
    var secondTimes: [Double] = []
    while firstTimes.count < repeats {
      lastFirst = try timeSettled(first)
      lastSecond = try timeSettled(second)
      firstTimes.append(lastFirst.seconds)
      secondTimes.append(lastSecond.seconds)
      if firstTimes.reduce(0, +) + secondTimes.reduce(0, +) >= 2 * budget { break }
    }
    return (
      (Stopwatch.timing(firstTimes), lastFirst.result), (Stopwatch.timing(secondTimes), lastSecond.result)
    )
  }

  /// ``time(_:)`` after sleeping ``settle`` seconds (not timed).
  private func timeSettled<Result>(_ body: () throws -> Result) rethrows -> (seconds: Double, result: Result) {
    if settle > 0 { Thread.sleep(forTimeInterval: settle) }
    return try Stopwatch.time(body)
  }

  /// Best and median of a non-empty list of times.
  private static func timing(_ times: [Double]) -> Timing {
    let sorted = times.sorted()
    let middle = sorted.count / 2
    let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    return Timing(best: sorted[0], median: median, samples: sorted.count)
  }

  private static func seconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) + Double(attoseconds) * 1e-18
  }
}

/// Predicts the run time of an `O(n³)` kernel at a larger size from its last measurement,
/// so hopeless naive runs are skipped instead of taking minutes.
struct CubicEstimate {
  private var measured: [String: (size: Int, seconds: Double)] = [:]

  /// Records that `kernel` took `seconds` at `size`.
  mutating func record(_ kernel: String, size: Int, seconds: Double) {
    measured[kernel] = (size, seconds)
  }

  /// The size of `kernel`'s last measurement, if any.
  func lastSize(_ kernel: String) -> Int? { measured[kernel]?.size }

  /// The expected seconds of `kernel` at `size`, scaling the last measurement by the
  /// cube of the size ratio; `nil` before any measurement.
  func seconds(_ kernel: String, size: Int) -> Double? {
    guard let (measuredSize, seconds) = measured[kernel] else { return nil }
    let ratio = Double(size) / Double(measuredSize)
    return seconds * ratio * ratio * ratio
  }
}

// MARK: Results

/// One line of a benchmark: an operation on one scalar type at one size.
///
/// In JSON, absent values (a skipped run has no time) are left out.
struct BenchmarkRow: Codable {
  /// What ran, e.g. `naive`, `Matrix *`, `cblas_dgemm`.
  var operation: String
  /// `Float` or `Double`.
  var scalar: String
  /// The problem size `n` (an `n × n` times `n × n` product for GEMM).
  var size: Int
  /// Best time in seconds.
  var seconds: Double?
  /// Median time in seconds.
  var medianSeconds: Double?
  /// Billions of floating-point operations per second, from the best time.
  var gflops: Double?
  /// Reference time / this time: above 1 is faster than the reference.
  var ratio: Double?
  /// Timed runs.
  var samples: Int?
  /// The sum of the result's entries, printed so the work cannot be optimised away.
  var checksum: Double?
  /// Why there is no time, e.g. `skipped: ~40 s estimated`.
  var note: String?
}

/// Prints rows as a fixed-width table, one line as soon as each row is ready.
struct TablePrinter {
  enum Alignment { case left, right }

  struct Column {
    var title: String
    var width: Int
    var alignment: Alignment
  }

  var columns: [Column]

  func printHeader() {
    printLine(columns.map(\.title))
    printLine(columns.map { String(repeating: "-", count: $0.width) })
  }

  func printLine(_ cells: [String]) {
    let padded = zip(columns, cells).map { column, cell -> String in
      let fill = String(repeating: " ", count: max(0, column.width - cell.count))
      return column.alignment == .left ? cell + fill : fill + cell
    }
    print(padded.joined(separator: "  ").trimmingTrailingSpaces())
  }
}

extension BenchmarkOptions {
  /// Prints `result` as pretty JSON (sorted keys) on standard output with `--json`, and
  /// writes the same JSON to `--json-file` if given.
  func emit<Value: Encodable>(_ result: Value) throws {
    guard json || jsonFile != nil else { return }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(result)
    if json { print(String(decoding: data, as: UTF8.self)) }
    if let jsonFile { try data.write(to: URL(fileURLWithPath: jsonFile)) }
  }
}

/// Writes a progress line to standard error, which stays free of JSON.
func printProgress(_ message: String) {
  FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Three significant digits, without exponent for the ranges benchmarks produce.
func format(_ value: Double) -> String {
  switch abs(value) {
  case 100...: return String(format: "%.0f", value)
  case 10..<100: return String(format: "%.1f", value)
  case 1..<10: return String(format: "%.2f", value)
  default: return String(format: "%.3f", value)
  }
}

/// Formats a number of seconds with a unit that keeps three significant digits.
func formatSeconds(_ seconds: Double) -> String {
  switch seconds {
  case ..<1e-3: return String(format: "%.1f µs", seconds * 1e6)
  case ..<1: return String(format: "%.2f ms", seconds * 1e3)
  default: return String(format: "%.2f s", seconds)
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var result = self
    while result.last == " " { result.removeLast() }
    return result
  }
}

/// The sum of all entries, in `Double`.
func checksum<Scalar: BLASScalar>(_ values: UnsafeBufferPointer<Scalar>) -> Double {
  var sum = 0.0
  for value in values { sum += Double(value) }
  return sum
}
