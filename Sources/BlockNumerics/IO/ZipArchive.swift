/// A ZIP archive (PKWARE APPNOTE 6.3) as `np.savez` writes one: entries stored (method 0)
/// or raw-deflated (method 8), sizes and offsets in 32-bit fields or ZIP64 extra fields.
///
/// ```
///  ┌──────────────┬──────┬──────────────┬──────┬─────┬───────────────────┬─────────┬─────────┬──────┐
///  │ local header │ data │ local header │ data │ ... │ central directory │ ZIP64   │ ZIP64   │ EOCD │
///  │ + name+extra │      │ + name+extra │      │     │ one header/entry  │ EOCD(*) │ locator │      │
///  └──────────────┴──────┴──────────────┴──────┴─────┴───────────────────┴─────────┴─────────┴──────┘
///   ↑ offsets in the central directory                ↑ offset in the EOCD   (*) only when needed
/// ```
///
/// Reading starts from the end-of-central-directory record (EOCD), found by searching the
/// last 65 535 + 22 bytes backwards, goes to the central directory, and from each of its
/// headers to the entry's local header and data. Every offset and size is checked against the
/// bytes present before it is used; entries must not overlap, must lie before the central
/// directory, which must end where the end records begin. Sizes come from the central
/// directory, so entries with a data descriptor (flag bit 3) read the same. Encrypted entries
/// and compression methods other than 0 and 8 are refused.
struct ZipArchive: Sendable {
  /// One entry, as its central-directory header and local header describe it.
  struct Entry: Sendable, Equatable {
    var name: String
    /// 0 (stored) or 8 (deflate).
    var method: UInt16
    var crc32: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    /// Where the local header starts.
    var headerOffset: Int
    /// Where the (compressed) data starts, after the local header, name and extra field.
    var dataOffset: Int
  }

  /// What an archive may declare before anything is inflated.
  struct Limits: Sendable, Equatable {
    /// The largest uncompressed size of a deflated entry, as a multiple of its compressed size.
    var maximumExpansionRatio: Int
    /// The largest sum of the entries' uncompressed sizes.
    var maximumTotalUncompressedSize: Int
  }

  let bytes: [UInt8]
  let entries: [Entry]

  static let localHeaderSignature: UInt32 = 0x0403_4B50
  static let centralHeaderSignature: UInt32 = 0x0201_4B50
  static let endSignature: UInt32 = 0x0605_4B50
  static let zip64EndSignature: UInt32 = 0x0606_4B50
  static let zip64LocatorSignature: UInt32 = 0x0706_4B50
  static let zip64ExtraTag: UInt16 = 0x0001
  /// The value a 32-bit size or offset field holds when the real value is in a ZIP64 field.
  static let sentinel32: UInt64 = 0xFFFF_FFFF
  static let sentinel16: UInt64 = 0xFFFF

  static func malformed(_ offset: Int, _ message: String) -> BlockNumericsError {
    .malformedInput(format: ".npz", location: "byte \(offset)", message: message)
  }

  static func malformed(entry name: String, _ message: String) -> BlockNumericsError {
    .malformedInput(format: ".npz", location: "entry '\(name)'", message: message)
  }

  /// Parses the directory of `bytes` and checks every entry's local header, sizes and the
  /// `limits`; the data itself is inflated and checked by ``data(of:)``.
  /// - Complexity: O(central directory + entries · log entries).
  init(_ bytes: [UInt8], limits: Limits) throws {
    self.bytes = bytes
    let end = try Self.endRecord(bytes)
    var entries: [Entry] = []
    var position = end.directoryOffset
    let directoryEnd = end.directoryOffset + end.directorySize
    // The smallest header is 46 bytes, so the count cannot outrun the directory's size.
    guard end.entryCount <= end.directorySize / 46 else {
      throw Self.malformed(end.directoryOffset, "the central directory of \(end.directorySize) bytes cannot hold the \(end.entryCount) entries the end record declares (46 bytes each at least)")
    }
    entries.reserveCapacity(end.entryCount)
    for index in 0..<end.entryCount {
      let (entry, next) = try Self.centralHeader(bytes, at: position, directoryEnd: directoryEnd, index: index)
      entries.append(entry)
      position = next
    }
    guard position == directoryEnd else {
      throw Self.malformed(position, "the central directory's \(end.entryCount) entries end at byte \(position), but the end record says it ends at byte \(directoryEnd)")
    }
    var checked: [Entry] = []
    checked.reserveCapacity(entries.count)
    var total = 0
    for entry in entries {
      let entry = try Self.localHeader(bytes, for: entry, directoryOffset: end.directoryOffset)
      try Self.checkLimits(entry, limits)
      let (sum, overflow) = total.addingReportingOverflow(entry.uncompressedSize)
      guard !overflow, sum <= limits.maximumTotalUncompressedSize else {
        throw Self.malformed(entry: entry.name, "the entries' uncompressed sizes add up to more than the limit of \(limits.maximumTotalUncompressedSize) bytes (a zip bomb?)")
      }
      total = sum
      checked.append(entry)
    }
    // Overlapping entries are how a small archive claims to hold much more than it does.
    let byOffset = checked.sorted { $0.headerOffset < $1.headerOffset }
    for (first, second) in zip(byOffset, byOffset.dropFirst()) where first.dataOffset + first.compressedSize > second.headerOffset {
      throw Self.malformed(entry: second.name, "its local header at byte \(second.headerOffset) lies inside entry '\(first.name)' (bytes \(first.headerOffset)..<\(first.dataOffset + first.compressedSize)); entries must not overlap")
    }
    self.entries = checked
  }

  /// The uncompressed bytes of `entry`, whose CRC-32 must match the declared one.
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` naming the
  ///   entry when the deflate stream is corrupt, cut off, inflates to more or fewer bytes
  ///   than declared, or the CRC-32 differs.
  /// - Complexity: O(compressed + uncompressed size).
  func data(of entry: Entry) throws -> [UInt8] {
    let data: [UInt8]
    if entry.method == 0 {
      data = Array(bytes[entry.dataOffset..<entry.dataOffset + entry.compressedSize])
    } else {
      do {
        data = try bytes.withUnsafeBytes { raw in
          try Deflate.inflate(UnsafeRawBufferPointer(rebasing: raw[entry.dataOffset..<entry.dataOffset + entry.compressedSize]), expectedCount: entry.uncompressedSize)
        }
      } catch let failure as Deflate.Failure {
        throw Self.malformed(entry: entry.name, failure.message)
      }
    }
    let crc = Deflate.crc32(data)
    guard crc == entry.crc32 else {
      throw Self.malformed(entry: entry.name, "CRC-32 mismatch: the data's CRC-32 is \(Self.hex(crc)), the archive declares \(Self.hex(entry.crc32)) (corrupted data)")
    }
    return data
  }

  static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
  }

  // MARK: reading

  static func u16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
    UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
  }

  static func u32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
    UInt32(u16(bytes, offset)) | UInt32(u16(bytes, offset + 2)) << 16
  }

  static func u64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
    UInt64(u32(bytes, offset)) | UInt64(u32(bytes, offset + 4)) << 32
  }

  /// What the end records say: where the central directory is and how many entries it has.
  struct EndRecord {
    var entryCount: Int
    var directoryOffset: Int
    var directorySize: Int
  }

  /// Finds the EOCD (and the ZIP64 end records, when a ZIP64 locator precedes it) and checks
  /// that the central directory lies within the bytes and ends where the end records begin.
  static func endRecord(_ bytes: [UInt8]) throws -> EndRecord {
    guard bytes.count >= 22 else {
      throw malformed(0, "the input has \(bytes.count) bytes, fewer than the 22 of an end-of-central-directory record; this is not a .npz (zip) archive")
    }
    // The EOCD is 22 bytes plus a comment of at most 65 535: search backwards for its
    // signature; the record whose comment ends exactly at the end of the data is the one.
    let lowest = max(0, bytes.count - 22 - 65_535)
    var candidate: Int?
    var start = bytes.count - 22
    while start >= lowest {
      if u32(bytes, start) == endSignature {
        if candidate == nil { candidate = start }
        if start + 22 + Int(u16(bytes, start + 20)) == bytes.count { candidate = start; break }
      }
      start -= 1
    }
    guard let end = candidate else {
      throw malformed(bytes.count, "no end-of-central-directory record (signature PK\\5\\6) in the last \(bytes.count - lowest) bytes; this is not a .npz (zip) archive, or it is truncated")
    }
    let commentEnd = end + 22 + Int(u16(bytes, end + 20))
    guard commentEnd == bytes.count else {
      throw commentEnd > bytes.count
        ? malformed(end + 20, "the end-of-central-directory record's comment of \(commentEnd - end - 22) bytes runs past the end of the \(bytes.count)-byte input (truncated?)")
        : malformed(commentEnd, "\(bytes.count - commentEnd) bytes of trailing garbage follow the end-of-central-directory record")
    }
    let disk = u16(bytes, end + 4), directoryDisk = u16(bytes, end + 6)
    var entriesOnDisk = UInt64(u16(bytes, end + 8)), entryCount = UInt64(u16(bytes, end + 10))
    var directorySize = UInt64(u32(bytes, end + 12)), directoryOffset = UInt64(u32(bytes, end + 16))
    var recordsStart = end
    if end >= 20, u32(bytes, end - 20) == zip64LocatorSignature {
      let locator = end - 20
      let zip64End = u64(bytes, locator + 8)
      guard u32(bytes, locator + 4) == 0, u32(bytes, locator + 16) <= 1 else {
        throw malformed(locator, "the ZIP64 locator names another disk; multi-disk archives are not supported")
      }
      guard zip64End <= UInt64(locator), UInt64(locator) - zip64End >= 56 else {
        throw malformed(locator + 8, "the ZIP64 end record's offset \(zip64End) leaves no room for its 56 bytes before the locator at byte \(locator)")
      }
      let record = Int(zip64End)
      guard u32(bytes, record) == zip64EndSignature else {
        throw malformed(record, "no ZIP64 end-of-central-directory record (signature PK\\6\\6) where the locator points")
      }
      let recordSize = u64(bytes, record + 4)
      guard recordSize >= 44, recordSize <= UInt64(locator - record - 12) else {
        throw malformed(record + 4, "the ZIP64 end record's size \(recordSize) does not fit between byte \(record) and the locator")
      }
      guard u32(bytes, record + 16) == 0, u32(bytes, record + 20) == 0 else {
        throw malformed(record + 16, "the ZIP64 end record names another disk; multi-disk archives are not supported")
      }
      entriesOnDisk = u64(bytes, record + 24)
      entryCount = u64(bytes, record + 32)
      directorySize = u64(bytes, record + 40)
      directoryOffset = u64(bytes, record + 48)
      recordsStart = record
    } else {
      guard disk == 0, directoryDisk == 0 else {
        throw malformed(end + 4, "the archive spans disks (disk \(disk), directory on disk \(directoryDisk)); multi-disk archives are not supported")
      }
    }
    guard entriesOnDisk == entryCount else {
      throw malformed(end + 8, "\(entriesOnDisk) entries on this disk but \(entryCount) in total; multi-disk archives are not supported")
    }
    guard directoryOffset <= UInt64(recordsStart), directorySize <= UInt64(recordsStart) - directoryOffset else {
      throw malformed(end + 12, "the central directory (offset \(directoryOffset), \(directorySize) bytes) runs past byte \(recordsStart), where the end records begin (truncated, or a bad offset)")
    }
    guard directoryOffset + directorySize == UInt64(recordsStart) else {
      throw malformed(end + 12, "the central directory (offset \(directoryOffset), \(directorySize) bytes) ends at byte \(directoryOffset + directorySize), but the end records begin at byte \(recordsStart)")
    }
    return EndRecord(entryCount: Int(clamping: entryCount), directoryOffset: Int(directoryOffset), directorySize: Int(directorySize))
  }

  /// The values of a ZIP64 extra field (tag 1) in `extra`: the 64-bit sizes and offset for
  /// those of the 32-bit fields that hold the sentinel, in the order APPNOTE 4.5.3 gives.
  static func zip64Values(
    _ bytes: [UInt8], extra: Range<Int>, uncompressed: inout UInt64, compressed: inout UInt64, offset: inout UInt64?,
    at location: () -> BlockNumericsError
  ) throws {
    var position = extra.lowerBound
    while position < extra.upperBound {
      guard extra.upperBound - position >= 4 else { throw location() }
      let tag = u16(bytes, position), length = Int(u16(bytes, position + 2))
      let body = position + 4
      guard length <= extra.upperBound - body else { throw location() }
      if tag == zip64ExtraTag {
        var field = body
        func next() throws -> UInt64 {
          guard body + length - field >= 8 else { throw location() }
          defer { field += 8 }
          return u64(bytes, field)
        }
        if uncompressed == sentinel32 { uncompressed = try next() }
        if compressed == sentinel32 { compressed = try next() }
        if offset == sentinel32 { offset = try next() }
        return
      }
      position = body + length
    }
    // A field at its sentinel says its value is in a ZIP64 field, and there is none.
    guard uncompressed != sentinel32, compressed != sentinel32, offset != sentinel32 else { throw location() }
  }

  /// Reads the central-directory header of entry `index` at `position`.
  static func centralHeader(_ bytes: [UInt8], at position: Int, directoryEnd: Int, index: Int) throws -> (Entry, next: Int) {
    guard directoryEnd - position >= 46 else {
      throw malformed(position, "the central directory ends inside the header of entry \(index) (46 bytes needed, \(directoryEnd - position) left)")
    }
    guard u32(bytes, position) == centralHeaderSignature else {
      throw malformed(position, "central directory header \(index) has no signature PK\\1\\2 (bad central directory offset or corrupted directory)")
    }
    let flags = u16(bytes, position + 8)
    let method = u16(bytes, position + 10)
    let crc = u32(bytes, position + 16)
    var compressed = UInt64(u32(bytes, position + 20))
    var uncompressed = UInt64(u32(bytes, position + 24))
    let nameLength = Int(u16(bytes, position + 28)), extraLength = Int(u16(bytes, position + 30))
    let commentLength = Int(u16(bytes, position + 32))
    let diskStart = u16(bytes, position + 34)
    var offset: UInt64? = UInt64(u32(bytes, position + 42))
    let next = position + 46 + nameLength + extraLength + commentLength
    guard next <= directoryEnd else {
      throw malformed(position + 28, "the name, extra field and comment of entry \(index) (\(nameLength + extraLength + commentLength) bytes) run past the end of the central directory")
    }
    let name = try decodeName(bytes[position + 46..<position + 46 + nameLength], utf8: flags & 0x0800 != 0, at: position + 46)
    try zip64Values(bytes, extra: position + 46 + nameLength..<position + 46 + nameLength + extraLength,
                    uncompressed: &uncompressed, compressed: &compressed, offset: &offset) {
      malformed(entry: name, "its central directory extra field is malformed or lacks the ZIP64 values its sizes call for")
    }
    guard diskStart == 0 || diskStart == 0xFFFF else {
      throw malformed(entry: name, "it starts on disk \(diskStart); multi-disk archives are not supported")
    }
    guard flags & 0x0041 == 0 else {
      throw malformed(entry: name, "it is encrypted (flags 0x\(String(flags, radix: 16))); encrypted archives are not supported")
    }
    guard method == 0 || method == 8 else {
      throw malformed(entry: name, "compression method \(method)\(methodName(method)) is not supported; only 0 (stored) and 8 (deflate) are, as np.savez and np.savez_compressed write")
    }
    guard compressed <= UInt64(Int.max), uncompressed <= UInt64(Int.max), let headerOffset = offset, headerOffset <= UInt64(Int.max) else {
      throw malformed(entry: name, "its sizes or offset are beyond what this machine can address")
    }
    let entry = Entry(
      name: name, method: method, crc32: crc, compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
      headerOffset: Int(headerOffset), dataOffset: 0)
    return (entry, next)
  }

  static func methodName(_ method: UInt16) -> String {
    switch method {
    case 1: " (shrink)"
    case 6: " (implode)"
    case 9: " (deflate64)"
    case 12: " (bzip2)"
    case 14: " (LZMA)"
    case 93: " (zstandard)"
    case 95: " (xz)"
    case 99: " (AES encryption)"
    default: ""
    }
  }

  /// Checks the local header of `entry` against its central-directory header and returns the
  /// entry with its data offset, after checking that the data lies before the directory.
  static func localHeader(_ bytes: [UInt8], for entry: Entry, directoryOffset: Int) throws -> Entry {
    let position = entry.headerOffset
    guard position <= directoryOffset, directoryOffset - position >= 30 else {
      throw malformed(entry: entry.name, "its local header offset \(position) leaves no room for a 30-byte header before the central directory at byte \(directoryOffset)")
    }
    guard u32(bytes, position) == localHeaderSignature else {
      throw malformed(entry: entry.name, "no local header (signature PK\\3\\4) at byte \(position), where the central directory says the entry starts")
    }
    let flags = u16(bytes, position + 6)
    let method = u16(bytes, position + 8)
    let crc = u32(bytes, position + 14)
    var compressed = UInt64(u32(bytes, position + 18))
    var uncompressed = UInt64(u32(bytes, position + 22))
    let nameLength = Int(u16(bytes, position + 26)), extraLength = Int(u16(bytes, position + 28))
    let dataOffset = position + 30 + nameLength + extraLength
    guard dataOffset <= directoryOffset else {
      throw malformed(entry: entry.name, "its local header's name and extra field run past the central directory at byte \(directoryOffset)")
    }
    let name = try decodeName(bytes[position + 30..<position + 30 + nameLength], utf8: flags & 0x0800 != 0, at: position + 30)
    guard name == entry.name else {
      throw malformed(entry: entry.name, "the local header at byte \(position) names it '\(name)'; the central directory and local header disagree")
    }
    guard method == entry.method, flags & 0x0041 == 0 else {
      throw malformed(entry: entry.name, "the local header at byte \(position) says method \(method), flags 0x\(String(flags, radix: 16)); the central directory and local header disagree")
    }
    // With a data descriptor (bit 3) the local header may hold zeros; the directory's sizes hold.
    if flags & 0x0008 == 0 {
      var none: UInt64?
      try zip64Values(bytes, extra: position + 30 + nameLength..<dataOffset, uncompressed: &uncompressed, compressed: &compressed, offset: &none) {
        malformed(entry: entry.name, "its local header's extra field is malformed or lacks the ZIP64 sizes it calls for")
      }
      guard crc == entry.crc32, compressed == UInt64(entry.compressedSize), uncompressed == UInt64(entry.uncompressedSize) else {
        throw malformed(entry: entry.name, "the local header at byte \(position) says CRC-32 \(hex(crc)), \(compressed) bytes compressed, \(uncompressed) uncompressed; the central directory says \(hex(entry.crc32)), \(entry.compressedSize), \(entry.uncompressedSize): the central directory and local header disagree")
      }
    }
    guard entry.compressedSize <= directoryOffset - dataOffset else {
      throw malformed(entry: entry.name, "it declares \(entry.compressedSize) bytes of data at byte \(dataOffset), but only \(directoryOffset - dataOffset) bytes remain before the central directory (truncated?)")
    }
    var located = entry
    located.dataOffset = dataOffset
    return located
  }

  /// Refuses a stored entry whose sizes differ and a deflated one that expands beyond the
  /// ratio (zip bomb).
  static func checkLimits(_ entry: Entry, _ limits: Limits) throws {
    if entry.method == 0 {
      guard entry.compressedSize == entry.uncompressedSize else {
        throw malformed(entry: entry.name, "it is stored (not compressed) but declares \(entry.compressedSize) bytes compressed and \(entry.uncompressedSize) uncompressed")
      }
      return
    }
    let (bound, overflow) = entry.compressedSize.multipliedReportingOverflow(by: limits.maximumExpansionRatio)
    guard overflow || entry.uncompressedSize <= bound else {
      throw malformed(entry: entry.name, "it declares \(entry.uncompressedSize) bytes inflated from \(entry.compressedSize) compressed, more than the maximum expansion ratio of \(limits.maximumExpansionRatio):1 (a zip bomb?)")
    }
  }

  /// The entry name: UTF-8 when flag bit 11 says so, otherwise IBM code page 437 (the ZIP
  /// default, which Python's `zipfile` uses too); ASCII reads the same either way.
  static func decodeName(_ raw: ArraySlice<UInt8>, utf8: Bool, at offset: Int) throws -> String {
    if utf8 || raw.allSatisfy({ $0 < 0x80 }) {
      guard let name = String(validating: raw, as: UTF8.self) else {
        throw malformed(offset, "the entry name is flagged UTF-8 but is not valid UTF-8")
      }
      return name
    }
    return String(raw.map { $0 < 0x80 ? Character(Unicode.Scalar($0)) : codePage437[Int($0) - 0x80] })
  }

  static let codePage437: [Character] = Array(
    "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}")

  // MARK: writing

  /// A ZIP archive of `files` in this order, each stored or raw-deflated, with CRC-32 and
  /// exact sizes, as Python's `zipfile` (and so `np.savez`) lays it out; ZIP64 fields and
  /// end records only where a size, offset or count reaches `zip64Threshold` (the 32-bit
  /// limit; tests lower it to exercise the ZIP64 path).
  /// - Complexity: O(total size).
  static func encode(_ files: [(name: String, data: [UInt8])], compressed: Bool, zip64Threshold: UInt64 = sentinel32) -> [UInt8] {
    var out: [UInt8] = []
    var directory: [UInt8] = []
    func put16(_ value: UInt64, _ buffer: inout [UInt8]) { buffer += [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    func put32(_ value: UInt64, _ buffer: inout [UInt8]) { put16(value & 0xFFFF, &buffer); put16(value >> 16 & 0xFFFF, &buffer) }
    func put64(_ value: UInt64, _ buffer: inout [UInt8]) { put32(value & 0xFFFF_FFFF, &buffer); put32(value >> 32, &buffer) }
    // 1980-01-01 00:00, the earliest DOS date: archives of the same arrays are the same bytes.
    let time: UInt64 = 0, date: UInt64 = 0x21
    for (name, data) in files {
      let nameBytes = Array(name.utf8)
      let flags: UInt64 = nameBytes.allSatisfy { $0 < 0x80 } ? 0 : 0x0800
      let payload = compressed ? Deflate.compress(data) : data
      let crc = UInt64(Deflate.crc32(data))
      let offset = UInt64(out.count)
      let sizesNeed64 = UInt64(data.count) >= zip64Threshold || UInt64(payload.count) >= zip64Threshold
      let offsetNeeds64 = offset >= zip64Threshold
      let version: UInt64 = sizesNeed64 || offsetNeeds64 ? 45 : 20
      // Local header: the sizes go to a ZIP64 extra field when they do not fit.
      put32(UInt64(localHeaderSignature), &out)
      put16(version, &out); put16(flags, &out); put16(compressed ? 8 : 0, &out)
      put16(time, &out); put16(date, &out); put32(crc, &out)
      put32(sizesNeed64 ? sentinel32 : UInt64(payload.count), &out)
      put32(sizesNeed64 ? sentinel32 : UInt64(data.count), &out)
      put16(UInt64(nameBytes.count), &out); put16(sizesNeed64 ? 20 : 0, &out)
      out += nameBytes
      if sizesNeed64 {
        put16(UInt64(zip64ExtraTag), &out); put16(16, &out)
        put64(UInt64(data.count), &out); put64(UInt64(payload.count), &out)
      }
      out += payload
      // Central directory header, ZIP64 values in the order of APPNOTE 4.5.3.
      var extra: [UInt8] = []
      if sizesNeed64 { put64(UInt64(data.count), &extra); put64(UInt64(payload.count), &extra) }
      if offsetNeeds64 { put64(offset, &extra) }
      put32(UInt64(centralHeaderSignature), &directory)
      put16(3 << 8 | version, &directory)  // made by: Unix, as zipfile writes
      put16(version, &directory); put16(flags, &directory); put16(compressed ? 8 : 0, &directory)
      put16(time, &directory); put16(date, &directory); put32(crc, &directory)
      put32(sizesNeed64 ? sentinel32 : UInt64(payload.count), &directory)
      put32(sizesNeed64 ? sentinel32 : UInt64(data.count), &directory)
      put16(UInt64(nameBytes.count), &directory); put16(extra.isEmpty ? 0 : UInt64(extra.count + 4), &directory)
      put16(0, &directory); put16(0, &directory); put16(0, &directory)  // comment, disk, internal attributes
      put32(0o600 << 16, &directory)  // external attributes: -rw-------, as zipfile gives np.savez's entries
      put32(offsetNeeds64 ? sentinel32 : offset, &directory)
      directory += nameBytes
      if !extra.isEmpty {
        put16(UInt64(zip64ExtraTag), &directory); put16(UInt64(extra.count), &directory)
        directory += extra
      }
    }
    let directoryOffset = UInt64(out.count), directorySize = UInt64(directory.count), count = UInt64(files.count)
    out += directory
    let needs64 = directoryOffset >= zip64Threshold || directorySize >= zip64Threshold || count >= min(zip64Threshold, sentinel16)
    if needs64 {
      let record = UInt64(out.count)
      put32(UInt64(zip64EndSignature), &out); put64(44, &out)
      put16(3 << 8 | 45, &out); put16(45, &out); put32(0, &out); put32(0, &out)
      put64(count, &out); put64(count, &out); put64(directorySize, &out); put64(directoryOffset, &out)
      put32(UInt64(zip64LocatorSignature), &out); put32(0, &out); put64(record, &out); put32(1, &out)
    }
    put32(UInt64(endSignature), &out); put16(0, &out); put16(0, &out)
    put16(needs64 ? sentinel16 : count, &out); put16(needs64 ? sentinel16 : count, &out)
    put32(needs64 ? sentinel32 : directorySize, &out); put32(needs64 ? sentinel32 : directoryOffset, &out)
    put16(0, &out)
    return out
  }
}
