// Matrix Market coordinate files ↔ block-sparse matrices: a file's entries are grouped into
// blocks of a size the caller chooses; writing lists the nonzero entries of the stored blocks.

extension BlockSparseMatrix {
  /// A block-sparse matrix in `blockRows × blockColumns` blocks from Matrix Market
  /// coordinates: every block holding at least one entry is stored. Entries at the same
  /// position add up, as in SciPy (and as ``MatrixMarket/Coordinates`` specifies).
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` when the block
  ///   size does not divide the shape or an entry lies outside it.
  /// - Complexity: O(e log e + stored entries) for `e` entries.
  public init(_ coordinates: MatrixMarket.Coordinates<Scalar>, blockRows: Int, blockColumns: Int) throws {
    let entries = coordinates.entries
    try self.init(
      _entries: entries.count, rows: coordinates.rows, columns: coordinates.columns,
      blockRows: blockRows, blockColumns: blockColumns, summingDuplicates: true,
      "BlockSparseMatrix(_: MatrixMarket.Coordinates, blockRows:blockColumns:)"
    ) { (entries[$0].row, entries[$0].column, entries[$0].value) }
  }

  /// A block-sparse matrix read from the Matrix Market file at `path` (coordinate or
  /// array; symmetric files are expanded), cut into `blockRows × blockColumns` blocks.
  ///
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)``, the errors of
  ///   ``MatrixMarket/coordinates(data:as:)`` for a malformed file, and
  ///   ``BlockNumericsError/invalidArgument(operation:message:)`` when the block size does
  ///   not divide the file's shape.
  /// - Complexity: O(bytes + e log e + stored entries).
  public init(contentsOfMatrixMarketFile path: String, blockRows: Int, blockColumns: Int) throws {
    try self.init(
      MatrixMarket.coordinates(contentsOfFile: path, as: Scalar.self), blockRows: blockRows, blockColumns: blockColumns)
  }

  /// The nonzero entries of the stored blocks as Matrix Market coordinates, row by row.
  /// - Complexity: O(stored entries).
  public var coordinates: MatrixMarket.Coordinates<Scalar> {
    MatrixMarket.Coordinates(
      rows: rows, columns: columns,
      entries: nonzeroEntries.map { MatrixMarket.Entry(row: $0.row, column: $0.column, value: $0.value) })
  }

  /// The text of a `coordinate real general` Matrix Market file holding the nonzero
  /// entries (the block structure is not part of the format; choose it again on reading).
  /// - Complexity: O(stored entries).
  public func matrixMarketText() -> String { MatrixMarket.text(of: coordinates) }

  /// Writes the nonzero entries to a `coordinate real general` Matrix Market file at `path`.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when it cannot be written.
  /// - Complexity: O(stored entries).
  public func writeMatrixMarket(to path: String) throws {
    try MatrixMarket.write(coordinates, to: path)
  }
}
