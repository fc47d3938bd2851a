/// The lines of a text file as byte ranges, numbered from 1, with `\r\n` line ends handled.
struct TextLines: Sequence {
  let bytes: [UInt8]

  struct Line {
    /// 1-based line number.
    let number: Int
    let bytes: ArraySlice<UInt8>

    var text: String { String(decoding: bytes, as: UTF8.self) }
    var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
  }

  struct Iterator: IteratorProtocol {
    let bytes: [UInt8]
    var position = 0
    var number = 0

    mutating func next() -> Line? {
      guard position < bytes.count else { return nil }
      let start = position
      while position < bytes.count, bytes[position] != 0x0A { position += 1 }
      var end = position
      if end > start, bytes[end - 1] == 0x0D { end -= 1 }
      position += 1
      number += 1
      return Line(number: number, bytes: bytes[start..<end])
    }
  }

  func makeIterator() -> Iterator { Iterator(bytes: bytes) }
}

extension ArraySlice<UInt8> {
  /// The fields separated by runs of spaces or tabs.
  func whitespaceFields() -> [ArraySlice<UInt8>] {
    split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
  }
}
