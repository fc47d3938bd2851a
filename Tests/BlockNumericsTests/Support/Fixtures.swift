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

  /// A scratch path for a file a test writes, unique per call.
  static func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("blocknumerics-\(UUID().uuidString)-\(name)").path
  }
}
