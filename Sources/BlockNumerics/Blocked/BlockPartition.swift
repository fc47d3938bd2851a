/// How a matrix's rows and columns are cut into blocks: a list of block heights and a list
/// of block widths.
///
/// ```
///   columnBlockSizes = [2, 3]
///          ┌────┬──────┐
///        1 │ 00 │  01  │   rowOffsets    = [0, 1, 4]
///  rows  3 │ 10 │  11  │   columnOffsets = [0, 2, 5]
///          └────┴──────┘
///   rowBlockSizes = [1, 3]
/// ```
///
/// Block `(I, J)` covers rows `rowOffsets[I] ..< rowOffsets[I + 1]` and columns
/// `columnOffsets[J] ..< columnOffsets[J + 1]`. Every block size is positive; a partition
/// with no blocks along an axis describes an empty axis.
public struct BlockPartition: Hashable, Sendable, CustomStringConvertible {
  /// The heights of the block rows, top to bottom.
  public let rowBlockSizes: [Int]
  /// The widths of the block columns, left to right.
  public let columnBlockSizes: [Int]
  /// Cumulative row offsets: `rowBlockSizes.count + 1` values from 0 to ``rows``.
  public let rowOffsets: [Int]
  /// Cumulative column offsets: `columnBlockSizes.count + 1` values from 0 to ``columns``.
  public let columnOffsets: [Int]

  /// A partition with the given block heights and widths.
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` when a size is not
  ///   positive (naming the first such size and its position).
  /// - Complexity: O(number of blocks along both axes).
  public init(rowBlockSizes: [Int], columnBlockSizes: [Int]) throws {
    for (axis, sizes) in [("rowBlockSizes", rowBlockSizes), ("columnBlockSizes", columnBlockSizes)] {
      if let position = sizes.firstIndex(where: { $0 <= 0 }) {
        throw BlockNumericsError.invalidArgument(
          operation: "BlockPartition(rowBlockSizes:columnBlockSizes:)",
          message: "\(axis)[\(position)] is \(sizes[position]); every block size must be positive (got \(sizes))")
      }
    }
    self.init(_checked: rowBlockSizes, columnBlockSizes)
  }

  /// A partition whose sizes are already known to be positive.
  init(_checked rowBlockSizes: [Int], _ columnBlockSizes: [Int]) {
    self.rowBlockSizes = rowBlockSizes
    self.columnBlockSizes = columnBlockSizes
    rowOffsets = Self.offsets(rowBlockSizes)
    columnOffsets = Self.offsets(columnBlockSizes)
  }

  private static func offsets(_ sizes: [Int]) -> [Int] {
    var offsets = [0]
    offsets.reserveCapacity(sizes.count + 1)
    for size in sizes { offsets.append(offsets.last! + size) }
    return offsets
  }

  /// A partition of a `rows × columns` matrix into `blockRows × blockColumns` blocks, the
  /// last block row and column smaller when the sizes do not divide evenly (ragged).
  ///
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for negative sizes
  ///   or non-positive block sizes.
  public static func uniform(rows: Int, columns: Int, blockRows: Int, blockColumns: Int) throws -> BlockPartition {
    guard rows >= 0, columns >= 0, blockRows > 0, blockColumns > 0 else {
      throw BlockNumericsError.invalidArgument(
        operation: "BlockPartition.uniform(rows:columns:blockRows:blockColumns:)",
        message: "need rows, columns ≥ 0 and block sizes > 0, got \(rows)×\(columns) in \(blockRows)×\(blockColumns) blocks")
    }
    func sizes(_ total: Int, _ block: Int) -> [Int] {
      stride(from: 0, to: total, by: block).map { Swift.min(block, total - $0) }
    }
    return BlockPartition(_checked: sizes(rows, blockRows), sizes(columns, blockColumns))
  }

  /// The number of rows covered, the sum of ``rowBlockSizes``.
  public var rows: Int { rowOffsets.last! }
  /// The number of columns covered, the sum of ``columnBlockSizes``.
  public var columns: Int { columnOffsets.last! }
  /// The number of block rows.
  public var blockRowCount: Int { rowBlockSizes.count }
  /// The number of block columns.
  public var blockColumnCount: Int { columnBlockSizes.count }

  /// The rows of block row `blockRow`.
  public func rowRange(ofBlockRow blockRow: Int) -> Range<Int> { rowOffsets[blockRow]..<rowOffsets[blockRow + 1] }

  /// The columns of block column `blockColumn`.
  public func columnRange(ofBlockColumn blockColumn: Int) -> Range<Int> {
    columnOffsets[blockColumn]..<columnOffsets[blockColumn + 1]
  }

  /// The block row containing matrix row `row`, or `nil` outside `0..<rows`.
  /// - Complexity: O(log blockRowCount), a binary search over the offsets.
  public func blockRow(containing row: Int) -> Int? { Self.block(containing: row, offsets: rowOffsets) }

  /// The block column containing matrix column `column`, or `nil` outside `0..<columns`.
  /// - Complexity: O(log blockColumnCount), a binary search over the offsets.
  public func blockColumn(containing column: Int) -> Int? { Self.block(containing: column, offsets: columnOffsets) }

  private static func block(containing index: Int, offsets: [Int]) -> Int? {
    guard index >= 0, index < offsets.last! else { return nil }
    // The last offset ≤ index, found by bisection.
    var low = 0
    var high = offsets.count - 1
    while high - low > 1 {
      let middle = (low + high) / 2
      if offsets[middle] <= index { low = middle } else { high = middle }
    }
    return low
  }

  /// The partition of the transpose: row and column sizes swapped.
  public var transposed: BlockPartition { BlockPartition(_checked: columnBlockSizes, rowBlockSizes) }

  /// `rows [r₀, r₁, …] × columns [c₀, c₁, …]`, the form messages use.
  public var description: String { "rows \(rowBlockSizes) × columns \(columnBlockSizes)" }

  /// Checks the stored invariants (positive sizes, consistent offsets) in builds with
  /// internal checks; costs nothing otherwise.
  func _checkInvariants() {
    #if BLOCKNUMERICS_INTERNAL_CHECKS
    precondition(rowOffsets.count == rowBlockSizes.count + 1 && columnOffsets.count == columnBlockSizes.count + 1)
    for (sizes, offsets) in [(rowBlockSizes, rowOffsets), (columnBlockSizes, columnOffsets)] {
      precondition(offsets.first == 0)
      for (index, size) in sizes.enumerated() {
        precondition(size > 0 && offsets[index + 1] == offsets[index] + size, "BlockPartition invariant broken")
      }
    }
    #endif
  }
}
