// The options every `blocknum bench …` takes, and the list arguments the commands parse
// before anything runs.

import ArgumentParser
import BlockNumerics

/// `--threads`: OpenBLAS's own thread count for the run, checked before anything runs.
struct BLASThreadsOption: ParsableArguments {
  @Option(help: "OpenBLAS threads (BLAS.threadCount), at least 1; default: leave OpenBLAS's own setting.")
  var threads: Int?

  func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
  }

  /// Sets `BLAS.threadCount` when `--threads` was given.
  func apply() {
    if let threads { BLAS.threadCount = threads }
  }
}

/// Options every `bench` subcommand takes.
struct BenchmarkOptions: ParsableArguments {
  @Flag(help: "Print a JSON array of result rows on standard output instead of a table.")
  var json = false

  @Option(help: "Also write the JSON result to this file (the table still prints; for scripts).")
  var jsonFile: String?

  @OptionGroup var blasThreads: BLASThreadsOption

  @Option(help: """
    Timed runs per measurement, after one warm-up run; the best and the median are reported \
    (default: 11 for block and sparse, whose ratios compare medians of interleaved runs; 5 elsewhere).
    """)
  var repeats: Int?

  /// `--repeats`, or `standard` when not given.
  func repeats(default standard: Int) -> Int { repeats ?? standard }

  @Option(help: "Skip a naive-kernel run whose estimated time exceeds this many seconds.")
  var naiveLimit = 10.0

  func validate() throws {
    if let repeats, repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    if !(naiveLimit > 0) { throw ValidationError("--naive-limit must be positive, got \(naiveLimit)") }
  }
}

/// A comma-separated list of positive sizes, as in `--sizes 64,256,1024`.
struct SizeList: ExpressibleByArgument, CustomStringConvertible {
  var values: [Int]

  init(_ values: [Int]) { self.values = values }

  init?(argument: String) {
    var values: [Int] = []
    for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
      guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value > 0 else { return nil }
      values.append(value)
    }
    guard !values.isEmpty else { return nil }
    self.values = values
  }

  var description: String { values.map(String.init).joined(separator: ",") }
  var defaultValueDescription: String { description }
}

/// A comma-separated list of choices, as in `--solvers hals,mu`, parsed (and refused with the
/// list of valid choices) before anything runs.
struct ChoiceList<Choice: RawRepresentable & CaseIterable & Hashable>: ExpressibleByArgument, CustomStringConvertible
where Choice.RawValue == String {
  var values: [Choice]

  init(_ values: [Choice]) { self.values = values }

  init?(argument: String) {
    var values: [Choice] = []
    for part in argument.split(separator: ",") {
      guard let choice = Choice(rawValue: part.trimmingCharacters(in: .whitespaces)) else { return nil }
      values.append(choice)
    }
    guard !values.isEmpty else { return nil }
    self.values = values
  }

  func contains(_ choice: Choice) -> Bool { values.contains(choice) }

  var description: String { values.map(\.rawValue).joined(separator: ",") }
  var defaultValueDescription: String { description }
  static var allValueStrings: [String] { Choice.allCases.map(\.rawValue) }
}

/// A comma-separated list of matrix shapes `ROWSxCOLUMNS`, as in `--shapes 500x500,4000x500`.
struct ShapeList: ExpressibleByArgument, CustomStringConvertible {
  var values: [(rows: Int, columns: Int)]

  init(_ values: [(rows: Int, columns: Int)]) { self.values = values }

  init?(argument: String) {
    var values: [(rows: Int, columns: Int)] = []
    for part in argument.split(separator: ",") {
      let sides = part.lowercased().split(separator: "x").compactMap { Int($0) }
      guard sides.count == 2, sides[0] > 0, sides[1] > 0 else { return nil }
      values.append((sides[0], sides[1]))
    }
    guard !values.isEmpty else { return nil }
    self.values = values
  }

  var description: String { values.map { "\($0.rows)x\($0.columns)" }.joined(separator: ",") }
  var defaultValueDescription: String { description }
}
