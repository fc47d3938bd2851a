import Foundation

/// A NumPy `.npz` archive (`np.savez`, `np.savez_compressed`): a ZIP file with one `.npy`
/// file per array, named `NAME.npy`.
///
/// ```swift
/// let archive = try NumPyArchive(contentsOfFile: "weights.npz")
/// print(archive.names)                                  // ["w1", "b1"], as np.load(...).files
/// let w1 = try archive.matrix(named: "w1", as: Double.self)
/// let b1: [Float] = try archive.vector(named: "b1")
/// try NumPyArchive.write([("w1", w1.npyData())], to: "out.npz", compressed: true)
/// ```
///
/// Entries may be stored (`np.savez`) or deflated (`np.savez_compressed`, through the system
/// zlib), in plain or ZIP64 layout. Creating an archive parses and checks its directory and
/// every entry's header; an entry's data is inflated, and its CRC-32 checked, when it is read.
///
/// **Zip bomb limits** (``Limits``): before anything is inflated, a deflated entry may
/// declare at most ``Limits/standard``'s ``Limits/maximumExpansionRatio`` = 2000 bytes
/// uncompressed per compressed byte (deflate reaches about 1030:1 on zeros, so no honest
/// archive comes near it), and all entries together at most
/// ``Limits/maximumTotalUncompressedSize`` = half the physical memory. Inflation stops with
/// an error as soon as an entry would produce more than its declared size.
public struct NumPyArchive: Sendable {
  /// What an archive may declare before anything is inflated (zip bomb guard).
  public struct Limits: Sendable, Equatable {
    /// The largest uncompressed size of a deflated entry, as a multiple of its compressed
    /// size; 2000 in ``standard``.
    public var maximumExpansionRatio: Int
    /// The largest sum of all entries' uncompressed sizes, in bytes; half the physical
    /// memory in ``standard``.
    public var maximumTotalUncompressedSize: Int

    /// Limits with the given bounds; a ratio below 1 counts as 1 (stored size at most) and a
    /// negative total as 0.
    public init(maximumExpansionRatio: Int, maximumTotalUncompressedSize: Int) {
      self.maximumExpansionRatio = max(1, maximumExpansionRatio)
      self.maximumTotalUncompressedSize = max(0, maximumTotalUncompressedSize)
    }

    /// 2000:1 per deflated entry and half the physical memory in total.
    public static var standard: Limits {
      Limits(maximumExpansionRatio: 2000, maximumTotalUncompressedSize: Int(clamping: ProcessInfo.processInfo.physicalMemory / 2))
    }
  }

  let archive: ZipArchive

  /// The array names without the `.npy` suffix, in archive order, as `np.load(...).files`
  /// gives them (an entry whose name does not end in `.npy` keeps its whole name).
  public let names: [String]

  /// An archive from the bytes of a `.npz` file.
  ///
  /// - Parameter limits: the zip bomb limits, ``Limits/standard`` unless given.
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` with format
  ///   `.npz`, naming the byte offset or the entry, for: no end-of-central-directory record
  ///   in the last 65 557 bytes, trailing bytes after it, a central directory or entry
  ///   outside the data (a declared size larger than the data present), a local header
  ///   that disagrees with the central directory, overlapping entries, an encrypted entry,
  ///   a compression method other than 0 (stored) and 8 (deflate), multi-disk archives, two
  ///   entries of the same array name, and an entry beyond the `limits`.
  /// - Complexity: O(n log n) in the number of entries; no entry is inflated.
  public init(npzData: [UInt8], limits: Limits = .standard) throws {
    archive = try ZipArchive(
      npzData,
      limits: ZipArchive.Limits(maximumExpansionRatio: limits.maximumExpansionRatio, maximumTotalUncompressedSize: limits.maximumTotalUncompressedSize))
    var names: [String] = []
    var seen: Set<String> = []
    for entry in archive.entries {
      let name = entry.name.hasSuffix(".npy") ? String(entry.name.dropLast(4)) : entry.name
      guard seen.insert(name).inserted else {
        throw ZipArchive.malformed(entry: entry.name, "a second entry for the array '\(name)'; array names must be unique")
      }
      names.append(name)
    }
    self.names = names
  }

  /// An archive read from a `.npz` file; see ``init(npzData:limits:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when the file cannot be read,
  ///   and the errors of ``init(npzData:limits:)``.
  public init(contentsOfFile path: String, limits: Limits = .standard) throws {
    try self.init(npzData: FileAccess.readBytes(path), limits: limits)
  }

  /// The `.npy` bytes of the array `name` (with or without the `.npy` suffix, as `np.load`
  /// accepts either), inflated if compressed.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` listing the names
  ///   when there is no such array; ``BlockNumericsError/malformedInput(format:location:message:)``
  ///   naming the entry when its deflate stream is corrupt or cut off, inflates to more or
  ///   fewer bytes than declared, or its CRC-32 does not match.
  /// - Complexity: O(the entry's compressed + uncompressed size).
  public func npyData(named name: String) throws -> [UInt8] {
    var index = names.firstIndex(of: name)
    if index == nil, name.hasSuffix(".npy") { index = names.firstIndex(of: String(name.dropLast(4))) }
    guard let index else {
      let list = names.map { "'\($0)'" }.joined(separator: ", ")
      throw BlockNumericsError.invalidArgument(
        operation: "NumPyArchive.npyData(named:)", message: "no array named '\(name)' in the archive; it holds \(names.isEmpty ? "no arrays" : list)")
    }
    return try archive.data(of: archive.entries[index])
  }

  /// The array `name` as a matrix, as ``Matrix/init(npyData:)`` reads it (a 1-d array of
  /// length `n` becomes `1 × n`).
  /// - Throws: the errors of ``npyData(named:)``, and those of ``Matrix/init(npyData:)``
  ///   (format `.npy`) with "of entry 'NAME'" added to the location.
  /// - Complexity: O(the entry's size).
  public func matrix<Scalar: BLASScalar>(named name: String, as _: Scalar.Type = Scalar.self) throws -> Matrix<Scalar> {
    let bytes = try npyData(named: name)
    return try Self.inEntry(name) { try Matrix<Scalar>(npyData: bytes) }
  }

  /// The 1-d (or 0-d) array `name`, as ``NumPyFormat/vector(npyData:as:)`` reads it.
  /// - Throws: the errors of ``npyData(named:)`` and of ``NumPyFormat/vector(npyData:as:)``
  ///   with "of entry 'NAME'" added to the location.
  /// - Complexity: O(the entry's size).
  public func vector<Scalar: BLASScalar>(named name: String, as _: Scalar.Type = Scalar.self) throws -> [Scalar] {
    let bytes = try npyData(named: name)
    return try Self.inEntry(name) { try NumPyFormat.vector(npyData: bytes, as: Scalar.self) }
  }

  /// Every array of the archive as a matrix, keyed by name (``names`` has the order).
  /// - Throws: the first error of ``matrix(named:as:)`` over the arrays in archive order.
  /// - Complexity: O(the archive's uncompressed size).
  public func matrices<Scalar: BLASScalar>(as _: Scalar.Type = Scalar.self) throws -> [String: Matrix<Scalar>] {
    var result: [String: Matrix<Scalar>] = [:]
    for name in names { result[name] = try matrix(named: name, as: Scalar.self) }
    return result
  }

  /// Runs `read` on an entry's `.npy` bytes, naming the entry in a malformed-input error.
  static func inEntry<T>(_ name: String, _ read: () throws -> T) throws -> T {
    do {
      return try read()
    } catch let BlockNumericsError.malformedInput(format, location, message) {
      throw BlockNumericsError.malformedInput(format: format, location: "\(location) of entry '\(name)'", message: message)
    }
  }

  // MARK: writing

  /// The bytes of a `.npz` archive holding `arrays` in this order, each as the entry
  /// `NAME.npy`, as `np.savez` (`compressed: false`, entries stored) or
  /// `np.savez_compressed` (`compressed: true`, deflated) lays it out; `numpy.load` and
  /// Python's `zipfile` read it. CRC-32 and exact sizes are written; ZIP64 fields only where
  /// a size or offset needs them (4 GiB and beyond). The same arrays give the same bytes.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for a name that is
  ///   empty, contains `/` or NUL, or is longer than 65 531 UTF-8 bytes, for two arrays of
  ///   the same name, and for data that does not start with the `.npy` magic string.
  /// - Complexity: O(total size).
  public static func npzData(_ arrays: [(name: String, npyData: [UInt8])], compressed: Bool) throws -> [UInt8] {
    try ZipArchive.encode(checked(arrays), compressed: compressed)
  }

  /// The bytes of a `.npz` archive of `matrices`, each written by ``Matrix/npyData(version:)``
  /// as a 2-d array; see the `.npy`-bytes variant of `npzData(_:compressed:)`.
  /// - Throws: the errors of the `.npy`-bytes variant.
  /// - Complexity: O(total size).
  public static func npzData<Scalar: BLASScalar>(_ matrices: [(name: String, matrix: Matrix<Scalar>)], compressed: Bool) throws -> [UInt8] {
    try npzData(matrices.map { (name: $0.name, npyData: $0.matrix.npyData()) }, compressed: compressed)
  }

  /// Writes the `.npz` archive of `arrays` (see ``npzData(_:compressed:)``) to `path`,
  /// replacing it.
  /// - Throws: the errors of ``npzData(_:compressed:)``, and
  ///   ``BlockNumericsError/fileAccess(path:message:)`` when the file cannot be written.
  /// - Complexity: O(total size).
  public static func write(_ arrays: [(name: String, npyData: [UInt8])], to path: String, compressed: Bool) throws {
    try FileAccess.write(npzData(arrays, compressed: compressed), to: path)
  }

  static let npyMagic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// `arrays` as ZIP entries `NAME.npy`, after checking names and magic strings.
  static func checked(_ arrays: [(name: String, npyData: [UInt8])]) throws -> [(name: String, data: [UInt8])] {
    var seen: Set<String> = []
    return try arrays.map { name, data in
      func refuse(_ message: String) -> BlockNumericsError {
        .invalidArgument(operation: "NumPyArchive.npzData", message: message)
      }
      guard !name.isEmpty else { throw refuse("an array name is empty; np.savez names unnamed arrays arr_0, arr_1, …") }
      guard !name.contains("/"), !name.contains("\0") else {
        throw refuse("the array name '\(name.replacingOccurrences(of: "\0", with: "\\0"))' contains '/' or NUL, which are not allowed in an entry name")
      }
      guard name.utf8.count <= 65_531 else { throw refuse("an array name of \(name.utf8.count) UTF-8 bytes is longer than the 65 531 a ZIP entry name allows with '.npy'") }
      guard seen.insert(name).inserted else { throw refuse("the array name '\(name)' is given twice; names must be unique") }
      guard data.starts(with: npyMagic) else {
        throw refuse("the data for '\(name)' is not a .npy file (no \\x93NUMPY magic string); write Matrix.npyData() or NumPyFormat.data(vector:)")
      }
      return (name: name + ".npy", data: data)
    }
  }
}
