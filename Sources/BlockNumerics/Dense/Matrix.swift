/// A dense, row-major matrix of `Float` or `Double`, stored contiguously.
///
/// `Matrix` is a value type with copy-on-write storage: copies are cheap until one of them
/// is mutated. Element `(i, j)` lives at `elements[i * columns + j]`:
///
/// ```
///            columns
///        ┌──────────────┐
///  rows  │ 0  1  2  3   │   elements = [0, 1, 2, 3,
///        │ 4  5  6  7   │               4, 5, 6, 7,
///        │ 8  9 10 11   │               8, 9, 10, 11]
///        └──────────────┘
/// ```
///
/// Products go to BLAS (`a * b`), factorizations to LAPACK.
/// Combining two matrices of incompatible shape with an operator stops with a
/// precondition failure naming both shapes; the named methods (``multiplied(by:)``,
/// ``adding(_:)``) throw ``BlockNumericsError`` instead.
public struct Matrix<Scalar: BLASScalar>: Sendable {
  /// The number of rows.
  public let rows: Int
  /// The number of columns.
  public let columns: Int
  /// The entries in row-major order; `elements.count == rows * columns`.
  @inlinable public var elements: [Scalar] { _storage }

  /// The storage behind ``elements``.
  @usableFromInline var _storage: [Scalar]

  /// Creates a matrix without checking that `elements.count == rows * columns`.
  @usableFromInline
  init(_unchecked rows: Int, _ columns: Int, _ elements: [Scalar]) {
    self.rows = rows
    self.columns = columns
    self._storage = elements
  }

  /// A `rows × columns` matrix with every entry equal to `value` (zeros by default).
  ///
  /// Negative sizes stop with a precondition failure, as `Array(repeating:count:)` does.
  /// - Complexity: O(rows · columns).
  public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
    precondition(
      rows >= 0 && columns >= 0, "Matrix(rows:columns:): sizes must be non-negative, got \(rows)×\(columns)")
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    precondition(!overflow, "Matrix(rows:columns:): \(rows)×\(columns) overflows Int")
    self.init(_unchecked: rows, columns, Array(repeating: value, count: count))
  }

  /// A `rows × columns` matrix whose entries are `elements` in row-major order.
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for negative
  ///   sizes, ``BlockNumericsError/shapeMismatch(operation:message:)`` when
  ///   `elements.count != rows * columns`.
  public init(rows: Int, columns: Int, elements: [Scalar]) throws {
    let operation = "Matrix(rows:columns:elements:)"
    guard rows >= 0, columns >= 0 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "sizes must be non-negative, got \(rows)×\(columns)")
    }
    let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard !overflow, count == elements.count else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "a \(rows)×\(columns) matrix needs \(overflow ? "more than Int.max" : String(count)) elements, got \(elements.count)")
    }
    self.init(_unchecked: rows, columns, elements)
  }

  /// A matrix from an array of rows, as NumPy's `np.array([[1, 2], [3, 4]])`.
  ///
  /// `[]` gives a `0 × 0` matrix and `[[]]` a `1 × 0` matrix.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the rows
  ///   have different lengths (naming the first row that differs).
  /// - Complexity: O(rows · columns).
  public init(_ rowArrays: [[Scalar]]) throws {
    let columns = rowArrays.first?.count ?? 0
    var elements: [Scalar] = []
    elements.reserveCapacity(rowArrays.count * columns)
    for (index, row) in rowArrays.enumerated() {
      guard row.count == columns else {
        throw BlockNumericsError.shapeMismatch(
          operation: "Matrix(_: [[Scalar]])",
          message: "row 0 has \(columns) elements but row \(index) has \(row.count); all rows must have the same length")
      }
      elements.append(contentsOf: row)
    }
    self.init(_unchecked: rowArrays.count, columns, elements)
  }

  /// The `n × n` identity matrix.
  /// - Complexity: O(n²).
  public static func identity(_ n: Int) -> Matrix {
    var result = Matrix(rows: n, columns: n)
    for i in 0..<n { result._storage[i * n + i] = 1 }
    return result
  }

  /// A square matrix with `diagonal` on its diagonal and zeros elsewhere.
  /// - Complexity: O(n²).
  public static func diagonal(_ diagonal: [Scalar]) -> Matrix {
    let n = diagonal.count
    var result = Matrix(rows: n, columns: n)
    for i in 0..<n { result._storage[i * n + i] = diagonal[i] }
    return result
  }

  /// `(rows, columns)`.
  @inlinable public var shape: (rows: Int, columns: Int) { (rows, columns) }

  /// The number of entries, `rows · columns`.
  @inlinable public var count: Int { _storage.count }

  /// Whether the matrix has no entries (zero rows or zero columns).
  @inlinable public var isEmpty: Bool { _storage.isEmpty }

  /// The shape as `rows×columns`, the form every message uses.
  public var shapeDescription: String { "\(rows)×\(columns)" }

  /// The entry in row `row` and column `column`.
  ///
  /// An index outside the matrix stops with a precondition failure naming the index and
  /// the shape, as `Array` does for a bad index. Setting an entry copies the storage first
  /// if another matrix shares it.
  /// - Complexity: O(1) (O(rows · columns) for the first write to shared storage).
  @inlinable
  public subscript(row: Int, column: Int) -> Scalar {
    get {
      precondition(
        row >= 0 && row < rows && column >= 0 && column < columns,
        "Matrix subscript: index [\(row), \(column)] is outside a \(rows)×\(columns) matrix")
      return _storage[row &* columns &+ column]
    }
    set {
      precondition(
        row >= 0 && row < rows && column >= 0 && column < columns,
        "Matrix subscript: index [\(row), \(column)] is outside a \(rows)×\(columns) matrix")
      _storage[row &* columns &+ column] = newValue
    }
  }

  /// Calls `body` with the entries in row-major order.
  @inlinable
  public func withUnsafeBufferPointer<Result>(
    _ body: (UnsafeBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result {
    try _storage.withUnsafeBufferPointer(body)
  }

  /// Calls `body` with mutable access to the entries in row-major order; the count must not
  /// change.
  @inlinable
  public mutating func withUnsafeMutableBufferPointer<Result>(
    _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result {
    try _storage.withUnsafeMutableBufferPointer(body)
  }
}

extension Matrix: Equatable {
  /// Two matrices are equal when their shapes and all entries are equal (NaN ≠ NaN).
  public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
    guard lhs.rows == rhs.rows && lhs.columns == rhs.columns else { return false }
    // Compared entry by entry: `Array ==` treats shared storage as equal, even with NaN.
    return lhs._storage.withUnsafeBufferPointer { a in
      rhs._storage.withUnsafeBufferPointer { b in
        for i in a.indices where a[i] != b[i] { return false }
        return true
      }
    }
  }
}
