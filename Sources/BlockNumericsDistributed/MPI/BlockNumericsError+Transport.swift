import BlockNumerics

// An error found on one process travels to the others as bytes (see
// Communicator+Agreement.swift), so that every process throws the same value.

extension BlockNumericsError {
  /// The error as bytes: a case tag, an integer and length-prefixed UTF-8 strings.
  func _encoded() -> [UInt8] {
    let (tag, number, strings): (UInt8, Int, [String])
    switch self {
    case let .shapeMismatch(operation, message): (tag, number, strings) = (0, 0, [operation, message])
    case let .invalidArgument(operation, message): (tag, number, strings) = (1, 0, [operation, message])
    case let .nonFiniteValue(operation, message): (tag, number, strings) = (2, 0, [operation, message])
    case let .lapackFailure(routine, info, message): (tag, number, strings) = (3, info, [routine, message])
    case let .didNotConverge(operation, message): (tag, number, strings) = (4, 0, [operation, message])
    case let .malformedInput(format, location, message): (tag, number, strings) = (5, 0, [format, location, message])
    case let .fileAccess(path, message): (tag, number, strings) = (6, 0, [path, message])
    case let .systemFailure(operation, message): (tag, number, strings) = (7, 0, [operation, message])
    }
    var bytes: [UInt8] = [tag]
    func append(_ value: Int) { withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) } }
    append(number)
    for string in strings {
      let utf8 = Array(string.utf8)
      append(utf8.count)
      bytes.append(contentsOf: utf8)
    }
    return bytes
  }

  /// Decodes ``_encoded()``'s bytes; nil when they are not such bytes.
  init?(_decoding bytes: [UInt8]) {
    var position = 0
    func integer() -> Int? {
      guard position + 8 <= bytes.count else { return nil }
      var value: Int64 = 0
      for index in 0..<8 { value |= Int64(bytes[position + index]) << (8 * index) }
      position += 8
      return Int(value)
    }
    func string() -> String? {
      guard let length = integer(), length >= 0, position + length <= bytes.count else { return nil }
      defer { position += length }
      return String(decoding: bytes[position..<position + length], as: UTF8.self)
    }
    guard let tag = bytes.first else { return nil }
    position = 1
    guard let number = integer(), let first = string(), let second = string() else { return nil }
    switch tag {
    case 0: self = .shapeMismatch(operation: first, message: second)
    case 1: self = .invalidArgument(operation: first, message: second)
    case 2: self = .nonFiniteValue(operation: first, message: second)
    case 3: self = .lapackFailure(routine: first, info: number, message: second)
    case 4: self = .didNotConverge(operation: first, message: second)
    case 5:
      guard let third = string() else { return nil }
      self = .malformedInput(format: first, location: second, message: third)
    case 6: self = .fileAccess(path: first, message: second)
    case 7: self = .systemFailure(operation: first, message: second)
    default: return nil
    }
  }
}

/// `error` as a `BlockNumericsError`: itself, or wrapped as an invalid argument of
/// `operation` naming the process it came from (a caller's closure may throw anything).
func _blockNumericsError(_ error: any Error, operation: String, rank: Int) -> BlockNumericsError {
  if let error = error as? BlockNumericsError { return error }
  return .invalidArgument(operation: operation, message: "process \(rank): the closure threw \(error)")
}
