import Foundation
import Testing
@testable import BlockNumerics

/// Every reader, on every file we have: the committed fixtures, the malformed corpora of the
/// IO tests, and the regression corpus of inputs the fuzzer found
/// (`Fixtures/fuzz/regressions/`, first byte = reader, see ``ReaderFuzzing``). Each must
/// give a typed error or a clean parse that round-trips.
@Suite struct ReaderCorpusTests {
  static let fuzzDirectory = Fixtures.directory.appendingPathComponent("fuzz")

  /// The files of a fixture folder, sorted, as `(name, bytes)`.
  static func files(in folder: URL) -> [(name: String, bytes: [UInt8])] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.sorted().filter { !$0.hasPrefix(".") && $0 != "README.md" }.compactMap { name in
      (try? FileAccess.readBytes(folder.appendingPathComponent(name).path)).map { (name, $0) }
    }
  }

  /// Raw files (no selector byte) with the readers that fit their kind.
  static func seeds() -> [(name: String, input: [UInt8])] {
    var raw: [(name: String, bytes: [UInt8], selectors: [UInt8])] = []
    for (name, bytes) in files(in: Fixtures.directory.appendingPathComponent("io")) {
      let selectors: [UInt8] = name.hasSuffix(".npy") ? [0, 1, 2] : name.hasSuffix(".mtx") ? [3, 4, 7, 4 | 0x38] : [5, 6, 6 | 0x08]
      raw.append((name, bytes, selectors))
    }
    for (name, bytes) in MatrixNumPyTests.corpus() { raw.append(("npy " + name, bytes, [0, 1, 2])) }
    for (name, text, _) in MatrixMarketTests.corpus { raw.append(("mtx " + name, Array(text.utf8), [3, 4, 7])) }
    for (name, text, _) in MatrixCSVTests.corpus { raw.append(("csv " + name, Array(text.utf8), [5, 6])) }
    return raw.flatMap { file in file.selectors.map { ("\(file.name) as \($0)", [$0] + file.bytes) } }
  }

  @Test func everyKnownInputParsesCleanlyOrThrowsTyped() {
    var outcomes: [ReaderFuzzing.Outcome: Int] = [:]
    let inputs = Self.seeds() + Self.files(in: Self.fuzzDirectory.appendingPathComponent("regressions")).map { ("regression \($0.name)", $0.bytes) }
    for (name, input) in inputs {
      switch ReaderFuzzing.check(input) {
      case .success(let outcome): outcomes[outcome, default: 0] += 1
      case .failure(let violation): Issue.record("\(name): \(violation)")
      }
    }
    #expect(outcomes[.parsed, default: 0] > 20 && outcomes[.rejected, default: 0] > 40, "\(outcomes)")
  }

  /// Inputs that once broke a reader or the BSR construction, kept as regressions.
  @Test func hugeDeclaredBlockGridsThrowInsteadOfAllocating() {
    let text = "%%MatrixMarket matrix coordinate real general\n1000000000000000 4 1\n1 1 1\n"
    #expect(throws: BlockNumericsError.self) {
      try BlockSparseMatrix(MatrixMarket.coordinates(data: Array(text.utf8), as: Double.self), blockRows: 1, blockColumns: 1)
    }
    #expect(throws: BlockNumericsError.self) {
      try BlockSparseMatrix<Double>(rows: Int.max - Int.max % 2, columns: 2, blockRows: 1, blockColumns: 2)
    }
    // A block so large that one stored block cannot be allocated.
    let wide = "%%MatrixMarket matrix coordinate real general\n4000000000 4000000000 1\n1 1 1\n"
    #expect(throws: BlockNumericsError.self) {
      try BlockSparseMatrix(MatrixMarket.coordinates(data: Array(wide.utf8), as: Double.self), blockRows: 4_000_000_000, blockColumns: 4_000_000_000)
    }
  }

  /// Writes the seed corpus for scripts/fuzz when `BLOCKNUMERICS_FUZZ_SEED_DIR` is set.
  @Test func exportFuzzSeeds() throws {
    guard let directory = ProcessInfo.processInfo.environment["BLOCKNUMERICS_FUZZ_SEED_DIR"] else { return }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (index, (_, input)) in Self.seeds().enumerated() {
      try FileAccess.write(input, to: "\(directory)/seed-\(index)")
    }
    print("fuzz seeds: \(Self.seeds().count) written to \(directory)")
  }
}
