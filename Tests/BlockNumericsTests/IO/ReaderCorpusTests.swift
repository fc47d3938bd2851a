import Foundation
import Testing
@testable import BlockNumerics

/// Every reader, on every file we have: the committed fixtures, the malformed corpora of the
/// IO tests, and the regression corpus of inputs the fuzzer found
/// (`Fixtures/fuzz/regressions/`, first byte = reader, see ``ReaderFuzzing``). Each must
/// give a typed error or a clean parse that round-trips.
@Suite struct ReaderCorpusTests {
  static let fuzzDirectory = Fixtures.directory.appendingPathComponent("fuzz")

  @Test func everyKnownInputParsesCleanlyOrThrowsTyped() throws {
    var outcomes: [ReaderFuzzing.Outcome: Int] = [:]
    let regressions = try ReaderCorpora.files(in: Self.fuzzDirectory.appendingPathComponent("regressions").path)
    #expect(!regressions.isEmpty, "the regression corpus Fixtures/fuzz/regressions is empty")
    let inputs = try ReaderCorpora.seeds(ioFixtures: Fixtures.path("io"), npzFixtures: Fixtures.path("npz")) + regressions.map { ("regression \($0.name)", $0.bytes) }
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
}
