import Foundation
@testable import BlockNumerics

/// The reference files under Tests/BlockNumericsTests/Fixtures, made by
/// scripts/make-references.py and committed.
enum Fixtures {
  static let directory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

  /// The path of a fixture, e.g. `path("io/a_f64_v1.npy")`.
  static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

  /// A fixture `.npy` file read as a matrix of `Scalar`.
  static func matrix<Scalar: BLASScalar>(_ relative: String, as _: Scalar.Type = Scalar.self) throws -> Matrix<Scalar> {
    try Matrix<Scalar>(contentsOfNPYFile: path(relative))
  }

  /// Runs `body` with a scratch path for a file it writes, unique per call; the file is
  /// removed afterwards, whether `body` returns or throws.
  static func withTemporaryPath<Result>(_ name: String, _ body: (String) throws -> Result) rethrows -> Result {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("blocknumerics-\(UUID().uuidString)-\(name)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
  }
}
