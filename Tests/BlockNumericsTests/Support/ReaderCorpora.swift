// The malformed-input corpora of the IO tests and the seed corpus of the readers' fuzzer,
// shared by the test suite and the libFuzzer harness (Tests/Fuzz/ReadersFuzzer.swift, built
// by scripts/fuzz into one module with the library sources, hence no import there).
import Foundation
#if !BLOCKNUMERICS_FUZZER
@testable import BlockNumerics
#endif

/// Inputs every reader must handle: malformed files that must throw a typed error, and the
/// seeds the fuzzer starts from.
enum ReaderCorpora {
  /// Malformed `.npy` inputs made from a valid file, each of which must throw, never crash.
  static func npy() -> [(name: String, bytes: [UInt8])] {
    let valid = Matrix<Double>.random(rows: 2, columns: 3, seed: 1).npyData()
    func header(_ text: String, major: UInt8 = 1, data: Int = 0) -> [UInt8] {
      let body = Array(text.utf8)
      return NumPyFormat.magic + [major, 0, UInt8(body.count & 0xFF), UInt8(body.count >> 8)] + body + Array(repeating: 0, count: data)
    }
    return [
      ("empty", []),
      ("magic only", Array(valid.prefix(6))),
      ("truncated preamble", Array(valid.prefix(9))),
      ("wrong magic", [0x93] + Array("NUMPZ".utf8) + Array(valid.dropFirst(6))),
      ("version 4", Array(valid.prefix(6)) + [4, 0] + Array(valid.dropFirst(8))),
      ("header length past the end", Array(valid.prefix(8)) + [0xFF, 0xFF] + Array(valid.dropFirst(10))),
      ("truncated data", Array(valid.dropLast(1))),
      ("trailing bytes", valid + [0]),
      ("huge declared shape", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", data: 16)),
      ("overflowing shape", header("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 3), }")),
      ("negative dimension", header("{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 3), }")),
      ("non-numeric dimension", header("{'descr': '<f8', 'fortran_order': False, 'shape': (two, 3), }")),
      ("missing shape", header("{'descr': '<f8', 'fortran_order': False, }")),
      ("header not a dict", header("['descr', '<f8']")),
      ("unterminated string", header("{'descr: '<f8")),
      ("unknown key", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'extra': 1, }", data: 8)),
      ("complex dtype", header("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", data: 16)),
      ("object dtype", header("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", data: 8)),
      ("structured dtype", header("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", data: 8)),
      ("bad fortran_order", header("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }", data: 8)),
      ("non-ASCII v1 header", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'é': 1}", data: 8)),
      ("v2 preamble truncated", NumPyFormat.magic + [2, 0, 1, 0]),
      ("dtype without size", header("{'descr': '<i', 'fortran_order': False, 'shape': (1,), }", data: 8)),
      ("dtype with signed size", header("{'descr': '<f+8', 'fortran_order': False, 'shape': (1,), }", data: 8)),
      ("dtype byte order only", header("{'descr': '<', 'fortran_order': False, 'shape': (1,), }", data: 8)),
      ("empty dtype", header("{'descr': '', 'fortran_order': False, 'shape': (1,), }", data: 8)),
      ("unknown dtype letter", header("{'descr': '<x4', 'fortran_order': False, 'shape': (1,), }", data: 4)),
      ("3-byte integer", header("{'descr': '<i3', 'fortran_order': False, 'shape': (1,), }", data: 3)),
      ("2-byte bool", header("{'descr': '|b2', 'fortran_order': False, 'shape': (1,), }", data: 2)),
      ("long double", header("{'descr': '<f16', 'fortran_order': False, 'shape': (1,), }", data: 16)),
      ("datetime dtype", header("{'descr': '<M8[D]', 'fortran_order': False, 'shape': (1,), }", data: 8)),
      ("string dtype", header("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }", data: 12)),
      ("truncated int32 data", header("{'descr': '>i4', 'fortran_order': False, 'shape': (3,), }", data: 8)),
      ("int16 trailing byte", header("{'descr': '<i2', 'fortran_order': True, 'shape': (2, 2), }", data: 9)),
      ("Fortran 3-d", header("{'descr': '|u1', 'fortran_order': True, 'shape': (2, 1, 2), }", data: 4)),
      ("Python 2 long suffix alone", header("{'descr': '<f8', 'fortran_order': False, 'shape': (L,), }", data: 8)),
    ]
  }

  /// Malformed `.npz` archives made from valid ones, each with the start of the location its
  /// error must name (`byte …` or `entry '…'`) and a phrase of its message. Some fail when
  /// the archive is opened, some (the data's faults) when an entry is read.
  static func npz() -> [(name: String, bytes: [UInt8], location: String, message: String)] {
    let a = Matrix<Double>.random(rows: 2, columns: 3, seed: 1).npyData()
    let b = NumPyFormat.data(vector: [Float](repeating: 0.5, count: 64))
    // Two entries, a.npy and b.npy; names of 5 bytes put the second directory header 51
    // bytes after the first.
    let stored = try! NumPyArchive.npzData([("a", a), ("b", b)], compressed: false)
    let deflated = try! NumPyArchive.npzData([("a", a), ("b", b)], compressed: true)
    let limits = ZipArchive.Limits(maximumExpansionRatio: 2000, maximumTotalUncompressedSize: 1 << 30)
    let entries = try! ZipArchive(deflated, limits: limits).entries
    let (a0, b0) = (entries[0], entries[1])
    let end = deflated.count - 22
    let directory = Int(ZipArchive.u32(deflated, end + 16))
    let (centralA, centralB) = (directory, directory + 51)

    func patched(_ bytes: [UInt8], _ changes: [(offset: Int, value: UInt64, width: Int)]) -> [UInt8] {
      var bytes = bytes
      for (offset, value, width) in changes {
        for index in 0..<width { bytes[offset + index] = UInt8(value >> (8 * UInt64(index)) & 0xFF) }
      }
      return bytes
    }
    // The same 32-bit field of an entry's directory header and local header.
    func both(_ entry: ZipArchive.Entry, central: Int, centralField: Int, localField: Int, _ value: UInt64, width: Int = 4) -> [(Int, UInt64, Int)] {
      [(central + centralField, value, width), (entry.headerOffset + localField, value, width)]
    }
    let onlyA = try! NumPyArchive.npzData([("a", a)], compressed: false)
    let onlyADirectory = Int(ZipArchive.u32(onlyA, onlyA.count - 22 + 16))
    let onlyAHeader = Array(onlyA[onlyADirectory..<onlyA.count - 22])
    let twice = Array(onlyA[..<onlyADirectory]) + onlyAHeader + onlyAHeader
      + patched(Array(onlyA.suffix(22)), [(8, 2, 2), (10, 2, 2), (12, UInt64(2 * onlyAHeader.count), 4)])
    let zip64 = ZipArchive.encode([(name: "a.npy", data: a)], compressed: true, zip64Threshold: 0)
    let locator = zip64.count - 22 - 20
    let storedDirectory = Int(ZipArchive.u32(stored, stored.count - 6))
    let nonUTF8 = patched(stored, [(storedDirectory + 8, 0x0800, 2), (6, 0x0800, 2), (storedDirectory + 46, 0xFF, 1), (30, 0xFF, 1)])

    return [
      ("empty", [], "byte 0", "fewer than the 22"),
      ("not a zip", a, "byte", "no end-of-central-directory record"),
      ("bad end-of-central-directory signature", patched(deflated, [(end, 0x0605_4B51, 4)]), "byte", "no end-of-central-directory record"),
      ("truncated archive", Array(deflated.dropLast(10)), "byte", "no end-of-central-directory record"),
      ("trailing garbage", deflated + [0, 1, 2], "byte \(deflated.count)", "trailing garbage"),
      ("comment past the end", patched(deflated, [(end + 20, 5, 2)]), "byte \(end + 20)", "runs past the end"),
      ("multi-disk", patched(deflated, [(end + 4, 1, 2)]), "byte \(end + 4)", "multi-disk"),
      ("truncated central directory", Array(deflated[..<(directory + 30)]) + deflated.suffix(22), "byte", "runs past byte"),
      ("central directory offset beyond the data", patched(deflated, [(end + 16, UInt64(deflated.count + 100), 4)]), "byte \(end + 12)", "runs past byte"),
      ("central directory smaller than declared", patched(deflated, [(end + 12, UInt64(end - directory - 1), 4)]), "byte \(end + 12)", "ends at byte"),
      ("fewer entries than the directory holds", patched(deflated, [(end + 8, 1, 2), (end + 10, 1, 2)]), "byte \(centralB)", "the end record says it ends at"),
      ("more entries than fit", patched(deflated, [(end + 8, 1000, 2), (end + 10, 1000, 2)]), "byte \(directory)", "cannot hold the 1000 entries"),
      ("bad central header signature", patched(deflated, [(centralB, 0x0201_4B51, 4)]), "byte \(centralB)", "no signature PK\\1\\2"),
      ("name past the directory", patched(deflated, [(centralB + 28, 200, 2)]), "byte \(centralB + 28)", "run past the end of the central directory"),
      ("local header offset in the directory", patched(deflated, [(centralB + 42, UInt64(directory - 10), 4)]), "entry 'b.npy'", "leaves no room for a 30-byte header"),
      ("no local header signature", patched(deflated, [(b0.headerOffset, 0x0403_4B51, 4)]), "entry 'b.npy'", "no local header"),
      ("local header names another entry", patched(deflated, [(b0.headerOffset + 30, UInt64(UInt8(ascii: "c")), 1)]), "entry 'b.npy'", "names it 'c.npy'"),
      ("local header method differs", patched(deflated, [(a0.headerOffset + 8, 0, 2)]), "entry 'a.npy'", "central directory and local header disagree"),
      ("local header CRC-32 differs", patched(deflated, [(a0.headerOffset + 14, 0x1234_5678, 4)]), "entry 'a.npy'", "central directory and local header disagree"),
      ("declared compressed size larger than the data",
       patched(deflated, both(b0, central: centralB, centralField: 20, localField: 18, UInt64(b0.compressedSize + 1000))), "entry 'b.npy'", "only"),
      ("stored sizes differ", patched(stored, both(entries[0], central: storedDirectory, centralField: 24, localField: 22, 7)), "entry 'a.npy'", "stored (not compressed)"),
      ("unsupported method", patched(deflated, both(a0, central: centralA, centralField: 10, localField: 8, 12, width: 2)), "entry 'a.npy'", "compression method 12 (bzip2) is not supported"),
      ("encrypted", patched(deflated, both(a0, central: centralA, centralField: 8, localField: 6, 1, width: 2)), "entry 'a.npy'", "encrypted"),
      ("zip bomb ratio", patched(deflated, both(a0, central: centralA, centralField: 24, localField: 22, UInt64(a0.compressedSize * 2000 + 1))), "entry 'a.npy'", "maximum expansion ratio of 2000:1"),
      ("overlapping entries", twice, "entry 'a.npy'", "must not overlap"),
      ("duplicate array names", ZipArchive.encode([(name: "x.npy", data: a), (name: "x", data: a)], compressed: false), "entry 'x'", "a second entry for the array 'x'"),
      ("name not UTF-8", nonUTF8, "byte \(storedDirectory + 46)", "not valid UTF-8"),
      ("ZIP64 sizes without a ZIP64 field", patched(deflated, [(centralA + 20, 0xFFFF_FFFF, 4)]), "entry 'a.npy'", "lacks the ZIP64 values"),
      ("ZIP64 locator pointing nowhere", patched(zip64, [(locator + 8, 3, 8)]), "byte \(3)", "no ZIP64 end-of-central-directory record"),
      ("ZIP64 locator past itself", patched(zip64, [(locator + 8, UInt64(locator - 10), 8)]), "byte \(locator + 8)", "leaves no room"),
      // Faults of the data, found when the entry is read.
      ("CRC-32 mismatch", patched(deflated, both(a0, central: centralA, centralField: 16, localField: 14, UInt64(a0.crc32 ^ 1))), "entry 'a.npy'", "CRC-32 mismatch"),
      ("stored CRC-32 mismatch", patched(stored, both(entries[0], central: storedDirectory, centralField: 16, localField: 14, UInt64(a0.crc32 ^ 0x100))), "entry 'a.npy'", "CRC-32 mismatch"),
      ("inflates to more than declared", patched(deflated, both(a0, central: centralA, centralField: 24, localField: 22, UInt64(a0.uncompressedSize - 1))), "entry 'a.npy'", "inflates to more than the declared"),
      ("inflates to fewer than declared", patched(deflated, both(a0, central: centralA, centralField: 24, localField: 22, UInt64(a0.uncompressedSize + 1))), "entry 'a.npy'", "fewer than the declared"),
      ("corrupt deflate stream", patched(deflated, [(a0.dataOffset, 0xFF, 1)]), "entry 'a.npy'", "corrupt"),
      ("cut-off deflate stream", patched(deflated, both(a0, central: centralA, centralField: 20, localField: 18, UInt64(a0.compressedSize - 3))), "entry 'a.npy'", "cut off"),
    ]
  }

  /// Valid `.npz` archives laid out as other writers may: ZIP64 end records and fields, a
  /// data descriptor, an archive comment, a code page 437 name, no entries, an entry that is
  /// not a `.npy` file, a name with a folder. Each must open and every entry read.
  static func npzUnusual() -> [(name: String, bytes: [UInt8])] {
    let a = Matrix<Double>.random(rows: 3, columns: 2, seed: 2).npyData()
    let v = NumPyFormat.data(vector: [Float](repeating: 1, count: 300))
    var streamed = ZipArchive.encode([(name: "a.npy", data: a)], compressed: true)
    let directory = Int(ZipArchive.u32(streamed, streamed.count - 6))
    streamed[6] |= 0x08
    streamed[directory + 8] |= 0x08
    for offset in 14..<26 { streamed[offset] = 0 }
    var commented = ZipArchive.encode([(name: "a.npy", data: a)], compressed: false)
    commented[commented.count - 2] = 7
    commented += Array("comment".utf8)
    var legacy = ZipArchive.encode([(name: "x.npy", data: a)], compressed: false)
    legacy[30] = 0x80
    legacy[Int(ZipArchive.u32(legacy, legacy.count - 6)) + 46] = 0x80
    return [
      ("ZIP64 stored", ZipArchive.encode([(name: "a.npy", data: a), (name: "v.npy", data: v)], compressed: false, zip64Threshold: 0)),
      ("ZIP64 deflated", ZipArchive.encode([(name: "a.npy", data: a), (name: "v.npy", data: v)], compressed: true, zip64Threshold: 0)),
      ("data descriptor", streamed),
      ("comment", commented),
      ("code page 437 name", legacy),
      ("no entries", ZipArchive.encode([], compressed: false)),
      ("not a .npy entry", ZipArchive.encode([(name: "notes.txt", data: Array("hello".utf8)), (name: "v.npy", data: v)], compressed: true)),
      ("folder in a name", ZipArchive.encode([(name: "dir/a.npy", data: a), (name: "a.npy", data: a)], compressed: false)),
    ]
  }

  /// Malformed Matrix Market files and the line each error must name.
  static let matrixMarket: [(name: String, text: String, line: Int)] = [
    ("empty", "", 1),
    ("no banner", "3 3 1\n1 1 1\n", 1),
    ("matrix word missing", "%%MatrixMarket vector coordinate real general\n", 1),
    ("complex field", "%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", 1),
    ("hermitian", "%%MatrixMarket matrix coordinate real hermitian\n1 1 1\n1 1 1\n", 1),
    ("unknown format", "%%MatrixMarket matrix dense real general\n", 1),
    ("no size line", "%%MatrixMarket matrix coordinate real general\n% only a comment\n", 2),
    ("size line non-numeric", "%%MatrixMarket matrix coordinate real general\nthree 3 1\n1 1 1\n", 2),
    ("size line too short", "%%MatrixMarket matrix coordinate real general\n3 3\n", 2),
    ("negative size", "%%MatrixMarket matrix coordinate real general\n-3 3 0\n", 2),
    ("huge declared count, few lines", "%%MatrixMarket matrix coordinate real general\n1000000000 1000000000 1000000000000\n1 1 1\n", 3),
    ("huge array", "%%MatrixMarket matrix array real general\n1000000 1000000\n1\n2\n", 4),
    ("non-numeric value", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 abc\n", 3),
    ("non-integer in integer field", "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", 3),
    ("index zero", "%%MatrixMarket matrix coordinate real general\n2 2 1\n0 1 1\n", 3),
    ("index past the shape", "%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n", 3),
    ("too few fields", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1\n", 3),
    ("too many fields", "%%MatrixMarket matrix array real general\n1 2\n1 2\n", 3),
    ("too many entries", "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 1\n2 2 2\n", 4),
    ("too few entries", "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n2 2 2\n", 4),
    ("upper triangle in symmetric", "%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n1 2 1\n", 3),
    ("non-square symmetric", "%%MatrixMarket matrix coordinate real symmetric\n2 3 0\n", 2),
    ("diagonal in skew-symmetric", "%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 1\n", 3),
    ("pattern array", "%%MatrixMarket matrix array pattern general\n1 1\n", 1),
  ]

  /// Malformed CSV files and the place each error must name.
  static let csv: [(name: String, text: String, location: String)] = [
    ("ragged", "1,2,3\n4,5\n", "line 2"),
    ("non-numeric", "1,2\n3,x\n", "line 2, field 2"),
    ("empty field", "1,,3\n", "line 1, field 2"),
    ("trailing separator", "1,2,\n", "line 1, field 3"),
    ("header not skipped", "a,b\n1,2\n", "line 1, field 1"),
  ]

  /// The files of a folder, sorted, as `(name, bytes)` (README.md and hidden files left out).
  /// - Throws: when the folder or a file cannot be read, so a missing corpus fails loudly.
  static func files(in folder: String) throws -> [(name: String, bytes: [UInt8])] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    return try names.sorted().filter { !$0.hasPrefix(".") && $0 != "README.md" }.map { name in
      (name, try FileAccess.readBytes("\(folder)/\(name)"))
    }
  }

  /// The fuzzer's seeds: every file of `ioFixtures` and `npzFixtures` (the committed reader
  /// fixtures) and every malformed input above, each prefixed with the selector byte of every
  /// reader that fits its kind (see ``ReaderFuzzing``).
  static func seeds(ioFixtures: String, npzFixtures: String) throws -> [(name: String, input: [UInt8])] {
    var raw: [(name: String, bytes: [UInt8], selectors: [UInt8])] = []
    for (name, bytes) in try files(in: ioFixtures) + files(in: npzFixtures) {
      let selectors: [UInt8] =
        name.hasSuffix(".npy") ? [0, 1, 2, 0x08, 2 | 0x08]
        : name.hasSuffix(".npz") ? ReaderFuzzing.npzSelectors
        : name.hasSuffix(".mtx") ? [3, 4, 7, 4 | 0x38] : [5, 6, 6 | 0x08]
      raw.append((name, bytes, selectors))
    }
    for (name, bytes) in npy() { raw.append(("npy " + name, bytes, [0, 1, 2, 2 | 0x08])) }
    for (name, bytes, _, _) in npz() { raw.append(("npz " + name, bytes, ReaderFuzzing.npzSelectors)) }
    for (name, bytes) in npzUnusual() { raw.append(("npz " + name, bytes, ReaderFuzzing.npzSelectors)) }
    for (name, text, _) in matrixMarket { raw.append(("mtx " + name, Array(text.utf8), [3, 4, 7])) }
    for (name, text, _) in csv { raw.append(("csv " + name, Array(text.utf8), [5, 6])) }
    return raw.flatMap { file in file.selectors.map { ("\(file.name) as \($0)", [$0] + file.bytes) } }
  }
}
