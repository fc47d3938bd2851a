extension Matrix {
  /// A matrix from comma-separated text: one row per line, the same number of numeric
  /// fields on every line (blank lines are skipped, as `numpy.loadtxt` does).
  ///
  /// - Parameters:
  ///   - bytes: the file's contents, UTF-8.
  ///   - hasHeader: whether the first non-blank line holds column names to skip.
  ///   - separator: the field separator (`,` by default; `;` or a tab for other dialects).
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` naming the
  ///   line and field for a non-numeric or empty field, and the line for a row whose field
  ///   count differs from the first row's.
  /// - Complexity: O(bytes).
  public init(csvData bytes: [UInt8], hasHeader: Bool = false, separator: Character = ",") throws {
    guard let separatorByte = separator.asciiValue else {
      throw BlockNumericsError.invalidArgument(operation: "Matrix(csvData:)", message: "the separator '\(separator)' must be an ASCII character")
    }
    var elements: [Scalar] = []
    var columns: Int?
    var rows = 0
    var skippedHeader = !hasHeader
    for line in TextLines(bytes: bytes) where !line.isBlank {
      if !skippedHeader {
        skippedHeader = true
        continue
      }
      let fields = line.bytes.split(separator: separatorByte, omittingEmptySubsequences: false)
      if let columns, fields.count != columns {
        throw BlockNumericsError.malformedInput(
          format: "CSV", location: "line \(line.number)", message: "\(fields.count) fields, but the first row has \(columns)")
      }
      columns = fields.count
      for (index, field) in fields.enumerated() {
        let token = String(decoding: field, as: UTF8.self).trimmingSpaces()
        guard !token.isEmpty else {
          throw BlockNumericsError.malformedInput(format: "CSV", location: "line \(line.number), field \(index + 1)", message: "the field is empty")
        }
        guard let value = Scalar(token) else {
          throw BlockNumericsError.malformedInput(
            format: "CSV", location: "line \(line.number), field \(index + 1)", message: "'\(token.prefix(40))' is not a number")
        }
        elements.append(value)
      }
      rows += 1
    }
    self.init(_unchecked: rows, columns ?? 0, elements)
  }

  /// A matrix read from the CSV file at `path`; see ``init(csvData:hasHeader:separator:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` and the errors of
  ///   ``init(csvData:hasHeader:separator:)``.
  public init(contentsOfCSVFile path: String, hasHeader: Bool = false, separator: Character = ",") throws {
    try self.init(csvData: FileAccess.readBytes(path), hasHeader: hasHeader, separator: separator)
  }

  /// The matrix as CSV text, one row per line, values printed so they read back exactly.
  /// - Complexity: O(rows · columns).
  public func csvText(separator: Character = ",") -> String {
    var text = ""
    for i in 0..<rows {
      text += (0..<columns).map { "\(_storage[i * columns + $0])" }.joined(separator: String(separator))
      text += "\n"
    }
    return text
  }

  /// Writes the matrix as CSV to `path`; see ``csvText(separator:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when it cannot be written.
  public func writeCSV(to path: String, separator: Character = ",") throws {
    try FileAccess.write(Array(csvText(separator: separator).utf8), to: path)
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var slice = Substring(self)
    while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
    while slice.last == " " || slice.last == "\t" { slice.removeLast() }
    return String(slice)
  }
}
