/// A matrix cut into a grid of blocks by a ``BlockPartition``, where a block may be absent
/// (structurally zero) and products and sums skip absent blocks.
///
/// Block `(I, J)` of a product is `C_IJ = Σ_K A_IK · B_KJ`; ``multiplied(by:parameters:)`` computes the
/// output blocks in parallel with one BLAS call per block product (or per merged tile).
///
/// Storage takes one of two forms, chosen by how the matrix was made:
///
/// ```
///  contiguous (BlockMatrix(matrix, partition:)):     packed (blockDiagonal, absent blocks):
///  one row-major matrix, blocks are views            present blocks back to back, row-major
///  ┌────┬──────┐                                      values:  [ A₀₀ … | A₁₁ … ]
///  │ 00 │  01  │  no copy of the matrix is made;      offsets: [0, nil, nil, 4]
///  ├────┼──────┤  consecutive blocks merge into         (block (I, J) at I·blockColumnCount + J;
///  │ 10 │  11  │  one BLAS call in products             nil = absent)
///  └────┴──────┘
/// ```
///
/// `BlockMatrix` is a value type with copy-on-write storage.
public struct BlockMatrix<Scalar: BLASScalar>: Sendable {
  /// How rows and columns are cut into blocks.
  public let partition: BlockPartition
  @usableFromInline var storage: Storage

  @usableFromInline
  enum Storage: Sendable {
    /// Every block present, stored as one row-major matrix.
    case contiguous(Matrix<Scalar>)
    /// Present blocks row-major and back to back in `values`; `offsets[I · blockColumnCount + J]`
    /// is where block `(I, J)` starts, or nil when it is absent.
    case packed(values: [Scalar], offsets: [Int?])
  }

  init(partition: BlockPartition, storage: Storage) {
    self.partition = partition
    self.storage = storage
    _checkInvariants()
  }

  /// The blocks of `matrix` under `partition`, sharing `matrix`'s storage (no copy).
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the partition
  ///   covers another shape than the matrix's.
  /// - Complexity: O(1).
  public init(_ matrix: Matrix<Scalar>, partition: BlockPartition) throws {
    guard partition.rows == matrix.rows && partition.columns == matrix.columns else {
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockMatrix(_:partition:)",
        message: "the partition \(partition) covers \(partition.rows)×\(partition.columns), but the matrix is \(matrix.shapeDescription)")
    }
    self.init(partition: partition, storage: .contiguous(matrix))
  }

  /// A block matrix whose blocks are all absent (a zero matrix of the partition's shape).
  /// - Complexity: O(number of blocks).
  public init(zeros partition: BlockPartition) {
    self.init(
      partition: partition,
      storage: .packed(values: [], offsets: Array(repeating: nil, count: partition.blockRowCount * partition.blockColumnCount)))
  }

  /// A block matrix from a grid of blocks, all present, as NumPy's `np.block`; the
  /// partition is read off the blocks' shapes. The blocks are copied into one contiguous
  /// matrix.
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the rows of the
  ///   grid have different lengths, or blocks in one block row differ in height or blocks in
  ///   one block column differ in width; ``BlockNumericsError/invalidArgument(operation:message:)``
  ///   for an empty block.
  /// - Complexity: O(rows · columns).
  public init(blocks: [[Matrix<Scalar>]]) throws {
    try self.init(blocks: blocks.map { $0.map { Optional($0) } }, operation: "BlockMatrix(blocks:)")
    storage = .contiguous(assembled())
  }

  /// A block matrix from a grid of blocks where `nil` marks an absent (zero) block.
  ///
  /// Block heights come from the present blocks of each block row and widths from those of
  /// each block column; pass `partition` when a whole block row or column is absent.
  /// - Throws: ``BlockNumericsError`` when the grid is ragged, when blocks disagree with each
  ///   other or with `partition`, or when a size cannot be inferred.
  /// - Complexity: O(size of the present blocks).
  public init(blocks: [[Matrix<Scalar>?]], partition: BlockPartition? = nil) throws {
    try self.init(blocks: blocks, partition: partition, operation: "BlockMatrix(blocks:partition:)")
  }

  private init(blocks: [[Matrix<Scalar>?]], partition given: BlockPartition? = nil, operation: String) throws {
    let blockRowCount = given?.blockRowCount ?? blocks.count
    let blockColumnCount = given?.blockColumnCount ?? blocks.first?.count ?? 0
    guard blocks.count == blockRowCount else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation, message: "the grid has \(blocks.count) block rows but the partition \(given!) has \(blockRowCount)")
    }
    for (index, row) in blocks.enumerated() where row.count != blockColumnCount {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "block row \(index) has \(row.count) blocks, expected \(blockColumnCount) (a grid must be rectangular)")
    }
    var heights = given?.rowBlockSizes ?? Array(repeating: 0, count: blockRowCount)
    var widths = given?.columnBlockSizes ?? Array(repeating: 0, count: blockColumnCount)
    for (i, row) in blocks.enumerated() {
      for (j, block) in row.enumerated() {
        guard let block else { continue }
        guard block.rows > 0 && block.columns > 0 else {
          throw BlockNumericsError.invalidArgument(
            operation: operation, message: "block (\(i), \(j)) is \(block.shapeDescription); blocks must not be empty")
        }
        if heights[i] == 0 { heights[i] = block.rows }
        if widths[j] == 0 { widths[j] = block.columns }
        guard block.rows == heights[i] && block.columns == widths[j] else {
          throw BlockNumericsError.shapeMismatch(
            operation: operation,
            message: "block (\(i), \(j)) is \(block.shapeDescription), but its block row is \(heights[i]) high and its block column \(widths[j]) wide")
        }
      }
    }
    if let i = heights.firstIndex(of: 0) {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "block row \(i) has no present block to take its height from; pass partition:")
    }
    if let j = widths.firstIndex(of: 0) {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "block column \(j) has no present block to take its width from; pass partition:")
    }
    var values: [Scalar] = []
    var offsets: [Int?] = []
    for row in blocks {
      for block in row {
        if let block {
          offsets.append(values.count)
          values.append(contentsOf: block.elements)
        } else {
          offsets.append(nil)
        }
      }
    }
    self.init(partition: BlockPartition(_checked: heights, widths), storage: .packed(values: values, offsets: offsets))
  }

  /// The block-diagonal matrix with `blocks` on its diagonal and every off-diagonal block
  /// absent; block `I` sets the height of block row `I` and the width of block column `I`.
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for an empty block
  ///   (a zero size), naming it, as ``init(blocks:)`` does.
  /// - Complexity: O(size of the blocks + blocks.count²).
  public static func blockDiagonal(_ blocks: [Matrix<Scalar>]) throws -> BlockMatrix {
    if let index = blocks.firstIndex(where: { $0.rows == 0 || $0.columns == 0 }) {
      throw BlockNumericsError.invalidArgument(
        operation: "BlockMatrix.blockDiagonal(_:)",
        message: "block \(index) is \(blocks[index].shapeDescription); blocks must not be empty")
    }
    let n = blocks.count
    var values: [Scalar] = []
    values.reserveCapacity(blocks.reduce(0) { $0 + $1.count })
    var offsets = [Int?](repeating: nil, count: n * n)
    for (i, block) in blocks.enumerated() {
      offsets[i * n + i] = values.count
      values.append(contentsOf: block.elements)
    }
    return BlockMatrix(
      partition: BlockPartition(_checked: blocks.map(\.rows), blocks.map(\.columns)),
      storage: .packed(values: values, offsets: offsets))
  }

  /// The number of rows.
  public var rows: Int { partition.rows }
  /// The number of columns.
  public var columns: Int { partition.columns }
  /// The number of block rows.
  public var blockRowCount: Int { partition.blockRowCount }
  /// The number of block columns.
  public var blockColumnCount: Int { partition.blockColumnCount }
  /// The shape as `rows×columns`.
  public var shapeDescription: String { "\(rows)×\(columns)" }

  /// The number of blocks that are stored (present); absent blocks are structurally zero.
  public var storedBlockCount: Int {
    switch storage {
    case .contiguous: return blockRowCount * blockColumnCount
    case .packed(_, let offsets): return offsets.lazy.filter { $0 != nil }.count
    }
  }

  /// Whether block `(blockRow, blockColumn)` is stored; an absent block is zero and is
  /// skipped by products and sums.
  public func hasStoredBlock(blockRow: Int, blockColumn: Int) -> Bool {
    _checkBlockIndex(blockRow, blockColumn, "BlockMatrix.hasStoredBlock")
    switch storage {
    case .contiguous: return true
    case .packed(_, let offsets): return offsets[blockRow * blockColumnCount + blockColumn] != nil
    }
  }

  func _checkBlockIndex(_ blockRow: Int, _ blockColumn: Int, _ operation: String) {
    precondition(
      blockRow >= 0 && blockRow < blockRowCount && blockColumn >= 0 && blockColumn < blockColumnCount,
      "\(operation): block [\(blockRow), \(blockColumn)] is outside a \(blockRowCount)×\(blockColumnCount) grid of blocks")
  }

  /// Block `(blockRow, blockColumn)` as a matrix (zeros when the block is absent).
  ///
  /// Setting a block stores it (making it present); a new value of another shape than the
  /// partition gives it, or a block index outside the grid, stops with a precondition
  /// failure naming both (``setBlock(_:blockRow:blockColumn:)`` throws instead).
  /// - Complexity: O(block size).
  public subscript(blockRow blockRow: Int, blockColumn blockColumn: Int) -> Matrix<Scalar> {
    get {
      _checkBlockIndex(blockRow, blockColumn, "BlockMatrix subscript")
      let rowRange = partition.rowRange(ofBlockRow: blockRow)
      let columnRange = partition.columnRange(ofBlockColumn: blockColumn)
      switch storage {
      case .contiguous(let matrix):
        return matrix.withUnsafeView { Matrix(copying: $0.subview(rows: rowRange, columns: columnRange)) }
      case .packed(let values, let offsets):
        guard let offset = offsets[blockRow * blockColumnCount + blockColumn] else {
          return Matrix(rows: rowRange.count, columns: columnRange.count)
        }
        return Matrix(_unchecked: rowRange.count, columnRange.count, Array(values[offset..<offset + rowRange.count * columnRange.count]))
      }
    }
    set {
      do { try setBlock(newValue, blockRow: blockRow, blockColumn: blockColumn) } catch { preconditionFailure("\(error)") }
    }
  }

  /// Stores `block` as block `(blockRow, blockColumn)`, making it present.
  ///
  /// - Throws: ``BlockNumericsError`` when the index is outside the grid or `block`'s shape
  ///   differs from the partition's block shape there.
  /// - Complexity: O(block size), amortized.
  public mutating func setBlock(_ block: Matrix<Scalar>, blockRow: Int, blockColumn: Int) throws {
    let operation = "BlockMatrix.setBlock(_:blockRow:blockColumn:)"
    guard blockRow >= 0 && blockRow < blockRowCount && blockColumn >= 0 && blockColumn < blockColumnCount else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "block [\(blockRow), \(blockColumn)] is outside a \(blockRowCount)×\(blockColumnCount) grid of blocks")
    }
    let rowRange = partition.rowRange(ofBlockRow: blockRow)
    let columnRange = partition.columnRange(ofBlockColumn: blockColumn)
    guard block.rows == rowRange.count && block.columns == columnRange.count else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "block [\(blockRow), \(blockColumn)] is \(rowRange.count)×\(columnRange.count) under \(partition), got \(block.shapeDescription)")
    }
    switch storage {
    case .contiguous(var matrix):
      storage = .packed(values: [], offsets: [])  // release the reference so the write does not copy
      try matrix.setSubmatrix(rows: rowRange, columns: columnRange, to: block)
      storage = .contiguous(matrix)
    case .packed(var values, var offsets):
      storage = .packed(values: [], offsets: [])
      let index = blockRow * blockColumnCount + blockColumn
      if let offset = offsets[index] {
        values.replaceSubrange(offset..<offset + block.count, with: block.elements)
      } else {
        offsets[index] = values.count
        values.append(contentsOf: block.elements)
      }
      storage = .packed(values: values, offsets: offsets)
    }
  }

  /// Makes block `(blockRow, blockColumn)` absent (structurally zero).
  ///
  /// The storage is always repacked: every remaining stored block is copied (for a
  /// contiguous matrix, every entry).
  /// - Complexity: O(size of the stored blocks + blockRowCount · blockColumnCount).
  public mutating func removeBlock(blockRow: Int, blockColumn: Int) {
    _checkBlockIndex(blockRow, blockColumn, "BlockMatrix.removeBlock")
    let index = blockRow * blockColumnCount + blockColumn
    var blocks = _blockGrid()
    blocks[index] = nil
    storage = Self.packedStorage(blocks)
  }

  /// Every block as an optional matrix, in row-major block order.
  func _blockGrid() -> [Matrix<Scalar>?] {
    (0..<blockRowCount).flatMap { i in
      (0..<blockColumnCount).map { j in hasStoredBlock(blockRow: i, blockColumn: j) ? self[blockRow: i, blockColumn: j] : nil }
    }
  }

  static func packedStorage(_ blocks: [Matrix<Scalar>?]) -> Storage {
    var values: [Scalar] = []
    var offsets: [Int?] = []
    for block in blocks {
      if let block {
        offsets.append(values.count)
        values.append(contentsOf: block.elements)
      } else {
        offsets.append(nil)
      }
    }
    return .packed(values: values, offsets: offsets)
  }

  /// The whole matrix, with zeros for absent blocks. Free for contiguous storage.
  /// - Complexity: O(rows · columns).
  public func assembled() -> Matrix<Scalar> {
    switch storage {
    case .contiguous(let matrix):
      return matrix
    case .packed:
      var result = Matrix<Scalar>(rows: rows, columns: columns)
      withBlockViews { blocks in
        result.withUnsafeMutableView { target in
          for i in 0..<blockRowCount {
            for j in 0..<blockColumnCount {
              guard let block = blocks.view(i, j) else { continue }
              let window = target.subview(rows: partition.rowRange(ofBlockRow: i), columns: partition.columnRange(ofBlockColumn: j))
              for r in 0..<block.rows {
                (window.base + r * window.leadingDimension).update(from: block.base + r * block.leadingDimension, count: block.columns)
              }
            }
          }
        }
      }
      return result
    }
  }

  /// Checks that the storage agrees with the partition, in builds with internal checks.
  func _checkInvariants() {
    #if BLOCKNUMERICS_INTERNAL_CHECKS
    partition._checkInvariants()
    switch storage {
    case .contiguous(let matrix):
      precondition(matrix.rows == partition.rows && matrix.columns == partition.columns, "BlockMatrix invariant: shape")
    case .packed(let values, let offsets):
      precondition(offsets.count == partition.blockRowCount * partition.blockColumnCount, "BlockMatrix invariant: offsets")
      for i in 0..<partition.blockRowCount {
        for j in 0..<partition.blockColumnCount {
          guard let offset = offsets[i * partition.blockColumnCount + j] else { continue }
          let size = partition.rowBlockSizes[i] * partition.columnBlockSizes[j]
          precondition(offset >= 0 && offset + size <= values.count, "BlockMatrix invariant: block (\(i), \(j)) out of storage")
        }
      }
    }
    #endif
  }
}

/// Read-only views of every block of a ``BlockMatrix``, valid inside
/// ``BlockMatrix/withBlockViews(_:)``.
struct BlockViews<Scalar: BLASScalar>: @unchecked Sendable {
  let partition: BlockPartition
  /// The whole matrix when the storage is contiguous.
  let contiguous: MatrixView<Scalar>?
  /// The packed values and offsets otherwise.
  let packedBase: UnsafePointer<Scalar>?
  let offsets: [Int?]

  /// Block `(i, j)`, or nil when it is absent.
  func view(_ i: Int, _ j: Int) -> MatrixView<Scalar>? {
    let rowRange = partition.rowRange(ofBlockRow: i)
    let columnRange = partition.columnRange(ofBlockColumn: j)
    if let contiguous { return contiguous.subview(rows: rowRange, columns: columnRange) }
    guard let offset = offsets[i * partition.blockColumnCount + j], let packedBase else { return nil }
    return MatrixView(base: packedBase + offset, rows: rowRange.count, columns: columnRange.count, leadingDimension: columnRange.count)
  }
}

extension BlockMatrix {
  /// Calls `body` with views of every block.
  func withBlockViews<Result>(_ body: (BlockViews<Scalar>) throws -> Result) rethrows -> Result {
    switch storage {
    case .contiguous(let matrix):
      return try matrix.withUnsafeView { whole in
        try body(BlockViews(partition: partition, contiguous: whole, packedBase: nil, offsets: []))
      }
    case .packed(let values, let offsets):
      return try values.withUnsafeBufferPointer { buffer in
        try body(BlockViews(partition: partition, contiguous: nil, packedBase: buffer.baseAddress, offsets: offsets))
      }
    }
  }
}

extension BlockMatrix: Equatable {
  /// Equal when the partitions are equal and every entry is equal; an absent block equals a
  /// stored block of zeros.
  public static func == (lhs: BlockMatrix, rhs: BlockMatrix) -> Bool {
    guard lhs.partition == rhs.partition else { return false }
    for i in 0..<lhs.blockRowCount {
      for j in 0..<lhs.blockColumnCount {
        let left = lhs.hasStoredBlock(blockRow: i, blockColumn: j)
        let right = rhs.hasStoredBlock(blockRow: i, blockColumn: j)
        if !left && !right { continue }
        if lhs[blockRow: i, blockColumn: j] != rhs[blockRow: i, blockColumn: j] { return false }
      }
    }
    return true
  }
}
