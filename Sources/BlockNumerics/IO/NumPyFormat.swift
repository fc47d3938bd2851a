/// The NumPy `.npy` format: a magic string, a version, a header that is a Python dict
/// literal, then the array's raw bytes.
///
/// ```
///  byte 0      6        8                     8 + 2 (v1) or 8 + 4 (v2, v3)
///  ┌──────────┬──┬──┬────────────┬─────────────────────────────────┬──────────────┐
///  │ \x93NUMPY│ma│mi│ header len │ {'descr': '<f8', 'fortran_order':│ data, C order│
///  │          │  │  │ (LE u16/32)│  False, 'shape': (3, 4), }  ...\n│              │
///  └──────────┴──┴──┴────────────┴─────────────────────────────────┴──────────────┘
/// ```
///
/// BlockNumerics reads every numeric dtype NumPy writes without pickling — float16, float32,
/// float64, signed and unsigned integers of 1, 2, 4 and 8 bytes, and bool, in either byte
/// order — in C or Fortran order, 0-d, 1-d and 2-d, format versions 1.0, 2.0 and 3.0; it
/// writes little-endian `float32` (`<f4`) and `float64` (`<f8`) in C order. Object arrays,
/// structured dtypes, complex, datetime and string dtypes are refused with a message naming
/// the kind.
public enum NumPyFormat {
  /// The header's three fields.
  public struct Header: Equatable, Sendable {
    /// The dtype descriptor as the file states it (`numpy.dtype.str`): a byte-order mark
    /// (`<` little-endian, `>` big-endian, `|` not applicable), a kind letter and a size in
    /// bytes, e.g. `<f8`, `>i4`, `|u1`, `|b1`, `<f2`. Only a header whose descriptor names a
    /// numeric real dtype parses; see ``NumPyFormat``.
    public var descriptor: String
    /// Whether the data is in Fortran (column-major) order: a 2-d array of shape `(r, c)`
    /// then stores element `(i, j)` at position `j·r + i`. Readers transpose it while
    /// converting, in one pass.
    public var fortranOrder: Bool
    /// The array's shape; `[]` for a 0-d array.
    public var shape: [Int]
  }

  /// Which `.npy` format version to write: 1.0 keeps the header under 64 KiB, 2.0 allows a
  /// larger one. `.automatic` writes 1.0 when the header fits, as NumPy does.
  public enum Version: Sendable {
    case automatic, v1, v2
  }

  static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// A parsed array: header plus where the data starts.
  struct Parsed {
    var header: Header
    var dtype: DType
    var elementCount: Int
    var dataOffset: Int

    /// Whether the stored order is the row-major order of the result: C order, or a
    /// Fortran-order array whose layout is the same (0-d, 1-d, or a single row or column).
    var storageIsRowMajor: Bool {
      !header.fortranOrder || header.shape.count < 2 || header.shape[0] <= 1 || header.shape[1] <= 1
    }
  }

  static func malformed(_ offset: Int, _ message: String) -> BlockNumericsError {
    .malformedInput(format: ".npy", location: "byte \(offset)", message: message)
  }

  /// Parses and checks the header of `bytes` against the data that follows it.
  static func parse(_ bytes: [UInt8]) throws -> Parsed {
    guard bytes.count >= 10 else {
      throw malformed(bytes.count, "the input has \(bytes.count) bytes, fewer than the 10 of the smallest .npy preamble")
    }
    guard Array(bytes[0..<6]) == magic else {
      throw malformed(0, "the magic string \\x93NUMPY is missing; this is not a .npy file")
    }
    let major = bytes[6]
    let minor = bytes[7]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw malformed(bytes.count, "a version \(major).\(minor) preamble needs 12 bytes, the input has \(bytes.count)") }
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
      headerStart = 12
    default:
      throw malformed(6, "format version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)")
    }
    guard headerLength <= bytes.count - headerStart else {
      throw malformed(8, "header length \(headerLength) runs past the end of the \(bytes.count)-byte input")
    }
    let headerBytes = bytes[headerStart..<headerStart + headerLength]
    guard major == 3 || headerBytes.allSatisfy({ $0 < 0x80 }) else {
      throw malformed(headerStart, "a version \(major).\(minor) header must be ASCII")
    }
    var parser = HeaderParser(text: String(decoding: headerBytes, as: UTF8.self), offset: headerStart)
    let header = try parser.parse()
    let dtype = try DType(descriptor: header.descriptor, offset: headerStart)
    let itemSize = dtype.size
    guard header.shape.count <= 2 else {
      throw malformed(headerStart, "a \(header.shape.count)-d array of shape \(header.shape) cannot be a matrix; only 0-d, 1-d and 2-d arrays can")
    }
    var count = 1
    for dimension in header.shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard !overflow else { throw malformed(headerStart, "shape \(header.shape) has more elements than Int can count") }
      count = product
    }
    let dataOffset = headerStart + headerLength
    let available = bytes.count - dataOffset
    let (needed, overflow) = count.multipliedReportingOverflow(by: itemSize)
    guard !overflow, needed <= available else {
      throw malformed(
        dataOffset, "shape \(header.shape) of \(header.descriptor) needs \(overflow ? "more than Int.max" : String(needed)) bytes of data, but only \(available) remain (truncated?)")
    }
    guard needed == available else {
      throw malformed(dataOffset + needed, "\(available - needed) bytes follow the \(needed) bytes of data that shape \(header.shape) declares")
    }
    return Parsed(header: header, dtype: dtype, elementCount: count, dataOffset: dataOffset)
  }

  /// A complete `.npy` file for `elements` of the given shape, in C order.
  static func encode<Scalar: BLASScalar>(_ elements: [Scalar], shape: [Int], version: Version) -> [UInt8] {
    let shapeText: String
    switch shape.count {
    case 1: shapeText = "(\(shape[0]),)"
    default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
    var header = Array("{'descr': '\(Scalar.numpyDescriptor)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
    let useVersion2: Bool
    switch version {
    case .automatic: useVersion2 = header.count + 11 > 65_535
    case .v1: useVersion2 = false
    case .v2: useVersion2 = true
    }
    let preamble = useVersion2 ? 12 : 10
    // Pad with spaces and end with a newline so the data starts on a 64-byte boundary.
    let total = (preamble + header.count + 1 + 63) / 64 * 64
    header += Array(repeating: UInt8(ascii: " "), count: total - preamble - header.count - 1) + [UInt8(ascii: "\n")]
    var bytes = magic + [useVersion2 ? 2 : 1, 0]
    let length = header.count
    bytes += useVersion2
      ? [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 24 & 0xFF)]
      : [UInt8(length & 0xFF), UInt8(length >> 8 & 0xFF)]
    bytes += header
    bytes.reserveCapacity(bytes.count + elements.count * MemoryLayout<Scalar>.size)
    for value in elements {
      if MemoryLayout<Scalar>.size == 8 {
        withUnsafeBytes(of: Double(value).bitPattern.littleEndian) { bytes += $0 }
      } else {
        withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes += $0 }
      }
    }
    return bytes
  }
}

/// Parses the header's Python dict literal: string keys; values that are strings,
/// `True`/`False`, or tuples of non-negative integers (with Python 2's `L` suffix allowed, as
/// old files have it: `(2L,)`).
private struct HeaderParser {
  let characters: [Character]
  let offset: Int
  var position = 0

  init(text: String, offset: Int) {
    characters = Array(text)
    self.offset = offset
  }

  private func fail(_ message: String) -> BlockNumericsError {
    NumPyFormat.malformed(offset + position, "header: \(message)")
  }

  private mutating func skipSpace() {
    while position < characters.count, characters[position].isWhitespace { position += 1 }
  }

  private mutating func expect(_ character: Character) throws {
    skipSpace()
    guard position < characters.count, characters[position] == character else {
      throw fail("expected '\(character)'\(position < characters.count ? ", found '\(characters[position])'" : " before the end")")
    }
    position += 1
  }

  private mutating func peek() -> Character? {
    skipSpace()
    return position < characters.count ? characters[position] : nil
  }

  private mutating func string() throws -> String {
    skipSpace()
    guard position < characters.count, characters[position] == "'" || characters[position] == "\"" else {
      throw fail("expected a quoted string")
    }
    let quote = characters[position]
    position += 1
    var value = ""
    while position < characters.count, characters[position] != quote {
      value.append(characters[position])
      position += 1
    }
    guard position < characters.count else { throw fail("unterminated string") }
    position += 1
    return value
  }

  private mutating func word() -> String {
    skipSpace()
    var value = ""
    while position < characters.count, characters[position].isLetter || characters[position].isNumber || characters[position] == "-" {
      value.append(characters[position])
      position += 1
    }
    return value
  }

  private mutating func tuple() throws -> [Int] {
    try expect("(")
    var values: [Int] = []
    while true {
      if peek() == ")" { position += 1; return values }
      var token = word()
      // Python 2 wrote long integers as 2L; numpy.load accepts them.
      if token.count > 1, token.last == "L" { token.removeLast() }
      guard let value = Int(token) else { throw fail("shape entry '\(token)' is not an integer") }
      guard value >= 0 else { throw fail("shape entry \(value) is negative") }
      values.append(value)
      if peek() == "," { position += 1 } else { try expect(")"); return values }
    }
  }

  mutating func parse() throws -> NumPyFormat.Header {
    var descriptor: String?
    var fortranOrder: Bool?
    var shape: [Int]?
    try expect("{")
    while peek() != "}" {
      let key = try string()
      try expect(":")
      switch key {
      case "descr":
        if peek() == "[" {
          throw fail("'descr' is a list of fields: a structured dtype (record array) cannot be a matrix; save one field, e.g. np.save(path, arr['x'])")
        }
        guard peek() == "'" || peek() == "\"" else { throw fail("'descr' must be a string") }
        descriptor = try string()
      case "fortran_order":
        switch word() {
        case "True": fortranOrder = true
        case "False": fortranOrder = false
        case let other: throw fail("'fortran_order' must be True or False, found '\(other)'")
        }
      case "shape":
        shape = try tuple()
      default:
        throw fail("unexpected key '\(key)'")
      }
      if peek() == "," { position += 1 } else { break }
    }
    try expect("}")
    guard let descriptor, let fortranOrder, let shape else {
      throw fail("'descr', 'fortran_order' and 'shape' are all required")
    }
    return NumPyFormat.Header(descriptor: descriptor, fortranOrder: fortranOrder, shape: shape)
  }
}
