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

/// A mutable window onto a row-major matrix: a ``MatrixView`` whose memory may be written.
@usableFromInline
struct MutableMatrixView<Scalar: BLASScalar>: @unchecked Sendable {
  /// The same window, read-only.
  @usableFromInline let readOnly: MatrixView<Scalar>

  @inlinable
  init(base: UnsafeMutablePointer<Scalar>, rows: Int, columns: Int, leadingDimension: Int) {
    readOnly = MatrixView(base: UnsafePointer(base), rows: rows, columns: columns, leadingDimension: leadingDimension)
  }

  @inlinable var base: UnsafeMutablePointer<Scalar> { UnsafeMutablePointer(mutating: readOnly.base) }
  @inlinable var rows: Int { readOnly.rows }
  @inlinable var columns: Int { readOnly.columns }
  @inlinable var leadingDimension: Int { readOnly.leadingDimension }

  /// The rows `rowRange` and columns `columnRange` of this view, sharing its memory.
  @inlinable
  func subview(rows rowRange: Range<Int>, columns columnRange: Range<Int>) -> MutableMatrixView {
    let window = readOnly.subview(rows: rowRange, columns: columnRange)
    return MutableMatrixView(
      base: UnsafeMutablePointer(mutating: window.base), rows: window.rows, columns: window.columns,
      leadingDimension: window.leadingDimension)
  }

  /// Entry `(i, j)`, unchecked.
  @inlinable subscript(i: Int, j: Int) -> Scalar {
    get { readOnly[i, j] }
    nonmutating set { base[i &* leadingDimension &+ j] = newValue }
  }
}

extension Matrix {
  /// Calls `body` with a view of the whole matrix.
  @inlinable
  func withUnsafeView<Result>(_ body: (MatrixView<Scalar>) throws -> Result) rethrows -> Result {
    try _storage.withUnsafeBufferPointer { buffer in
      try body(MatrixView(base: buffer._viewBase, rows: rows, columns: columns, leadingDimension: Swift.max(1, columns)))
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
      try body(MutableMatrixView(base: buffer._viewBase, rows: rows, columns: columns, leadingDimension: Swift.max(1, columns)))
    }
  }

  /// A `rows × columns` matrix whose entries `body` writes, every one of them, through a
  /// view: the storage is not zero-filled first, which would be a second pass over it.
  ///
  /// - Complexity: O(1) besides `body`.
  @inlinable
  init(_uninitializedRows rows: Int, columns: Int, _ body: (MutableMatrixView<Scalar>) throws -> Void) rethrows {
    let count = rows * columns
    let elements = try [Scalar](unsafeUninitializedCapacity: count) { buffer, initializedCount in
      try body(MutableMatrixView(base: buffer._viewBase, rows: rows, columns: columns, leadingDimension: Swift.max(1, columns)))
      initializedCount = count
    }
    self.init(_unchecked: rows, columns, elements)
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

extension UnsafeBufferPointer {
  /// The base address, or for an empty buffer (which may have none) an aligned placeholder:
  /// BLAS and the kernels never read through a zero-sized view.
  @inlinable var _viewBase: UnsafePointer<Element> {
    baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Element>.alignment)!
  }
}

extension UnsafeMutableBufferPointer {
  /// The base address, or an aligned placeholder for an empty buffer; see
  /// `UnsafeBufferPointer._viewBase`.
  @inlinable var _viewBase: UnsafeMutablePointer<Element> {
    baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Element>.alignment)!
  }
}
