// What every `blocknum bench …` prints: a header with the machine facts, method lines, a
// streaming table, and the same results as JSON (one Codable path for every command).

import BlockNumerics
import Foundation

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

/// One benchmark run's output: the header with the machine facts (on standard error under
/// `--json`, so standard output stays pure JSON), method lines and tables unless `--json`,
/// and the results as JSON on standard output (`--json`) and/or in a file (`--json-file`).
struct BenchmarkReport {
  let options: BenchmarkOptions
  /// The machine, BLAS and threads the run measures on.
  let machine: MachineFacts

  /// Applies `--threads`, reads the machine facts and prints the header line
  /// `blocknum bench <command>: <facts>` and the `method` lines.
  init(command: String, options: BenchmarkOptions, method: [String] = []) {
    options.blasThreads.apply()
    self.options = options
    machine = MachineFacts.current()
    let header = "blocknum bench \(command): \(machine.headerLine)"
    if options.json {
      printProgress(header)
    } else {
      print(header)
      for line in method { print(line) }
    }
  }

  /// Whether tables and notes print (not under `--json`).
  var printsTables: Bool { !options.json }

  /// Prints `text` unless `--json`.
  func note(_ text: String) {
    if printsTables { print(text) }
  }

  /// Starts a table: a blank line, `title` if any, then the column titles; returns the
  /// printer for its lines (which print nothing under `--json`).
  func table(_ columns: [TablePrinter.Column], title: String? = nil) -> TablePrinter {
    let printer = TablePrinter(columns: columns, silent: !printsTables)
    note("")
    if let title { note(title) }
    printer.printHeader()
    return printer
  }

  /// Emits the results as JSON (``emitJSON(_:toStandardOutput:file:)``).
  func finish<Value: Encodable>(_ result: Value) throws {
    try emitJSON(result, toStandardOutput: options.json, file: options.jsonFile)
  }
}

/// Prints rows as a fixed-width table, one line as soon as each row is ready.
struct TablePrinter {
  enum Alignment { case left, right }

  struct Column {
    var title: String
    var width: Int
    var alignment: Alignment

    init(_ title: String, _ width: Int, _ alignment: Alignment = .right) {
      self.title = title
      self.width = width
      self.alignment = alignment
    }
  }

  var columns: [Column]
  /// Prints nothing (`--json`).
  var silent = false

  func printHeader() {
    printLine(columns.map(\.title))
    printLine(columns.map { String(repeating: "-", count: $0.width) })
  }

  func printLine(_ cells: [String]) {
    guard !silent else { return }
    let padded = zip(columns, cells).map { column, cell -> String in
      let fill = String(repeating: " ", count: max(0, column.width - cell.count))
      return column.alignment == .left ? cell + fill : fill + cell
    }
    var line = padded.joined(separator: "  ")
    while line.last == " " { line.removeLast() }
    print(line)
  }
}

/// The one JSON path of the tool (bench, train, info): `value` encoded by Codable,
/// pretty-printed with sorted keys, on standard output when `toStandardOutput` and into
/// `file` when given.
func emitJSON<Value: Encodable>(_ value: Value, toStandardOutput: Bool = true, file: String? = nil) throws {
  guard toStandardOutput || file != nil else { return }
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  // A diverged run's NaN or an infinite ratio is reported, not a crash.
  encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
  let data = try encoder.encode(value)
  if toStandardOutput { print(String(decoding: data, as: UTF8.self)) }
  if let file { try data.write(to: URL(fileURLWithPath: file)) }
}

/// A JSON object assembled at run time from numbers, strings, booleans and arrays or objects
/// of them (`train recommender`'s report, whose fields depend on the solver), encoded through
/// ``emitJSON(_:toStandardOutput:file:)`` like every other result. A value of another type is
/// written as its description.
struct JSONObject: Encodable {
  let fields: [String: Any]

  init(_ fields: [String: Any]) { self.fields = fields }

  private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  /// One value of a field.
  private struct Value: Encodable {
    let value: Any

    func encode(to encoder: Encoder) throws {
      switch value {
      case let nested as [String: Any]: try JSONObject(nested).encode(to: encoder)
      case let array as [Any]:
        var container = encoder.unkeyedContainer()
        for element in array { try container.encode(Value(value: element)) }
      default:
        var container = encoder.singleValueContainer()
        switch value {
        case let bool as Bool: try container.encode(bool)
        case let int as Int: try container.encode(int)
        case let unsigned as UInt64: try container.encode(unsigned)
        case let double as Double: try container.encode(double)
        case let float as Float: try container.encode(float)
        case let string as String: try container.encode(string)
        default: try container.encode(String(describing: value))
        }
      }
    }
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    for (key, value) in fields { try container.encode(Value(value: value), forKey: Key(stringValue: key)) }
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

/// The sum of all entries, in `Double`.
func checksum<Scalar: BLASScalar>(_ values: UnsafeBufferPointer<Scalar>) -> Double {
  var sum = 0.0
  for value in values { sum += Double(value) }
  return sum
}
