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

  /// The fuzzer's seeds: every file of `ioFixtures` (the committed reader fixtures) and every
  /// malformed input above, each prefixed with the selector byte of every reader that fits
  /// its kind (see ``ReaderFuzzing``).
  static func seeds(ioFixtures: String) throws -> [(name: String, input: [UInt8])] {
    var raw: [(name: String, bytes: [UInt8], selectors: [UInt8])] = []
    for (name, bytes) in try files(in: ioFixtures) {
      let selectors: [UInt8] = name.hasSuffix(".npy") ? [0, 1, 2, 0x08, 2 | 0x08] : name.hasSuffix(".mtx") ? [3, 4, 7, 4 | 0x38] : [5, 6, 6 | 0x08]
      raw.append((name, bytes, selectors))
    }
    for (name, bytes) in npy() { raw.append(("npy " + name, bytes, [0, 1, 2, 2 | 0x08])) }
    for (name, text, _) in matrixMarket { raw.append(("mtx " + name, Array(text.utf8), [3, 4, 7])) }
    for (name, text, _) in csv { raw.append(("csv " + name, Array(text.utf8), [5, 6])) }
    return raw.flatMap { file in file.selectors.map { ("\(file.name) as \($0)", [$0] + file.bytes) } }
  }
}
