import Foundation

/// Reading and writing whole files as bytes, with failures as ``BlockNumericsError``.
enum FileAccess {
  /// The bytes of the file at `path`.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when it cannot be read.
  static func readBytes(_ path: String) throws -> [UInt8] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw BlockNumericsError.fileAccess(path: path, message: "no such file")
    }
    guard !isDirectory.boolValue else { throw BlockNumericsError.fileAccess(path: path, message: "is a directory, not a file") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw BlockNumericsError.fileAccess(path: path, message: "cannot be read (permissions?)")
    }
    return [UInt8](data)
  }

  /// Replaces the file at `path` with `bytes`, atomically.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when it cannot be written.
  static func write(_ bytes: [UInt8], to path: String) throws {
    do {
      try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw BlockNumericsError.fileAccess(path: path, message: "cannot be written: \(error.localizedDescription)")
    }
  }

  /// The number of elements a dense matrix read from a file may have: half the physical
  /// memory's worth of `Scalar`. A header declaring more is refused before any allocation.
  static func maximumDenseElements<Scalar>(_: Scalar.Type) -> Int {
    Int(clamping: ProcessInfo.processInfo.physicalMemory / 2 / UInt64(MemoryLayout<Scalar>.stride))
  }
}
