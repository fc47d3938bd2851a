// libFuzzer entry point for the file readers. Built by scripts/fuzz into one module with
// the library sources and Tests/BlockNumericsTests/Support/ReaderFuzzing.swift, which
// holds the checks (the test suite runs the same checks on the regression corpus).

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
