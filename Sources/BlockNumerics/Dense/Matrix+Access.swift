extension Matrix {
  /// Row `index` as an array. An index out of range stops with a precondition failure.
  /// - Complexity: O(columns).
  public func row(_ index: Int) -> [Scalar] {
    precondition(index >= 0 && index < rows, "Matrix.row(_:): row \(index) is outside a \(shapeDescription) matrix")
    return Array(_storage[index * columns..<(index + 1) * columns])
  }

  /// Column `index` as an array. An index out of range stops with a precondition failure.
  /// - Complexity: O(rows).
  public func column(_ index: Int) -> [Scalar] {
    precondition(
      index >= 0 && index < columns, "Matrix.column(_:): column \(index) is outside a \(shapeDescription) matrix")
    return (0..<rows).map { _storage[$0 * columns + index] }
  }

  /// Replaces row `index`.
  /// - Throws: ``BlockNumericsError`` when the index is out of range or `values.count != columns`.
  public mutating func setRow(_ index: Int, to values: [Scalar]) throws {
    guard index >= 0 && index < rows else {
      throw BlockNumericsError.invalidArgument(
        operation: "Matrix.setRow(_:to:)", message: "row \(index) is outside a \(shapeDescription) matrix")
    }
    guard values.count == columns else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Matrix.setRow(_:to:)",
        message: "a row of a \(shapeDescription) matrix has \(columns) elements, got \(values.count)")
    }
    _storage.replaceSubrange(index * columns..<(index + 1) * columns, with: values)
  }

  /// Replaces column `index`.
  /// - Throws: ``BlockNumericsError`` when the index is out of range or `values.count != rows`.
  public mutating func setColumn(_ index: Int, to values: [Scalar]) throws {
    guard index >= 0 && index < columns else {
      throw BlockNumericsError.invalidArgument(
        operation: "Matrix.setColumn(_:to:)", message: "column \(index) is outside a \(shapeDescription) matrix")
    }
    guard values.count == rows else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Matrix.setColumn(_:to:)",
        message: "a column of a \(shapeDescription) matrix has \(rows) elements, got \(values.count)")
    }
    for i in 0..<rows { _storage[i * columns + index] = values[i] }
  }

  func _checkRanges(_ rowRange: Range<Int>, _ columnRange: Range<Int>, _ operation: String) throws {
    guard rowRange.lowerBound >= 0, rowRange.upperBound <= rows,
      columnRange.lowerBound >= 0, columnRange.upperBound <= columns
    else {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "rows \(rowRange) and columns \(columnRange) are not inside a \(shapeDescription) matrix")
    }
  }

  /// A copy of the rows `rowRange` and columns `columnRange`.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` when a range
  ///   reaches outside the matrix.
  /// - Complexity: O(rowRange.count · columnRange.count).
  public func submatrix(rows rowRange: Range<Int>, columns columnRange: Range<Int>) throws -> Matrix {
    try _checkRanges(rowRange, columnRange, "Matrix.submatrix(rows:columns:)")
    return withUnsafeView { Matrix(copying: $0.subview(rows: rowRange, columns: columnRange)) }
  }

  /// The block at rows `rowRange` and columns `columnRange`, as a copy; setting it writes the
  /// block back. Ranges outside the matrix, or a new value of another shape, stop with a
  /// precondition failure (``submatrix(rows:columns:)`` throws instead).
  /// - Complexity: O(rowRange.count · columnRange.count).
  public subscript(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> Matrix {
    get {
      do { return try submatrix(rows: rowRange, columns: columnRange) } catch { preconditionFailure("\(error)") }
    }
    set {
      do { try setSubmatrix(rows: rowRange, columns: columnRange, to: newValue) } catch {
        preconditionFailure("\(error)")
      }
    }
  }

  /// Writes `block` into the rows and columns starting at `rowRange` and `columnRange`.
  /// - Throws: ``BlockNumericsError`` when a range reaches outside the matrix or `block`'s
  ///   shape differs from the ranges'.
  /// - Complexity: O(block.count).
  public mutating func setSubmatrix(rows rowRange: Range<Int>, columns columnRange: Range<Int>, to block: Matrix) throws {
    let operation = "Matrix.setSubmatrix(rows:columns:to:)"
    try _checkRanges(rowRange, columnRange, operation)
    guard block.rows == rowRange.count, block.columns == columnRange.count else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "rows \(rowRange) × columns \(columnRange) hold a \(rowRange.count)×\(columnRange.count) block, got \(block.shapeDescription)")
    }
    block.withUnsafeView { source in
      withUnsafeMutableView { target in
        let window = target.subview(rows: rowRange, columns: columnRange)
        for i in 0..<source.rows {
          (window.base + i * window.leadingDimension).update(from: source.base + i * source.leadingDimension, count: source.columns)
        }
      }
    }
  }

  /// The same entries in a new shape (row-major order is kept, as NumPy's `reshape`).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when
  ///   `rows · columns` differs from ``count``.
  public func reshaped(rows newRows: Int, columns newColumns: Int) throws -> Matrix {
    guard newRows >= 0, newColumns >= 0, newRows * newColumns == count else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Matrix.reshaped(rows:columns:)",
        message: "cannot reshape \(shapeDescription) (\(count) elements) to \(newRows)×\(newColumns)")
    }
    return Matrix(_unchecked: newRows, newColumns, elements)
  }
}
