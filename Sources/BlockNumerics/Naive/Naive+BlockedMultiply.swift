extension Naive {
  /// Tile sizes for ``Naive/blockedMultiply(_:_:parameters:)``, in elements.
  ///
  /// The product `C = A·B` is cut into tiles: a `innerTile × columnTile` panel of `B` is
  /// copied into a contiguous buffer that stays in the L2 cache, then every row of `A` runs
  /// over it in groups of `rowTile` rows, updating a `rowTile × columnTile` tile of `C`:
  ///
  /// ```
  ///            columnTile                       columnTile
  ///   innerTile ┌──────┐                 ┌──────┬──────┐
  ///   ┌───┐     │  B   │ packed once,    │  C   │      │ rowTile
  ///   │ A │  ·  │ panel│ reused by all   ├──────┤      │
  ///   └───┘     └──────┘ rows of A       │      │      │
  /// ```
  public struct BlockedParameters: Sendable, Equatable, CustomStringConvertible {
    /// Rows of `A` and `C` handled together over one packed panel of `B`.
    public let rowTile: Int
    /// The length of the partial dot products: rows of the packed `B` panel.
    public let innerTile: Int
    /// Columns of the packed `B` panel and of the `C` tile it updates.
    public let columnTile: Int

    /// Tile sizes that suit 32 KiB L1 and 512 KiB L2 caches: a `128 × 256` panel of
    /// `Double` is 256 KiB, and four rows of `C` plus a row of the panel stay in L1.
    public static let automatic = BlockedParameters(_rowTile: 64, innerTile: 128, columnTile: 256)

    @usableFromInline
    init(_rowTile rowTile: Int, innerTile: Int, columnTile: Int) {
      self.rowTile = rowTile
      self.innerTile = innerTile
      self.columnTile = columnTile
    }

    /// Tile sizes of your choice.
    /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` unless every
    ///   tile size is at least 1.
    public init(rowTile: Int, innerTile: Int, columnTile: Int) throws {
      guard rowTile >= 1, innerTile >= 1, columnTile >= 1 else {
        throw BlockNumericsError.invalidArgument(
          operation: "Naive.BlockedParameters(rowTile:innerTile:columnTile:)",
          message: "tile sizes must be at least 1, got rowTile \(rowTile), innerTile \(innerTile), columnTile \(columnTile)")
      }
      self.init(_rowTile: rowTile, innerTile: innerTile, columnTile: columnTile)
    }

    /// The three tile sizes, for benchmark tables.
    public var description: String {
      "rowTile \(rowTile), innerTile \(innerTile), columnTile \(columnTile)"
    }
  }

  /// The matrix product `a · b` by a cache-blocked loop in pure Swift (no BLAS).
  ///
  /// Panels of `b` are packed into a contiguous buffer (Goto & van de Geijn's scheme
  /// without the assembly micro-kernel); inside a tile the loops run in `i-k-j` order over
  /// four rows of `C` at a time, so the innermost loop streams along rows and the compiler
  /// can vectorize it. Each entry of `C` accumulates in increasing `k`, `innerTile` terms
  /// at a time, so results match ``multiply(_:_:)`` up to rounding.
  ///
  /// `a` is `m × k` and `b` is `k × n`; the result is `m × n` (zeros when `k == 0`).
  /// - Parameters:
  ///   - a: the left factor, `m × k`.
  ///   - b: the right factor, `k × n`.
  ///   - parameters: Tile sizes; ``BlockedParameters/automatic`` by default.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when
  ///   `a.columns != b.rows`, naming both shapes.
  /// - Complexity: O(m·n·k) time; O(m·n) memory for the result plus
  ///   `innerTile · columnTile` elements for the packed panel.
  @inlinable
  public static func blockedMultiply<Scalar: BLASScalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, parameters: BlockedParameters = .automatic
  ) throws -> Matrix<Scalar> {
    try _checkProductShapes(a, b, "Naive.blockedMultiply(_:_:parameters:)")
    let m = a.rows
    let n = b.columns
    let k = a.columns
    var c = Matrix<Scalar>(rows: m, columns: n)
    if m == 0 || n == 0 || k == 0 { return c }

    let innerTile = Swift.min(parameters.innerTile, k)
    let columnTile = Swift.min(parameters.columnTile, n)
    let rowTile = parameters.rowTile
    let panel = UnsafeMutablePointer<Scalar>.allocate(capacity: innerTile * columnTile)
    defer { panel.deallocate() }

    a.withUnsafeView { a in
      b.withUnsafeView { b in
        c.withUnsafeMutableView { c in
          for columnStart in stride(from: 0, to: n, by: columnTile) {
            let width = Swift.min(columnTile, n - columnStart)
            for innerStart in stride(from: 0, to: k, by: innerTile) {
              let depth = Swift.min(innerTile, k - innerStart)
              for p in 0..<depth {
                (panel + p &* width).update(
                  from: b.base + (innerStart + p) &* b.leadingDimension + columnStart, count: width)
              }
              for rowStart in stride(from: 0, to: m, by: rowTile) {
                _accumulateTile(
                  a: a.base + rowStart &* a.leadingDimension + innerStart, aStride: a.leadingDimension,
                  panel: panel, depth: depth, width: width,
                  c: c.base + rowStart &* c.leadingDimension + columnStart, cStride: c.leadingDimension,
                  rows: Swift.min(rowTile, m - rowStart))
              }
            }
          }
        }
      }
    }
    return c
  }

  /// `C[0..<rows, 0..<width] += A[0..<rows, 0..<depth] · panel`, where `panel` is a
  /// contiguous `depth × width` row-major buffer; `i-k-j` order, four rows at a time.
  @inlinable
  static func _accumulateTile<Scalar: BLASScalar>(
    a: UnsafePointer<Scalar>, aStride: Int,
    panel: UnsafePointer<Scalar>, depth: Int, width: Int,
    c: UnsafeMutablePointer<Scalar>, cStride: Int,
    rows: Int
  ) {
    var i = 0
    // Four rows of C share every load of a panel row, which halves the memory traffic
    // per multiply–add compared with one row at a time.
    while i + 4 <= rows {
      let a0 = a + i &* aStride
      let a1 = a0 + aStride
      let a2 = a1 + aStride
      let a3 = a2 + aStride
      let c0 = c + i &* cStride
      let c1 = c0 + cStride
      let c2 = c1 + cStride
      let c3 = c2 + cStride
      for p in 0..<depth {
        let x0 = a0[p]
        let x1 = a1[p]
        let x2 = a2[p]
        let x3 = a3[p]
        let row = panel + p &* width
        for j in 0..<width {
          let y = row[j]
          c0[j] += x0 * y
          c1[j] += x1 * y
          c2[j] += x2 * y
          c3[j] += x3 * y
        }
      }
      i += 4
    }
    while i < rows {
      let aRow = a + i &* aStride
      let cRow = c + i &* cStride
      for p in 0..<depth {
        let x = aRow[p]
        let row = panel + p &* width
        for j in 0..<width {
          cRow[j] += x * row[j]
        }
      }
      i += 1
    }
  }
}
