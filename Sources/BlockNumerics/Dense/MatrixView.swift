/// A read-only window onto a row-major matrix: base pointer, shape and leading dimension.
///
/// Views are how a block of a dense matrix reaches BLAS without a copy. They live only
/// inside the closures of ``Matrix/withUnsafeView(_:)`` and friends and must not escape.
///
/// ```
///   leadingDimension
///  ├───────────────────┤
///  ┌───────────────────┐
///  │   base ┌──────┐   │  the view: rows × columns entries,
///  │        │ view │   │  row i starting at base + i·leadingDimension
///  │        └──────┘   │
///  └───────────────────┘
/// ```
@usableFromInline
struct MatrixView<Scalar: BLASScalar>: @unchecked Sendable {
  @usableFromInline let base: UnsafePointer<Scalar>
  @usableFromInline let rows: Int
  @usableFromInline let columns: Int
  @usableFromInline let leadingDimension: Int

  @inlinable
  init(base: UnsafePointer<Scalar>, rows: Int, columns: Int, leadingDimension: Int) {
    self.base = base
    self.rows = rows
    self.columns = columns
    self.leadingDimension = leadingDimension
  }

  /// The rows `rowRange` and columns `columnRange` of this view, sharing its memory.
  @inlinable
  func subview(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> MatrixView {
    MatrixView(
      base: base + rowRange.lowerBound * leadingDimension + columnRange.lowerBound,
      rows: rowRange.count, columns: columnRange.count, leadingDimension: leadingDimension)
  }

  /// Entry `(i, j)`, unchecked.
  @inlinable subscript(i: Int, j: Int) -> Scalar { base[i &* leadingDimension &+ j] }
}

/// A mutable window onto a row-major matrix; see ``MatrixView``.
@usableFromInline
struct MutableMatrixView<Scalar: BLASScalar>: @unchecked Sendable {
  @usableFromInline let base: UnsafeMutablePointer<Scalar>
  @usableFromInline let rows: Int
  @usableFromInline let columns: Int
  @usableFromInline let leadingDimension: Int

  @inlinable
  init(base: UnsafeMutablePointer<Scalar>, rows: Int, columns: Int, leadingDimension: Int) {
    self.base = base
    self.rows = rows
    self.columns = columns
    self.leadingDimension = leadingDimension
  }

  /// The rows `rowRange` and columns `columnRange` of this view, sharing its memory.
  @inlinable
  func subview(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> MutableMatrixView {
    MutableMatrixView(
      base: base + rowRange.lowerBound * leadingDimension + columnRange.lowerBound,
      rows: rowRange.count, columns: columnRange.count, leadingDimension: leadingDimension)
  }

  /// The same memory, read-only.
  @inlinable var readOnly: MatrixView<Scalar> {
    MatrixView(base: UnsafePointer(base), rows: rows, columns: columns, leadingDimension: leadingDimension)
  }

  /// Entry `(i, j)`, unchecked.
  @inlinable subscript(i: Int, j: Int) -> Scalar {
    get { base[i &* leadingDimension &+ j] }
    nonmutating set { base[i &* leadingDimension &+ j] = newValue }
  }
}

extension Matrix {
  /// Calls `body` with a view of the whole matrix.
  @inlinable
  func withUnsafeView<Result>(_ body: (MatrixView<Scalar>) throws -> Result) rethrows -> Result {
    try _storage.withUnsafeBufferPointer { buffer in
      // An empty array may have no storage; BLAS never reads from a zero-sized view, so
      // any aligned non-null address stands in for it.
      let base = buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Scalar>.alignment)!
      return try body(
        MatrixView(base: base, rows: rows, columns: columns, leadingDimension: Swift.max(1, columns)))
    }
  }

  /// Calls `body` with a mutable view of the whole matrix.
  @inlinable
  mutating func withUnsafeMutableView<Result>(
    _ body: (MutableMatrixView<Scalar>) throws -> Result
  ) rethrows -> Result {
    let rows = self.rows
    let columns = self.columns
    return try _storage.withUnsafeMutableBufferPointer { buffer in
      let base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Scalar>.alignment)!
      return try body(
        MutableMatrixView(base: base, rows: rows, columns: columns, leadingDimension: Swift.max(1, columns)))
    }
  }

  /// Copies a view into a new matrix.
  @inlinable
  init(copying view: MatrixView<Scalar>) {
    var elements = [Scalar]()
    elements.reserveCapacity(view.rows * view.columns)
    for i in 0..<view.rows {
      let row = UnsafeBufferPointer(start: view.base + i * view.leadingDimension, count: view.columns)
      elements.append(contentsOf: row)
    }
    self.init(_unchecked: view.rows, view.columns, elements)
  }
}
