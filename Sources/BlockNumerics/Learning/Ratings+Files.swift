extension Ratings {
  /// Ratings from comma-separated text: one `user,item,value` triple per line (0-based
  /// integer ids), or `user,item` for implicit feedback, where every value is 1. Blank lines
  /// are skipped.
  ///
  /// - Parameters:
  ///   - bytes: the file's contents, UTF-8.
  ///   - users: the number of users; `nil` takes the largest user id + 1.
  ///   - items: the number of items; `nil` takes the largest item id + 1.
  ///   - hasHeader: whether the first non-blank line holds column names to skip.
  ///   - separator: the field separator (`,` by default; `;` or a tab for other dialects).
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` naming the
  ///   line for a field count other than 2 or 3 (or different from the first row's), an id
  ///   that is not an integer or a value that is not a number; and the errors of
  ///   ``init(_:users:items:)`` (negative, out-of-range or repeated ids, non-finite values),
  ///   naming the line instead of the triple.
  /// - Complexity: O(bytes + users + items).
  public init(csvData bytes: [UInt8], users: Int? = nil, items: Int? = nil, hasHeader: Bool = false, separator: Character = ",") throws {
    let operation = "Ratings(csvData:)"
    guard let separatorByte = separator.asciiValue, separatorByte != 0x0A, separatorByte != 0x0D else {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "the separator '\(separator)' must be an ASCII character other than a line end")
    }
    var user: [Int] = []
    var item: [Int] = []
    var value: [Scalar] = []
    var lineNumbers: [Int] = []
    var fieldCount: Int?
    var skippedHeader = !hasHeader
    func malformed(_ line: Int, _ message: String) -> BlockNumericsError {
      .malformedInput(format: "ratings CSV", location: "line \(line)", message: message)
    }
    for line in TextLines(bytes: bytes) where !line.isBlank {
      if !skippedHeader {
        skippedHeader = true
        continue
      }
      let fields = line.bytes.split(separator: separatorByte, omittingEmptySubsequences: false)
      guard fields.count == 2 || fields.count == 3 else {
        throw malformed(line.number, "\(fields.count) fields; expected user\(separator)item\(separator)value or user\(separator)item")
      }
      if let fieldCount, fields.count != fieldCount {
        throw malformed(line.number, "\(fields.count) fields, but the first row has \(fieldCount)")
      }
      fieldCount = fields.count
      guard let u = Self._integer(fields[0]) else {
        throw malformed(line.number, "the user id '\(Self._text(fields[0]))' is not an integer")
      }
      guard let i = Self._integer(fields[1]) else {
        throw malformed(line.number, "the item id '\(Self._text(fields[1]))' is not an integer")
      }
      var v: Scalar = 1
      if fields.count == 3 {
        guard let parsed = Scalar(Self._text(fields[2])) else {
          throw malformed(line.number, "the value '\(Self._text(fields[2]))' is not a number")
        }
        v = parsed
      }
      user.append(u)
      item.append(i)
      value.append(v)
      lineNumbers.append(line.number)
    }
    try self.init(
      _users: user, items: item, values: value, userCount: users, itemCount: items, operation: "Ratings(csvData:)"
    ) { "line \(lineNumbers[$0])" }
  }

  /// Ratings read from the CSV file at `path`; see ``init(csvData:users:items:hasHeader:separator:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` and the errors of
  ///   ``init(csvData:users:items:hasHeader:separator:)``.
  public init(contentsOfCSVFile path: String, users: Int? = nil, items: Int? = nil, hasHeader: Bool = false, separator: Character = ",") throws {
    try self.init(csvData: FileAccess.readBytes(path), users: users, items: items, hasHeader: hasHeader, separator: separator)
  }

  /// Ratings from a Matrix Market coordinate file: rows are users, columns are items, the
  /// file's 1-based indices become 0-based ids and its declared shape the numbers of users
  /// and items; a `pattern` file gives every value 1.
  ///
  /// - Throws: the errors of ``MatrixMarket/coordinates(data:as:)``;
  ///   ``BlockNumericsError/invalidArgument(operation:message:)`` for an `array` file or a
  ///   symmetric one (ratings are not symmetric), and naming the entry (by its place among
  ///   the file's entries and its 1-based row and column) that repeats an earlier one;
  ///   ``BlockNumericsError/nonFiniteValue(operation:message:)`` for a non-finite value.
  /// - Complexity: O(bytes + users + items).
  public init(matrixMarketData bytes: [UInt8]) throws {
    let operation = "Ratings(matrixMarketData:)"
    if let banner = TextLines(bytes: bytes).first(where: { _ in true }) {
      let words = banner.text.lowercased().split(separator: " ").map(String.init)
      if words.count == 5, words[0] == "%%matrixmarket" {
        guard words[2] == "coordinate" else {
          throw BlockNumericsError.invalidArgument(operation: operation, message: "an \(words[2]) file holds every entry; ratings need a coordinate file")
        }
        guard words[4] == "general" else {
          throw BlockNumericsError.invalidArgument(
            operation: operation, message: "a \(words[4]) file mirrors its entries; ratings need a general coordinate file")
        }
      }
    }
    let coordinates = try MatrixMarket.coordinates(data: bytes, as: Scalar.self)
    let entries = coordinates.entries
    try self.init(
      _users: entries.map(\.row), items: entries.map(\.column), values: entries.map(\.value), userCount: coordinates.rows,
      itemCount: coordinates.columns, operation: operation
    ) { "entry \($0 + 1) of the file (row \(entries[$0].row + 1), column \(entries[$0].column + 1))" }
  }

  /// Ratings read from the Matrix Market file at `path`; see ``init(matrixMarketData:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` and the errors of
  ///   ``init(matrixMarketData:)``.
  public init(contentsOfMatrixMarketFile path: String) throws {
    try self.init(matrixMarketData: FileAccess.readBytes(path))
  }

  /// The ratings as CSV text, `user,item,value` per line, user by user; reads back exactly
  /// with ``init(csvData:users:items:hasHeader:separator:)``.
  /// - Complexity: O(count).
  public func csvText() -> String {
    var text = ""
    for u in 0..<users {
      for k in userStarts[u]..<userStarts[u + 1] { text += "\(u),\(userItems[k]),\(userValues[k])\n" }
    }
    return text
  }

  /// Writes ``csvText()`` to `path`.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when it cannot be written.
  public func writeCSV(to path: String) throws {
    try FileAccess.write(Array(csvText().utf8), to: path)
  }

  static func _text(_ field: ArraySlice<UInt8>) -> String {
    var slice = field
    while let first = slice.first, first == 0x20 || first == 0x09 { slice.removeFirst() }
    while let last = slice.last, last == 0x20 || last == 0x09 { slice.removeLast() }
    return String(decoding: slice.prefix(40), as: UTF8.self)
  }

  /// A decimal integer with an optional sign, surrounding spaces allowed; `nil` otherwise
  /// or on overflow.
  static func _integer(_ field: ArraySlice<UInt8>) -> Int? {
    var slice = field
    while let first = slice.first, first == 0x20 || first == 0x09 { slice.removeFirst() }
    while let last = slice.last, last == 0x20 || last == 0x09 { slice.removeLast() }
    var negative = false
    if let first = slice.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = first == UInt8(ascii: "-")
      slice.removeFirst()
    }
    guard !slice.isEmpty else { return nil }
    var result = 0
    for byte in slice {
      guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
      let (times, o1) = result.multipliedReportingOverflow(by: 10)
      let (plus, o2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
      guard !o1 && !o2 else { return nil }
      result = plus
    }
    return negative ? -result : result
  }
}
