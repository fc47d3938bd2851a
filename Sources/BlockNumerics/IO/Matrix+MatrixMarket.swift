extension Matrix {
  /// A dense matrix from a Matrix Market file's bytes (coordinate or array); entries at
  /// the same position add up, absent entries are zero.
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` as
  ///   ``MatrixMarket/coordinates(data:as:)``, and when the declared shape is too large to
  ///   hold densely (more than half the physical memory).
  /// - Complexity: O(bytes + rows · columns).
  public init(matrixMarketData bytes: [UInt8]) throws {
    let coordinates = try MatrixMarket.coordinates(data: bytes, as: Scalar.self)
    let limit = FileAccess.maximumDenseElements(Scalar.self)
    let (count, overflow) = coordinates.rows.multipliedReportingOverflow(by: coordinates.columns)
    guard !overflow, count <= limit else {
      throw BlockNumericsError.malformedInput(
        format: ".mtx", location: "the size line",
        message: "a dense \(coordinates.rows)×\(coordinates.columns) matrix needs more than the \(limit) elements allowed (half the physical memory); read it as coordinates or a sparse matrix")
    }
    var matrix = Matrix(rows: coordinates.rows, columns: coordinates.columns)
    for entry in coordinates.entries { matrix._storage[entry.row * coordinates.columns + entry.column] += entry.value }
    self = matrix
  }

  /// A dense matrix read from the Matrix Market file at `path`; see ``init(matrixMarketData:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` and the errors of
  ///   ``init(matrixMarketData:)``.
  public init(contentsOfMatrixMarketFile path: String) throws {
    try self.init(matrixMarketData: FileAccess.readBytes(path))
  }

  /// The entries whose value is not zero, as Matrix Market coordinates.
  /// - Complexity: O(rows · columns).
  public var coordinates: MatrixMarket.Coordinates<Scalar> {
    var entries: [MatrixMarket.Entry<Scalar>] = []
    // Loops run over entries, not over one extent alone: a 0 × 10¹⁵ matrix is legal.
    for i in 0..<(isEmpty ? 0 : rows) {
      for j in 0..<columns where _storage[i * columns + j] != 0 {
        entries.append(MatrixMarket.Entry(row: i, column: j, value: _storage[i * columns + j]))
      }
    }
    return MatrixMarket.Coordinates(rows: rows, columns: columns, entries: entries)
  }

  /// The text of a Matrix Market file holding this matrix: every entry, column by column
  /// (`.array`, the default), or only the nonzero entries (`.coordinate`).
  /// - Complexity: O(rows · columns).
  public func matrixMarketText(format: MatrixMarket.Format = .array) -> String {
    switch format {
    case .coordinate:
      return MatrixMarket.text(of: coordinates)
    case .array:
      var text = "%%MatrixMarket matrix array real general\n% written by BlockNumerics\n\(rows) \(columns)\n"
      for j in 0..<(isEmpty ? 0 : columns) {
        for i in 0..<rows { text += "\(_storage[i * columns + j])\n" }
      }
      return text
    }
  }

  /// Writes this matrix to a Matrix Market file at `path`; see ``matrixMarketText(format:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when it cannot be written.
  public func writeMatrixMarket(to path: String, format: MatrixMarket.Format = .array) throws {
    try FileAccess.write(Array(matrixMarketText(format: format).utf8), to: path)
  }
}
