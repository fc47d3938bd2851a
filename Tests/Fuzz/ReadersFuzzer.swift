// libFuzzer entry points for the file readers. Built by scripts/fuzz into one module with
// the library sources and Tests/BlockNumericsTests/Support/ReaderFuzzing.swift (the checks,
// which the test suite runs on the regression corpus too) and ReaderCorpora.swift (the seeds).
#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func readersFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  switch ReaderFuzzing.check(input) {
  case .success: return 0
  case .failure(let violation):
    // A trap makes libFuzzer save the input as a crash artifact.
    fatalError("reader property violated: \(violation)")
  }
}

/// With `BLOCKNUMERICS_FUZZ_SEED_DIR` set, writes the seed corpus
/// (``ReaderCorpora/seeds(ioFixtures:npzFixtures:)`` over `BLOCKNUMERICS_FUZZ_IO_FIXTURES` and
/// `BLOCKNUMERICS_FUZZ_NPZ_FIXTURES`) into that
/// directory and exits: scripts/fuzz runs the binary so once before fuzzing.
@_cdecl("LLVMFuzzerInitialize")
public func readersFuzzerInitialize(
  _ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> Int32 {
  guard let directory = getenv("BLOCKNUMERICS_FUZZ_SEED_DIR").map({ String(cString: $0) }) else { return 0 }
  let fixtures = getenv("BLOCKNUMERICS_FUZZ_IO_FIXTURES").map { String(cString: $0) } ?? "Tests/BlockNumericsTests/Fixtures/io"
  let archives = getenv("BLOCKNUMERICS_FUZZ_NPZ_FIXTURES").map { String(cString: $0) } ?? "Tests/BlockNumericsTests/Fixtures/npz"
  do {
    let seeds = try ReaderCorpora.seeds(ioFixtures: fixtures, npzFixtures: archives)
    for (index, (_, input)) in seeds.enumerated() {
      try FileAccess.write(input, to: "\(directory)/seed-\(index)")
    }
    print("fuzz seeds: \(seeds.count) written to \(directory)")
    exit(0)
  } catch {
    print("fuzz seeds: \(error)")
    exit(1)
  }
}
