/// The Matrix Market exchange format (`.mtx`), as NIST defines it and `scipy.io.mmread`
/// and `mmwrite` use it.
///
/// ```
///  %%MatrixMarket matrix coordinate real general     ← banner: format, field, symmetry
///  % comments                                          ← any number of comment lines
///  3 4 2                                               ← rows, columns, entries
///  1 1 2.5                                             ← 1-based row, column, value
///  3 4 -1
/// ```
///
/// Supported: `coordinate` and `array` formats; `real`, `integer` and (coordinate only)
/// `pattern` fields; `general`, `symmetric` and `skew-symmetric` symmetry. Array data is
/// column-major, as the format specifies. `complex` and `hermitian` files are refused.
public enum MatrixMarket {
  /// The layout a file stores its entries in.
  public enum Format: String, Sendable {
    /// Only the listed entries, as (row, column, value) lines.
    case coordinate
    /// Every entry, column by column.
    case array
  }

  /// One stored entry, with 0-based indices.
  public struct Entry<Scalar: BLASScalar>: Equatable, Sendable {
    /// The 0-based row.
    public var row: Int
    /// The 0-based column.
    public var column: Int
    /// The value.
    public var value: Scalar

    /// An entry at `(row, column)`.
    public init(row: Int, column: Int, value: Scalar) {
      self.row = row
      self.column = column
      self.value = value
    }
  }

  /// A matrix as its shape and a list of entries: what a coordinate file holds, with
  /// symmetric files already expanded to both triangles. Duplicate positions may occur;
  /// they add up, as in SciPy.
  public struct Coordinates<Scalar: BLASScalar>: Equatable, Sendable {
    /// The number of rows.
    public var rows: Int
    /// The number of columns.
    public var columns: Int
    /// The entries, in file order (a mirrored entry follows its original).
    public var entries: [Entry<Scalar>]

    /// Coordinates of a `rows × columns` matrix.
    public init(rows: Int, columns: Int, entries: [Entry<Scalar>]) {
      self.rows = rows
      self.columns = columns
      self.entries = entries
    }
  }

  static func malformed(_ line: Int, _ message: String) -> BlockNumericsError {
    .malformedInput(format: ".mtx", location: "line \(line)", message: message)
  }

  private enum Field: String { case real, integer, pattern }
  private enum Symmetry: String { case general, symmetric, skewSymmetric = "skew-symmetric" }

  /// Parses a Matrix Market file into coordinates (an array file gives every entry,
  /// zeros included).
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` naming the
  ///   line for a missing or unsupported banner, a bad size line, a non-numeric token,
  ///   an index outside the declared shape, or more or fewer entries than declared.
  ///   Storage grows with the entries actually present, never from the header's counts.
  /// - Complexity: O(bytes).
  public static func coordinates<Scalar: BLASScalar>(data bytes: [UInt8], as _: Scalar.Type = Scalar.self) throws -> Coordinates<Scalar> {
    var lines = TextLines(bytes: bytes).makeIterator()
    guard let banner = lines.next() else { throw malformed(1, "the input is empty; expected a %%MatrixMarket banner") }
    let words = banner.text.lowercased().split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    guard words.first == "%%matrixmarket" else {
      throw malformed(1, "the first line must start with %%MatrixMarket, found '\(banner.text.prefix(40))'")
    }
    guard words.count == 5, words[1] == "matrix" else {
      throw malformed(1, "the banner must read '%%MatrixMarket matrix <format> <field> <symmetry>', found '\(banner.text)'")
    }
    guard let format = Format(rawValue: words[2]) else {
      throw malformed(1, "format '\(words[2])' is not supported (coordinate and array are)")
    }
    guard let field = Field(rawValue: words[3]) else {
      throw malformed(1, "field '\(words[3])' is not supported (real, integer and pattern are)")
    }
    guard let symmetry = Symmetry(rawValue: words[4]) else {
      throw malformed(1, "symmetry '\(words[4])' is not supported (general, symmetric and skew-symmetric are)")
    }
    guard !(format == .array && field == .pattern) else { throw malformed(1, "an array file cannot have the pattern field") }

    // The size line follows the comments.
    var sizeLine: TextLines.Line?
    while let line = lines.next() {
      if line.bytes.first == UInt8(ascii: "%") || line.isBlank { continue }
      sizeLine = line
      break
    }
    guard let sizeLine else { throw malformed(banner.number + 1, "the size line is missing") }
    let sizeFields = sizeLine.bytes.whitespaceFields().map { String(decoding: $0, as: UTF8.self) }
    let expectedSizeFields = format == .coordinate ? 3 : 2
    guard sizeFields.count == expectedSizeFields, let sizes = Optional(sizeFields.compactMap { Int($0) }),
      sizes.count == expectedSizeFields, sizes.allSatisfy({ $0 >= 0 })
    else {
      throw malformed(
        sizeLine.number,
        "expected \(format == .coordinate ? "'rows columns entries'" : "'rows columns'") as non-negative integers, found '\(sizeLine.text)'")
    }
    let rows = sizes[0]
    let columns = sizes[1]
    guard symmetry == .general || rows == columns else {
      throw malformed(sizeLine.number, "a \(symmetry.rawValue) matrix must be square, but the size line says \(rows)×\(columns)")
    }
    let (denseCount, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard format == .coordinate || !overflow else {
      throw malformed(sizeLine.number, "an array of \(rows)×\(columns) has more entries than Int can count")
    }
    let declared: Int
    switch (format, symmetry) {
    case (.coordinate, _): declared = sizes[2]
    case (.array, .general): declared = denseCount
    case (.array, .symmetric): declared = rows * (rows + 1) / 2
    case (.array, .skewSymmetric): declared = rows * (rows - 1) / 2
    }

    func value(_ token: ArraySlice<UInt8>, _ line: TextLines.Line) throws -> Scalar {
      let text = String(decoding: token, as: UTF8.self)
      if field == .integer {
        guard let integer = Int(text) else { throw malformed(line.number, "'\(text)' is not an integer (the field is integer)") }
        return Scalar(integer)
      }
      guard let number = Scalar(text) else { throw malformed(line.number, "'\(text)' is not a number") }
      return number
    }

    var entries: [Entry<Scalar>] = []
    var read = 0
    // Array files: the position of the next value, column by column.
    var arrayRow = 0
    var arrayColumn = 0
    if format == .array, symmetry == .skewSymmetric { arrayRow = 1 }
    var lastLine = sizeLine.number
    while let line = lines.next() {
      lastLine = line.number
      if line.isBlank || line.bytes.first == UInt8(ascii: "%") { continue }
      guard read < declared else {
        throw malformed(line.number, "more entries than the \(declared) the size line declares")
      }
      let fields = line.bytes.whitespaceFields()
      switch format {
      case .coordinate:
        let expected = field == .pattern ? 2 : 3
        guard fields.count == expected else {
          throw malformed(line.number, "expected \(expected) fields (row column\(field == .pattern ? "" : " value")), found \(fields.count): '\(line.text)'")
        }
        guard let i = Int(String(decoding: fields[0], as: UTF8.self)), let j = Int(String(decoding: fields[1], as: UTF8.self)) else {
          throw malformed(line.number, "indices must be integers, found '\(line.text)'")
        }
        guard i >= 1 && i <= rows && j >= 1 && j <= columns else {
          throw malformed(line.number, "entry (\(i), \(j)) is outside the declared \(rows)×\(columns) (indices are 1-based)")
        }
        let v: Scalar = field == .pattern ? 1 : try value(fields[2], line)
        switch symmetry {
        case .general:
          entries.append(Entry(row: i - 1, column: j - 1, value: v))
        case .symmetric, .skewSymmetric:
          guard i >= j else {
            throw malformed(line.number, "entry (\(i), \(j)) lies above the diagonal; a \(symmetry.rawValue) file lists the lower triangle")
          }
          guard symmetry == .symmetric || i != j else {
            throw malformed(line.number, "a skew-symmetric file has no diagonal entries, found (\(i), \(j))")
          }
          entries.append(Entry(row: i - 1, column: j - 1, value: v))
          if i != j { entries.append(Entry(row: j - 1, column: i - 1, value: symmetry == .symmetric ? v : -v)) }
        }
      case .array:
        guard fields.count == 1 else {
          throw malformed(line.number, "array files hold one value per line, found \(fields.count) fields: '\(line.text)'")
        }
        let v = try value(fields[0], line)
        entries.append(Entry(row: arrayRow, column: arrayColumn, value: v))
        if symmetry != .general && arrayRow != arrayColumn {
          entries.append(Entry(row: arrayColumn, column: arrayRow, value: symmetry == .symmetric ? v : -v))
        }
        arrayRow += 1
        if arrayRow == rows {
          arrayColumn += 1
          arrayRow = symmetry == .general ? 0 : (symmetry == .symmetric ? arrayColumn : arrayColumn + 1)
        }
      }
      read += 1
    }
    guard read == declared else {
      throw malformed(lastLine, "the size line declares \(declared) entries, but the file holds \(read) (truncated?)")
    }
    return Coordinates(rows: rows, columns: columns, entries: entries)
  }

  /// Parses the Matrix Market file at `path` into coordinates; see ``coordinates(data:as:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` and the errors of
  ///   ``coordinates(data:as:)``.
  public static func coordinates<Scalar: BLASScalar>(contentsOfFile path: String, as type: Scalar.Type = Scalar.self) throws -> Coordinates<Scalar> {
    try coordinates(data: FileAccess.readBytes(path), as: type)
  }

  /// The text of a `coordinate real general` file holding `coordinates`' entries.
  /// - Complexity: O(entries).
  public static func text<Scalar: BLASScalar>(of coordinates: Coordinates<Scalar>) -> String {
    var text = "%%MatrixMarket matrix coordinate real general\n% written by BlockNumerics\n"
    text += "\(coordinates.rows) \(coordinates.columns) \(coordinates.entries.count)\n"
    for entry in coordinates.entries { text += "\(entry.row + 1) \(entry.column + 1) \(entry.value)\n" }
    return text
  }

  /// Writes `coordinates` to a `coordinate real general` file at `path`.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when it cannot be written.
  public static func write<Scalar: BLASScalar>(_ coordinates: Coordinates<Scalar>, to path: String) throws {
    try FileAccess.write(Array(text(of: coordinates).utf8), to: path)
  }
}
