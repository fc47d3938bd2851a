extension NumPyFormat {
  /// The element type of a `.npy` array, parsed from its `descr` string (`numpy.dtype.str`):
  /// a byte-order mark, a kind letter and a size in bytes.
  ///
  /// ```
  ///  '<' little-endian   'f' float        2, 4, 8 bytes   ('<f2' '<f4' '<f8')
  ///  '>' big-endian      'i' signed int   1, 2, 4, 8      ('|i1' '>i2' '<i4' '<i8')
  ///  '|' not applicable  'u' unsigned     1, 2, 4, 8      ('|u1' '<u2' '<u4' '>u8')
  ///  '=' or none: native 'b' bool         1               ('|b1')
  /// ```
  ///
  /// Everything else — complex, datetime, timedelta, strings, raw bytes, objects, extended
  /// precision — is refused by ``init(descriptor:offset:)`` with a message naming the kind.
  struct DType: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
      case float, signedInteger, unsignedInteger, boolean
    }

    var kind: Kind
    /// Bytes per element: 1, 2, 4 or 8.
    var size: Int
    /// Whether multi-byte elements are stored most significant byte first.
    var bigEndian: Bool
    /// The descriptor as the file states it, for messages.
    var descriptor: String

    /// Parses `descriptor`; `offset` is the header's byte offset, for errors.
    /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` naming the
    ///   dtype and why it cannot be read as real numbers.
    init(descriptor: String, offset: Int) throws {
      self.descriptor = descriptor
      var rest = Substring(descriptor)
      let nativeBigEndian = 1.bigEndian == 1
      switch rest.first {
      case "<": bigEndian = false; rest = rest.dropFirst()
      case ">": bigEndian = true; rest = rest.dropFirst()
      case "|", "=": bigEndian = nativeBigEndian; rest = rest.dropFirst()
      default: bigEndian = nativeBigEndian
      }
      guard let letter = rest.first else {
        throw NumPyFormat.malformed(offset, "dtype '\(descriptor)' names no type")
      }
      let sizeText = rest.dropFirst()
      func refuse(_ why: String) -> BlockNumericsError {
        NumPyFormat.malformed(offset, "dtype '\(descriptor)' is \(why)")
      }
      switch letter {
      case "O": throw refuse("an object array (needs pickle); BlockNumerics reads numeric arrays only")
      case "c": throw refuse("complex, not real; save arr.real and arr.imag separately")
      case "M": throw refuse("datetime64, not a real number; save arr.astype('<i8') for the ticks")
      case "m": throw refuse("timedelta64, not a real number; save arr.astype('<i8') for the ticks")
      case "U", "S", "a": throw refuse("a string type, not numeric")
      case "V": throw refuse("raw bytes (void), not numeric")
      case "f", "i", "u", "b": break
      default: throw refuse("not a NumPy numeric dtype BlockNumerics knows")
      }
      guard sizeText.allSatisfy({ $0.isASCII && $0.isNumber }), let size = Int(sizeText) else {
        throw refuse("missing its size in bytes (expected e.g. '<f8')")
      }
      self.size = size
      switch (letter, size) {
      case ("f", 2), ("f", 4), ("f", 8): kind = .float
      case ("f", _):
        // A size from the file can be near Int.max: name the bits only where they can be counted.
        let bits = size <= Int.max / 8 ? "\(size * 8)-bit" : "\(size)-byte"
        throw refuse("a \(bits) float (long double); only float16, float32 and float64 are read")
      case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signedInteger
      case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsignedInteger
      case ("b", 1): kind = .boolean
      default: throw refuse("of an unsupported size; integers of 1, 2, 4 or 8 bytes and 1-byte bools are read")
      }
    }

    /// Whether every value of this dtype is an integer (integers and bools).
    var isInteger: Bool { kind != .float }
  }
}
