import BlockNumerics
import Testing
@testable import BlockNumericsDistributed

@Suite struct ErrorTransportTests {
  @Test("every error case survives the trip as bytes")
  func roundTrip() {
    let errors: [BlockNumericsError] = [
      .shapeMismatch(operation: "a", message: "b"), .invalidArgument(operation: "ü", message: ""),
      .nonFiniteValue(operation: "x", message: "NaN at [1, 2]"), .lapackFailure(routine: "pdgesvd", info: -19, message: "m"),
      .didNotConverge(operation: "svd", message: "7"), .malformedInput(format: ".npy", location: "byte 3", message: "bad"),
      .fileAccess(path: "/tmp/x", message: "none"), .systemFailure(operation: "world", message: "no MPI"),
    ]
    for error in errors {
      #expect(BlockNumericsError(_decoding: error._encoded()) == error)
    }
    #expect(BlockNumericsError(_decoding: []) == nil)
    #expect(BlockNumericsError(_decoding: [9, 0, 0]) == nil)
  }
}
