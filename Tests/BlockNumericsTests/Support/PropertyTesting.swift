import Foundation
import Testing
@testable import BlockNumerics

/// Seeded randomized property checks.
///
/// Every case draws its data from its own ``SeededRandomNumberGenerator`` whose seed is
/// `baseSeed + caseIndex`, so a failure is replayed exactly by its seed alone:
///
/// ```
/// BLOCKNUMERICS_SOAK_SEED=<seed> BLOCKNUMERICS_SOAK_CASES=1 swift test --filter <property>
/// ```
///
/// Environment (read once per property):
/// - `BLOCKNUMERICS_SOAK_CASES`: cases per property instead of its default (scripts/soak).
/// - `BLOCKNUMERICS_SOAK_SEED`: the base seed instead of the property's fixed one.
///
/// Each property prints one line `property <name>: <n> cases, base seed <s>, <f> failed`
/// and every failing case records an issue naming its seed and the shapes it drew.
struct PropertyCase {
  /// The seed that reproduces this case.
  let seed: UInt64
  /// The generator every random choice of the case comes from.
  var generator: SeededRandomNumberGenerator
  /// What the case drew (shapes, block sizes…), printed with any failure.
  var notes: [String] = []
  /// Failures recorded so far.
  fileprivate(set) var failures = 0
  fileprivate let name: String

  init(name: String, seed: UInt64) {
    self.name = name
    self.seed = seed
    generator = SeededRandomNumberGenerator(seed: seed)
  }

  /// A uniform integer in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &generator) }

  /// A uniform choice among `values`.
  mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }

  /// A fresh seed for the library's seeded constructors (`Matrix.random(…, seed:)`).
  mutating func nextSeed() -> UInt64 { generator.next() }

  /// Remembers what the case drew, for the failure message.
  mutating func note(_ text: String) { notes.append(text) }

  /// A random split of `total` into `parts` positive sizes (or all of `total` in one part).
  mutating func partition(of total: Int, parts: Int) -> [Int] {
    guard total > 0 else { return [] }
    let count = Swift.min(Swift.max(parts, 1), total)
    // `count - 1` distinct cut points in 1..<total.
    var cuts = Set<Int>()
    while cuts.count < count - 1 { cuts.insert(int(1...total - 1)) }
    let sorted = [0] + cuts.sorted() + [total]
    return (0..<count).map { sorted[$0 + 1] - sorted[$0] }
  }

  /// Records a failure naming the seed and what the case drew, unless `condition` holds.
  mutating func expect(
    _ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard !condition else { return }
    failures += 1
    Issue.record(
      "property \(name), seed \(seed) [\(notes.joined(separator: ", "))]: \(message())", sourceLocation: sourceLocation)
  }

  /// Runs `body`, recording a thrown error as a failure of this case.
  mutating func expectNoThrow(
    _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation, _ body: (inout PropertyCase) throws -> Void
  ) {
    do {
      try body(&self)
    } catch {
      expect(false, "\(what()) threw \(error)", sourceLocation: sourceLocation)
    }
  }
}

enum Property {
  /// `BLOCKNUMERICS_SOAK_CASES`, if set to a positive integer.
  static var soakCases: Int? {
    ProcessInfo.processInfo.environment["BLOCKNUMERICS_SOAK_CASES"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
  }

  /// `BLOCKNUMERICS_SOAK_SEED`, if set.
  static var soakSeed: UInt64? {
    ProcessInfo.processInfo.environment["BLOCKNUMERICS_SOAK_SEED"].flatMap { UInt64($0) }
  }

  /// Checks `body` on `cases` seeded cases (or the soak settings from the environment).
  static func check(
    _ name: String, cases: Int, seed: UInt64, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (inout PropertyCase) throws -> Void
  ) {
    let count = soakCases ?? cases
    let base = soakSeed ?? seed
    var failed = 0
    var firstFailingSeed: UInt64?
    for index in 0..<count {
      var testCase = PropertyCase(name: name, seed: base &+ UInt64(index))
      testCase.expectNoThrow("the case", sourceLocation: sourceLocation) { try body(&$0) }
      if testCase.failures > 0 {
        failed += 1
        if firstFailingSeed == nil { firstFailingSeed = testCase.seed }
      }
    }
    let first = firstFailingSeed.map { ", first failing seed \($0)" } ?? ""
    print("property \(name): \(count) cases, base seed \(base), \(failed) failed\(first)")
  }
}

/// Whether two scalars are the same value, NaN equal to NaN (for round trips).
func sameValue<Scalar: BLASScalar>(_ a: Scalar, _ b: Scalar) -> Bool {
  (a.isNaN && b.isNaN) || a == b
}

/// The largest absolute entry of `m` (0 for an empty matrix).
func maximumMagnitude<Scalar: BLASScalar>(_ m: Matrix<Scalar>) -> Scalar {
  m.elements.reduce(0) { Swift.max($0, Swift.abs($1)) }
}
