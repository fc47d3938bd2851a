extension NumPyFormat {
  /// One element as the file holds it, widened without loss: every integer dtype fits
  /// `Int64` or `UInt64` (bools are 0 and 1), every float dtype fits `Double`.
  enum RawValue: CustomStringConvertible {
    case signed(Int64)
    case unsigned(UInt64)
    case float(Double)

    var description: String {
      switch self {
      case .signed(let value): return String(value)
      case .unsigned(let value): return String(value)
      case .float(let value): return String(value)
      }
    }
  }

  /// The elements of a parsed array in the row-major order of the matrix (or vector) they
  /// become, each converted by `convert`, in one pass over the data.
  ///
  /// A Fortran-order 2-d array of shape `(r, c)` stores element `(i, j)` at position
  /// `j·r + i`; it is read from there straight into row-major position `i·c + j`, so no
  /// intermediate copy is made. When `convert` returns `nil`, the error names the element's
  /// index, its byte offset, the dtype, and `reason(value)`.
  /// - Complexity: O(elements).
  static func converted<T>(
    _ bytes: [UInt8], _ parsed: Parsed, reason: (RawValue) -> String, _ convert: (RawValue) -> T?
  ) throws -> [T] {
    let dtype = parsed.dtype
    let shape = parsed.header.shape
    let count = parsed.elementCount
    let rows = shape.count == 2 ? shape[0] : 1
    let columns = count == 0 ? 0 : count / rows
    let rowMajor = parsed.storageIsRowMajor
    return try bytes.withUnsafeBytes { raw in
      let data = UnsafeRawBufferPointer(rebasing: raw[parsed.dataOffset...])
      @inline(__always) func load<Raw: FixedWidthInteger>(_: Raw.Type, _ position: Int) -> Raw {
        let value = data.loadUnaligned(fromByteOffset: position * MemoryLayout<Raw>.size, as: Raw.self)
        return dtype.bigEndian ? Raw(bigEndian: value) : Raw(littleEndian: value)
      }
      func decode(_ position: Int) -> RawValue {
        switch (dtype.kind, dtype.size) {
        case (.float, 2): return .float(Double(Float16(bitPattern: load(UInt16.self, position))))
        case (.float, 4): return .float(Double(Float(bitPattern: load(UInt32.self, position))))
        case (.float, _): return .float(Double(bitPattern: load(UInt64.self, position)))
        case (.signedInteger, 1): return .signed(Int64(load(Int8.self, position)))
        case (.signedInteger, 2): return .signed(Int64(load(Int16.self, position)))
        case (.signedInteger, 4): return .signed(Int64(load(Int32.self, position)))
        case (.signedInteger, _): return .signed(load(Int64.self, position))
        case (.unsignedInteger, 1): return .unsigned(UInt64(load(UInt8.self, position)))
        case (.unsignedInteger, 2): return .unsigned(UInt64(load(UInt16.self, position)))
        case (.unsignedInteger, 4): return .unsigned(UInt64(load(UInt32.self, position)))
        case (.unsignedInteger, _): return .unsigned(load(UInt64.self, position))
        case (.boolean, _): return .unsigned(load(UInt8.self, position) == 0 ? 0 : 1)
        }
      }
      return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        var index = 0
        for row in 0..<rows {
          for column in 0..<columns {
            let position = rowMajor ? index : column * rows + row
            let value = decode(position)
            guard let converted = convert(value) else {
              let name: String
              switch shape.count {
              case 0: name = "the 0-d array's value"
              case 1: name = "element [\(column)]"
              default: name = "element [\(row), \(column)]"
              }
              throw malformed(
                parsed.dataOffset + position * dtype.size,
                "\(name) of the '\(dtype.descriptor)' array, \(value), \(reason(value))")
            }
            (buffer.baseAddress! + index).initialize(to: converted)
            index += 1
            initialized = index
          }
        }
      }
    }
  }

  /// The elements of a parsed array as `Scalar`, row-major.
  ///
  /// Floats convert as `arr.astype(...)` does (float64 to `Float` rounds to nearest; float16
  /// and float32 are exact). Integers and bools convert exactly, or throw when `Scalar`
  /// cannot represent the value — unless `lossy`, which rounds them to the nearest `Scalar`.
  static func elements<Scalar: BLASScalar>(_ bytes: [UInt8], _ parsed: Parsed, as _: Scalar.Type, lossy: Bool) throws -> [Scalar] {
    if parsed.dtype.descriptor == Scalar.numpyDescriptor && parsed.storageIsRowMajor && 1.littleEndian == 1 {
      // The file holds exactly this matrix's bytes.
      return bytes.withUnsafeBytes { raw in
        [Scalar](unsafeUninitializedCapacity: parsed.elementCount) { buffer, initialized in
          UnsafeMutableRawBufferPointer(buffer).copyMemory(
            from: UnsafeRawBufferPointer(rebasing: raw[parsed.dataOffset..<parsed.dataOffset + parsed.elementCount * parsed.dtype.size]))
          initialized = parsed.elementCount
        }
      }
    }
    let exactLimit = "every integer up to 2^\(Scalar.significandBitCount + 1) in magnitude is"
    return try converted(
      bytes, parsed,
      reason: { _ in "is not exactly representable as \(Scalar.self) (\(exactLimit)); pass lossy: true to round it to the nearest \(Scalar.self)" }
    ) { value -> Scalar? in
      switch value {
      case .float(let x): return Scalar(x)
      case .signed(let v): return lossy ? Scalar(v) : Scalar(exactly: v)
      case .unsigned(let v): return lossy ? Scalar(v) : Scalar(exactly: v)
      }
    }
  }

  /// The elements of a parsed array as `Int`, exactly: integers and bools as they are, floats
  /// only when integral and within `Int`'s range.
  static func integers(_ bytes: [UInt8], _ parsed: Parsed) throws -> [Int] {
    try converted(
      bytes, parsed,
      reason: { value in
        switch value {
        case .float(let x) where x.rounded(.towardZero) != x || !x.isFinite: return "is not an integer"
        default: return "is outside Int's range (\(Int.min)...\(Int.max))"
        }
      }
    ) { value -> Int? in
      switch value {
      case .float(let x): return Int(exactly: x)
      case .signed(let v): return Int(exactly: v)
      case .unsigned(let v): return Int(exactly: v)
      }
    }
  }
}
