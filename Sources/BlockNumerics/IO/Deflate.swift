import CZlib

/// Raw deflate streams (RFC 1951, no zlib or gzip wrapper, as ZIP stores them) and CRC-32,
/// all through the system zlib: `deflateInit2`/`inflateInit2` with window bits −15, `crc32`.
enum Deflate {
  /// Why a stream could not be inflated; the caller says which entry it was.
  struct Failure: Error, Equatable {
    let message: String
  }

  /// zlib counts bytes in `uInt` (32 bits): longer buffers are fed in pieces of this size.
  static let chunk = Int(UInt32.max)

  /// The CRC-32 (ISO 3309, as ZIP and PNG use it) of `bytes`.
  /// - Complexity: O(bytes).
  static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var crc: uLong = CZlib.crc32(0, nil, 0)
    var offset = 0
    while offset < bytes.count {
      let length = min(chunk, bytes.count - offset)
      crc = CZlib.crc32(crc, bytes.baseAddress! + offset, uInt(length))
      offset += length
    }
    return UInt32(truncatingIfNeeded: crc)
  }

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { crc32($0) }
  }

  /// `bytes` as a raw deflate stream, at zlib's default level (6), as Python's `zipfile`
  /// (and so `np.savez_compressed`) writes it.
  /// - Complexity: O(bytes).
  static func compress(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    let status = blocknumerics_deflateInit2(&stream, Z_DEFAULT_COMPRESSION, -15)
    // Only a bad argument or no memory can fail here, and the arguments are constants.
    precondition(status == Z_OK, "deflateInit2 failed with status \(status)")
    defer { deflateEnd(&stream) }
    let bound = Int(deflateBound(&stream, uLong(bytes.count)))
    var output = [UInt8](repeating: 0, count: max(bound, 64))
    var produced = 0
    bytes.withUnsafeBytes { input in
      var consumed = 0
      while true {
        let piece = min(chunk, input.count - consumed)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress.map { $0.assumingMemoryBound(to: Bytef.self) + consumed })
        stream.avail_in = uInt(piece)
        let last = consumed + piece == input.count
        while true {
          if produced == output.count { output += [UInt8](repeating: 0, count: output.count) }
          let room = min(chunk, output.count - produced)
          let result: Int32 = output.withUnsafeMutableBytes { out in
            stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self) + produced
            stream.avail_out = uInt(room)
            let result = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH)
            produced += room - Int(stream.avail_out)
            return result
          }
          precondition(result != Z_STREAM_ERROR, "deflate reported a stream error")
          if result == Z_STREAM_END { return }
          if !last && stream.avail_in == 0 { break }
        }
        consumed += piece
      }
    }
    output.removeSubrange(produced...)
    return output
  }

  /// The bytes of the raw deflate stream `compressed`, which must inflate to exactly
  /// `expectedCount` bytes and end exactly at the end of `compressed`.
  ///
  /// The output buffer is allocated once at `expectedCount`; inflation stops with a
  /// ``Failure`` as soon as the stream would produce more (a declared size can lie), and a
  /// stream that ends early or is cut off fails too, so nothing is truncated or padded.
  /// - Complexity: O(compressed + expectedCount).
  static func inflate(_ compressed: UnsafeRawBufferPointer, expectedCount: Int) throws(Failure) -> [UInt8] {
    var stream = z_stream()
    let status = blocknumerics_inflateInit2(&stream, -15)
    guard status == Z_OK else { throw Failure(message: "zlib could not start inflating (inflateInit2 status \(status))") }
    defer { inflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: expectedCount)
    var consumed = 0
    var produced = 0
    var ended = false
    // One byte past the declared size: where the output goes once the buffer is full, so a
    // longer stream shows itself without inflating any further.
    let overflow = UnsafeMutablePointer<Bytef>.allocate(capacity: 1)
    defer { overflow.deallocate() }
    // The error, if any, is made outside the buffer closures, which cannot throw typed errors.
    var failure: String?
    output.withUnsafeMutableBytes { out in
      while !ended && failure == nil {
        if stream.avail_in == 0 && consumed < compressed.count {
          let piece = min(chunk, compressed.count - consumed)
          stream.next_in = UnsafeMutablePointer(mutating: compressed.baseAddress!.assumingMemoryBound(to: Bytef.self) + consumed)
          stream.avail_in = uInt(piece)
          consumed += piece
        }
        let full = produced == out.count
        let room = full ? 1 : min(chunk, out.count - produced)
        stream.next_out = full ? overflow : out.baseAddress!.assumingMemoryBound(to: Bytef.self) + produced
        stream.avail_out = uInt(room)
        let result = CZlib.inflate(&stream, Z_NO_FLUSH)
        let written = room - Int(stream.avail_out)
        if full && written > 0 {
          failure = "the data inflates to more than the declared \(expectedCount) bytes"
          break
        }
        produced += written
        switch result {
        case Z_STREAM_END:
          ended = true
        case Z_OK:
          break  // progress was made
        case Z_BUF_ERROR:
          // No progress possible: with room for output, only more input would help.
          failure = stream.avail_in == 0 && consumed == compressed.count
            ? "the deflate stream is cut off after \(compressed.count) bytes (\(produced) of \(expectedCount) bytes inflated)"
            : "zlib made no progress inflating (\(produced) of \(expectedCount) bytes)"
        case Z_DATA_ERROR:
          let reason = stream.msg.map { String(cString: $0) } ?? "invalid data"
          failure = "the deflate stream is corrupt after \(produced) inflated bytes: \(reason)"
        case Z_MEM_ERROR:
          failure = "zlib ran out of memory inflating"
        default:
          failure = "zlib's inflate failed with status \(result)"
        }
      }
    }
    if let failure { throw Failure(message: failure) }
    let unused = Int(stream.avail_in) + (compressed.count - consumed)
    guard unused == 0 else {
      throw Failure(message: "the deflate stream ends \(unused) bytes before the end of the declared compressed data")
    }
    guard produced == expectedCount else {
      throw Failure(message: "the data inflates to \(produced) bytes, fewer than the declared \(expectedCount)")
    }
    return output
  }
}
