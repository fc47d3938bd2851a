import Foundation
import Testing
@testable import BlockNumerics

@Suite struct NumPyArchiveTests {
  static let fixtureNames = ["savez.npz": ["weights", "arr_0", "arr_1"], "savez_compressed.npz": ["weights", "zeros", "arr_0", "arr_1"]]

  static func expectedBytes(_ name: String) throws -> [UInt8] {
    try FileAccess.readBytes(Fixtures.path("npz/expected_\(name).npy"))
  }

  /// Whether `error` is a malformed-input error of `format` whose location starts with
  /// `location` and whose message contains `message`.
  static func isMalformed(_ error: any Error, format: String = ".npz", location: String, message: String) -> Bool {
    guard case .malformedInput(let f, let l, let m) = error as? BlockNumericsError else { return false }
    return f == format && l.hasPrefix(location) && m.contains(message)
  }

  @Test(arguments: ["savez.npz", "savez_compressed.npz"])
  func readsWhatNumPySaved(file: String) throws {
    let archive = try NumPyArchive(contentsOfFile: Fixtures.path("npz/\(file)"))
    #expect(archive.names == Self.fixtureNames[file]!, "np.load(...).files order")
    for name in archive.names {
      // Each entry is, byte for byte, what np.save writes for the same array.
      #expect(try archive.npyData(named: name) == Self.expectedBytes(name), "\(file): \(name)")
      #expect(try archive.npyData(named: name + ".npy") == Self.expectedBytes(name), "the .npy suffix is accepted too")
    }
    let matrix = try archive.matrix(named: "arr_0", as: Double.self)
    #expect(matrix.shape == (3, 4))
    #expect(matrix.elements.map(\.bitPattern) == (try Fixtures.matrix("npz/expected_arr_0.npy", as: Double.self)).elements.map(\.bitPattern))
    let vector = try archive.vector(named: "arr_1", as: Double.self)
    #expect(vector.map(\.bitPattern) == [1.5, -0.0, .infinity, 5e-324, -2.25].map(\.bitPattern))
    let weights: Matrix<Float> = try archive.matrix(named: "weights")
    let expectedWeights = try Fixtures.matrix("npz/expected_weights.npy", as: Float.self)
    #expect(weights.shape == (2, 3) && weights == expectedWeights)
    let all = try archive.matrices(as: Double.self)
    #expect(all.keys.sorted() == archive.names.sorted())
    #expect(all["arr_1"].map { $0.rows == 1 && $0.columns == 5 } == true)
    #expect(all["weights"]?.elements == weights.elements.map(Double.init), "float32 entries convert exactly")
    #expect(archive.archive.entries.allSatisfy { $0.method == (file == "savez.npz" ? 0 : 8) })
  }

  @Test func aNumPyArchiveRoundTripsThroughOurWriterByteExact() throws {
    let numpy = try NumPyArchive(contentsOfFile: Fixtures.path("npz/savez_compressed.npz"))
    let arrays = try numpy.names.map { (name: $0, npyData: try numpy.npyData(named: $0)) }
    for compressed in [false, true] {
      try Fixtures.withTemporaryPath("copy.npz") { path in
        try NumPyArchive.write(arrays, to: path, compressed: compressed)
        let again = try NumPyArchive(contentsOfFile: path)
        #expect(again.names == numpy.names)
        for name in numpy.names {
          #expect(try again.npyData(named: name) == numpy.npyData(named: name))
        }
        let values = try again.matrices(as: Double.self), original = try numpy.matrices(as: Double.self)
        for name in numpy.names { #expect(values[name]!.elements.map(\.bitPattern) == original[name]!.elements.map(\.bitPattern)) }
      }
    }
  }

  func checkRoundTrips<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let a = Matrix<Scalar>.random(rows: 7, columns: 5, in: -3..<3, seed: 11)
    let b = Matrix<Scalar>(rows: 0, columns: 4)
    let c = Matrix<Scalar>(rows: 100, columns: 100)  // zeros: deflate shrinks them a lot
    let vector: [Scalar] = [1, -2.5, .nan, .infinity]
    for compressed in [false, true] {
      var bytes = try NumPyArchive.npzData([(name: "a", matrix: a), (name: "b", matrix: b), (name: "c", matrix: c)], compressed: compressed)
      #expect(try NumPyArchive.npzData([(name: "a", matrix: a), (name: "b", matrix: b), (name: "c", matrix: c)], compressed: compressed) == bytes,
              "the same arrays give the same bytes")
      if compressed { #expect(bytes.count < c.count * MemoryLayout<Scalar>.size / 20) }
      var archive = try NumPyArchive(npzData: bytes)
      #expect(archive.names == ["a", "b", "c"])
      #expect(try archive.matrix(named: "a", as: Scalar.self) == a)
      #expect(try archive.matrix(named: "b", as: Scalar.self).shape == (0, 4))
      #expect(try archive.matrices(as: Scalar.self) == ["a": a, "b": b, "c": c])
      bytes = try NumPyArchive.npzData([(name: "v", npyData: NumPyFormat.data(vector: vector)), (name: "größe", npyData: a.npyData())], compressed: compressed)
      archive = try NumPyArchive(npzData: bytes)
      #expect(archive.names == ["v", "größe"])
      #expect(ReaderFuzzing.sameBits(try archive.vector(named: "v", as: Scalar.self), vector))
      #expect(try archive.matrix(named: "größe", as: Scalar.self) == a)
      #expect(try NumPyArchive(npzData: NumPyArchive.npzData([], compressed: compressed)).names.isEmpty)
    }
  }

  @Test func writeThenReadRoundTrips() throws {
    try checkRoundTrips(Float.self)
    try checkRoundTrips(Double.self)
  }

  @Test func writesTheLayoutOfNumPy() throws {
    let a = try FileAccess.readBytes(Fixtures.path("npz/expected_arr_0.npy"))
    for compressed in [false, true] {
      let bytes = try NumPyArchive.npzData([(name: "arr_0", npyData: a)], compressed: compressed)
      let zip = try ZipArchive(bytes, limits: ZipArchive.Limits(maximumExpansionRatio: 2000, maximumTotalUncompressedSize: 1 << 20))
      let entry = try #require(zip.entries.first)
      #expect(entry.name == "arr_0.npy" && entry.method == (compressed ? 8 : 0) && entry.headerOffset == 0)
      #expect(entry.crc32 == Deflate.crc32(a) && entry.uncompressedSize == a.count)
      // Plain 32-bit fields (version 2.0, no extra field) while nothing needs ZIP64.
      #expect(ZipArchive.u16(bytes, 4) == 20 && ZipArchive.u16(bytes, 28) == 0)
      if !compressed { #expect(Array(bytes[entry.dataOffset..<entry.dataOffset + a.count]) == a) }
    }
    // ZIP64 fields and end records, as a writer must use past 4 GiB, read back the same.
    for compressed in [false, true] {
      let bytes = ZipArchive.encode([(name: "arr_0.npy", data: a), (name: "b.npy", data: a)], compressed: compressed, zip64Threshold: 0)
      #expect(ZipArchive.u32(bytes, bytes.count - 42) == ZipArchive.zip64LocatorSignature)
      let archive = try NumPyArchive(npzData: bytes)
      #expect(archive.names == ["arr_0", "b"])
      #expect(try archive.npyData(named: "b") == a)
    }
  }

  @Test func unknownNamesThrowListingTheNames() throws {
    let archive = try NumPyArchive(contentsOfFile: Fixtures.path("npz/savez.npz"))
    #expect {
      try archive.npyData(named: "arr_2")
    } throws: { error in
      guard case .invalidArgument(_, let message) = error as? BlockNumericsError else { return false }
      return message.contains("'arr_2'") && message.contains("'weights', 'arr_0', 'arr_1'")
    }
    #expect(throws: BlockNumericsError.self) { try archive.matrix(named: "missing", as: Double.self) }
  }

  @Test func malformedArchivesThrowNamingWhereAndWhat() {
    let corpus = ReaderCorpora.npz()
    #expect(corpus.count >= 30)
    for (name, bytes, location, message) in corpus {
      #expect(
        "\(name)",
        performing: {
          let archive = try NumPyArchive(npzData: bytes)
          for array in archive.names { _ = try archive.npyData(named: array) }
        },
        throws: { error in
          let matches = Self.isMalformed(error, location: location, message: message)
          if !matches { print("\(name): \(error)") }
          return matches
        })
    }
  }

  @Test func zipBombLimits() throws {
    #expect(NumPyArchive.Limits.standard.maximumExpansionRatio == 2000)
    #expect(NumPyArchive.Limits.standard.maximumTotalUncompressedSize == Int(ProcessInfo.processInfo.physicalMemory / 2))
    // Deflate's best case, 4 MiB of zeros, stays well below 2000:1 and reads.
    let zeros = Matrix<Double>(rows: 512, columns: 1024)
    let bytes = try NumPyArchive.npzData([(name: "zeros", matrix: zeros)], compressed: true)
    let entry = try ZipArchive(bytes, limits: .init(maximumExpansionRatio: 2000, maximumTotalUncompressedSize: 1 << 30)).entries[0]
    #expect(entry.uncompressedSize / entry.compressedSize > 500 && entry.uncompressedSize / entry.compressedSize < 1100)
    #expect(try NumPyArchive(npzData: bytes).matrix(named: "zeros", as: Double.self) == zeros)
    // Tighter limits refuse it before inflating anything.
    #expect {
      try NumPyArchive(npzData: bytes, limits: .init(maximumExpansionRatio: 100, maximumTotalUncompressedSize: 1 << 30))
    } throws: { Self.isMalformed($0, location: "entry 'zeros.npy'", message: "maximum expansion ratio of 100:1") }
    let two = try NumPyArchive.npzData([(name: "a", matrix: zeros), (name: "b", matrix: zeros)], compressed: false)
    let size = zeros.npyData().count
    #expect(try NumPyArchive(npzData: two, limits: .init(maximumExpansionRatio: 1, maximumTotalUncompressedSize: 2 * size)).names == ["a", "b"])
    #expect {
      try NumPyArchive(npzData: two, limits: .init(maximumExpansionRatio: 2000, maximumTotalUncompressedSize: 2 * size - 1))
    } throws: { Self.isMalformed($0, location: "entry 'b.npy'", message: "add up to more than the limit of \(2 * size - 1) bytes") }
  }

  @Test func entriesAreInflatedAndCheckedOnlyWhenRead() throws {
    let a = Matrix<Double>.identity(3).npyData(), b = Matrix<Double>.identity(2).npyData()
    var bytes = try NumPyArchive.npzData([(name: "a", npyData: a), (name: "b", npyData: b)], compressed: true)
    let entry = try ZipArchive(bytes, limits: .init(maximumExpansionRatio: 2000, maximumTotalUncompressedSize: 1 << 20)).entries[0]
    bytes[entry.dataOffset] ^= 0xFF  // corrupt a's deflate stream only
    let archive = try NumPyArchive(npzData: bytes)
    #expect(archive.names == ["a", "b"])
    #expect(try archive.matrix(named: "b", as: Double.self) == Matrix<Double>.identity(2))
    #expect(throws: BlockNumericsError.self) { try archive.npyData(named: "a") }
    #expect(throws: BlockNumericsError.self) { try archive.matrices(as: Double.self) }
  }

  @Test func limitsClampTheirBounds() {
    let limits = NumPyArchive.Limits(maximumExpansionRatio: 0, maximumTotalUncompressedSize: -5)
    #expect(limits.maximumExpansionRatio == 1 && limits.maximumTotalUncompressedSize == 0)
  }

  @Test func invalidNamesAndDataAreRefusedOnWrite() {
    let a = Matrix<Double>.identity(2).npyData()
    let cases: [(arrays: [(name: String, npyData: [UInt8])], message: String)] = [
      ([("", a)], "empty"),
      ([("x/y", a)], "contains '/' or NUL"),
      ([("x\0y", a)], "contains '/' or NUL"),
      ([("x", a), ("x", a)], "given twice"),
      ([(String(repeating: "n", count: 65_532), a)], "longer than the 65 531"),
      ([("x", Array("not npy".utf8))], "is not a .npy file"),
    ]
    for (arrays, message) in cases {
      for compressed in [false, true] {
        #expect {
          try NumPyArchive.npzData(arrays, compressed: compressed)
        } throws: { error in
          guard case .invalidArgument(_, let text) = error as? BlockNumericsError else { return false }
          return text.contains(message)
        }
      }
    }
    #expect(throws: BlockNumericsError.self) { try NumPyArchive.write([("a", a)], to: "/nonexistent/dir/a.npz", compressed: false) }
    #expect {
      try NumPyArchive(contentsOfFile: "/nonexistent/file.npz")
    } throws: { error in
      if case .fileAccess(let path, _) = error as? BlockNumericsError { return path == "/nonexistent/file.npz" }
      return false
    }
  }

  @Test func anEntryThatIsNotANPYFileThrowsNamingTheEntry() throws {
    let bytes = ZipArchive.encode([(name: "notes.txt", data: Array("hello".utf8)), (name: "big.npy", data: Matrix<Double>.identity(2).npyData())], compressed: true)
    let archive = try NumPyArchive(npzData: bytes)
    #expect(archive.names == ["notes.txt", "big"])
    #expect(try archive.npyData(named: "notes.txt") == Array("hello".utf8))
    #expect {
      try archive.matrix(named: "notes.txt", as: Double.self)
    } throws: { Self.isMalformed($0, format: ".npy", location: "byte 5 of entry 'notes.txt'", message: "fewer than the 10") }
    #expect {
      try archive.vector(named: "big", as: Float.self)
    } throws: { Self.isMalformed($0, format: ".npy", location: "byte 10 of entry 'big'", message: "1-d") }
  }

  @Test func readsWhatOtherWritersMayDo() throws {
    let a = Matrix<Double>.identity(3).npyData()
    let valid = try NumPyArchive.npzData([(name: "a", npyData: a)], compressed: true)
    // A comment after the end record (its length in the record's last field).
    var commented = valid
    commented[commented.count - 2] = 4
    commented += Array("note".utf8)
    #expect(try NumPyArchive(npzData: commented).npyData(named: "a") == a)
    // A data descriptor (flag bit 3): the local header holds zeros, the directory the sizes.
    var streamed = valid
    let directory = Int(ZipArchive.u32(valid, valid.count - 6))
    streamed[6] |= 0x08
    streamed[directory + 8] |= 0x08
    for offset in 14..<26 { streamed[offset] = 0 }
    #expect(try NumPyArchive(npzData: streamed).npyData(named: "a") == a)
    // Names in code page 437 when the UTF-8 flag is clear, as Python's zipfile reads them.
    #expect(ZipArchive.codePage437.count == 128)
    var legacy = try NumPyArchive.npzData([(name: "x", npyData: a)], compressed: false)
    let legacyDirectory = Int(ZipArchive.u32(legacy, legacy.count - 6))
    legacy[30] = 0x80
    legacy[legacyDirectory + 46] = 0x80
    #expect(try NumPyArchive(npzData: legacy).names == ["Ç"])
  }

  @Test func unusualButValidArchivesRead() throws {
    let expectedNames = [
      "ZIP64 stored": ["a", "v"], "ZIP64 deflated": ["a", "v"], "data descriptor": ["a"], "comment": ["a"],
      "code page 437 name": ["Ç"], "no entries": [], "not a .npy entry": ["notes.txt", "v"], "folder in a name": ["dir/a", "a"],
    ]
    for (name, bytes) in ReaderCorpora.npzUnusual() {
      let archive = try NumPyArchive(npzData: bytes)
      #expect(archive.names == expectedNames[name], "\(name)")
      for array in archive.names { _ = try archive.npyData(named: array) }
    }
  }

  @Test func deflateAndCRCComeFromZlib() throws {
    #expect(Deflate.crc32(Array("123456789".utf8)) == 0xCBF4_3926, "the CRC-32 check value")
    let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7 % 251) }
    let compressed = Deflate.compress(data)
    #expect(try compressed.withUnsafeBytes { try Deflate.inflate($0, expectedCount: data.count) } == data)
    #expect(try Deflate.compress([]).withUnsafeBytes { try Deflate.inflate($0, expectedCount: 0) }.isEmpty)
    #expect(throws: Deflate.Failure(message: "the deflate stream ends 2 bytes before the end of the declared compressed data")) {
      try (compressed + [0, 0]).withUnsafeBytes { try Deflate.inflate($0, expectedCount: data.count) }
    }
    #expect(throws: Deflate.Failure.self) { try [UInt8]().withUnsafeBytes { try Deflate.inflate($0, expectedCount: 0) } }
  }
}
