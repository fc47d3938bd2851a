import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum npz list FILE` and `blocknum npz copy IN OUT [--compressed] [--through-values]`:
/// NumPy `.npz` archives through ``NumPyArchive`` (scripts/check-npz-roundtrip.py checks
/// them against NumPy both ways).
struct NPZCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "npz", abstract: "List and copy NumPy .npz archives (np.savez, np.savez_compressed).",
    subcommands: [List.self, Copy.self])

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print each array's name, dtype, shape and .npy size, in archive order.")

    @Argument(help: "The .npz file.")
    var file: String

    func run() throws {
      let archive = try NumPyArchive(contentsOfFile: file)
      for name in archive.names {
        let bytes = try archive.npyData(named: name)
        let header = NPYHeader(bytes)
        // The shape as NumPy prints it: (5,) for one dimension.
        let shape = header.map { $0.shape.count == 1 ? "(\($0.shape[0]),)" : "(" + $0.shape.map(String.init).joined(separator: ", ") + ")" }
        print("\(name)\t\(header?.descriptor ?? "?")\t\(shape ?? "?")\t\(bytes.count) bytes")
      }
    }
  }

  struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Read every array of an archive and write them to a new one, in the same order.",
      discussion: """
        By default each entry's .npy bytes are copied as they are. With --through-values, \
        float64 and float32 arrays of one or two dimensions are read into a Matrix<Double> / \
        Matrix<Float> (1-d ones into an array) and written again from those values; other \
        entries are copied as bytes.
        """)

    @Argument(help: "The .npz file to read.")
    var input: String

    @Argument(help: "The .npz file to write.")
    var output: String

    @Flag(help: "Deflate the entries, as np.savez_compressed does (default: stored, as np.savez).")
    var compressed = false

    @Flag(help: "Go through Matrix/array values for float32 and float64 arrays instead of copying bytes.")
    var throughValues = false

    func run() throws {
      let archive = try NumPyArchive(contentsOfFile: input)
      var arrays: [(name: String, npyData: [UInt8])] = []
      var converted = 0
      for name in archive.names {
        var bytes = try archive.npyData(named: name)
        if throughValues, let header = NPYHeader(bytes), let values = try values(archive, name, header) {
          bytes = values
          converted += 1
        }
        arrays.append((name, bytes))
      }
      try NumPyArchive.write(arrays, to: output, compressed: compressed)
      print("copied \(arrays.count) arrays (\(throughValues ? "\(converted) through values" : "as bytes")) to \(output)\(compressed ? ", deflated" : "")")
    }

    /// The array's `.npy` bytes written again from its values, or nil when it is not a 1-d
    /// or 2-d float32/float64 array.
    func values(_ archive: NumPyArchive, _ name: String, _ header: NPYHeader) throws -> [UInt8]? {
      switch (header.descriptor, header.shape.count) {
      case ("<f8", 1): return NumPyFormat.data(vector: try archive.vector(named: name, as: Double.self))
      case ("<f4", 1): return NumPyFormat.data(vector: try archive.vector(named: name, as: Float.self))
      case ("<f8", 2): return try archive.matrix(named: name, as: Double.self).npyData()
      case ("<f4", 2): return try archive.matrix(named: name, as: Float.self).npyData()
      default: return nil
      }
    }
  }
}

/// The dtype and shape of a `.npy` file's header, read loosely for display and for choosing
/// the scalar type (the library's reader does the checking).
struct NPYHeader {
  var descriptor: String
  var shape: [Int]

  init?(_ bytes: [UInt8]) {
    guard bytes.count >= 10, bytes[0] == 0x93 else { return nil }
    let start = bytes[6] == 1 ? 10 : 12
    guard bytes.count >= start else { return nil }
    let length = bytes[6] == 1
      ? Int(bytes[8]) | Int(bytes[9]) << 8
      : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
    guard length <= bytes.count - start else { return nil }
    let text = String(decoding: bytes[start..<start + length], as: UTF8.self)
    func value(after key: String, until end: Character) -> Substring? {
      guard let range = text.range(of: key) else { return nil }
      let rest = text[range.upperBound...]
      return rest.firstIndex(of: end).map { rest[..<$0] }
    }
    guard let descriptor = value(after: "'descr': '", until: "'"), let shape = value(after: "'shape': (", until: ")") else { return nil }
    self.descriptor = String(descriptor)
    self.shape = shape.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
  }
}
