import Testing
@testable import BlockNumerics

/// The block sizes every sparse kernel is checked at: scalar blocks, rectangular odd blocks,
/// the micro-kernel's edge and a BLAS-sized block.
let sparseBlockSizes: [(Int, Int)] = [(1, 1), (3, 5), (8, 8), (32, 32)]

/// A seeded random block-sparse matrix on a `gridRows × gridColumns` block grid, with
/// entries in [-1, 1).
func randomSparse<Scalar: BLASScalar>(
  _: Scalar.Type, blockRows: Int, blockColumns: Int, gridRows: Int, gridColumns: Int,
  density: Double, seed: UInt64
) -> BlockSparseMatrix<Scalar> {
  var s = BlockSparseMatrix<Scalar>.random(
    rows: gridRows * blockRows, columns: gridColumns * blockColumns,
    blockRows: blockRows, blockColumns: blockColumns, density: density, seed: seed)
  s._values = s._values.map { 2 * $0 - 1 }
  return s
}

@Suite struct BlockSparseMatrixTests {
  /// The 6 × 8 example of the type's documentation, in 2 × 2 blocks.
  func documentedExample() throws -> BlockSparseMatrix<Double> {
    try BlockSparseMatrix(
      rows: 6, columns: 8, blockRows: 2, blockColumns: 2,
      blockRowPointers: [0, 2, 2, 4], blockColumnIndices: [0, 2, 1, 3],
      values: (1...16).map(Double.init))
  }

  @Test func layoutMatchesTheDocumentation() throws {
    let s = try documentedExample()
    #expect(s.blockRowCount == 3 && s.blockColumnCount == 4 && s.storedBlockCount == 4)
    #expect(s.blockDensity == 4.0 / 12)
    #expect(s.storedBlockCoordinates.map { [$0.blockRow, $0.blockColumn] } == [[0, 0], [0, 2], [2, 1], [2, 3]])
    #expect(s.block(row: 0, column: 2)?.elements == [5, 6, 7, 8])
    #expect(s.block(row: 1, column: 1) == nil)
    #expect(s[4, 3] == 10 && s[0, 1] == 2 && s[2, 2] == 0)
    let d = s.dense()
    #expect(d.shape == (6, 8))
    #expect(d.row(0) == [1, 2, 0, 0, 5, 6, 0, 0])
    #expect(d.row(5) == [0, 0, 11, 12, 0, 0, 15, 16])
    #expect(s.storedByteCount == 16 * 8 + (4 + 4) * 8)
    #expect(s.description.contains("6×8 in 2×2 blocks"))
  }

  @Test func designatedInitializerRejectsBadArrays() throws {
    func rejects(_ pointers: [Int], _ indices: [Int], _ values: Int, rows: Int = 4, columns: Int = 4, contains text: String) {
      #expect {
        try BlockSparseMatrix<Double>(
          rows: rows, columns: columns, blockRows: 2, blockColumns: 2,
          blockRowPointers: pointers, blockColumnIndices: indices, values: Array(repeating: 1, count: values))
      } throws: { error in
        "\(error)".contains("blockRowPointers:blockColumnIndices:values:") && "\(error)".contains(text)
      }
    }
    rejects([0, 1, 1], [0], 4, rows: 5, contains: "5 rows are not a multiple of 2")
    rejects([0, 1], [0], 4, contains: "needs 3 entries")
    rejects([0, 1, 2], [0], 4, contains: "start at 0 and end")
    rejects([0, 1, 1], [0], 3, contains: "need 4 values, got 3")
    rejects([0, 1, 1], [2], 4, contains: "outside 0..<2")
    rejects([0, 2, 2], [1, 1], 8, contains: "strictly increase")
    rejects([0, 2, 1, 2], [0, 1], 8, rows: 6, contains: "decreases")
    #expect(throws: BlockNumericsError.self) {
      try BlockSparseMatrix<Float>(rows: 4, columns: 4, blockRows: 0, blockColumns: 2)
    }
    #expect(throws: BlockNumericsError.self) {
      try BlockSparseMatrix<Float>(rows: -4, columns: 4, blockRows: 2, blockColumns: 2)
    }
  }

  @Test func emptyMatricesAreAllowed() throws {
    let empty = try BlockSparseMatrix<Double>(rows: 0, columns: 0, blockRows: 3, blockColumns: 5)
    #expect(empty.storedBlockCount == 0 && empty.blockDensity == 0 && empty.dense().isEmpty)
    let zeros = try BlockSparseMatrix<Float>(rows: 6, columns: 10, blockRows: 3, blockColumns: 5)
    #expect(zeros.dense() == Matrix(rows: 6, columns: 10) && zeros.blockRowPointers == [0, 0, 0])
  }

  @Test func equalityComparesEntriesNotStorage() throws {
    let s = try documentedExample()
    #expect(s == s)
    // An explicitly stored zero block equals an absent one.
    var blocks = s.storedBlockCoordinates.map { ($0.blockRow, $0.blockColumn, s.block(row: $0.blockRow, column: $0.blockColumn)!) }
    blocks.append((1, 3, Matrix(rows: 2, columns: 2)))
    let withZeroBlock = try BlockSparseMatrix(rows: 6, columns: 8, blockRows: 2, blockColumns: 2, blocks: blocks)
    #expect(withZeroBlock.storedBlockCount == 5 && withZeroBlock == s && s == withZeroBlock)
    var changed = s
    changed._values[3] = 0
    #expect(changed != s)
    let otherBlocks = try BlockSparseMatrix(s.dense(), blockRows: 1, blockColumns: 1)
    #expect(otherBlocks != s && otherBlocks.dense() == s.dense())
    var withNaN = s
    withNaN._values[0] = .nan
    #expect(withNaN != withNaN)
  }

  @Test func blockAccessOutsideTheGridStops() async {
    await #expect(processExitsWith: .failure) {
      _ = try! BlockSparseMatrix<Double>(rows: 4, columns: 4, blockRows: 2, blockColumns: 2).block(row: 2, column: 0)
    }
  }
}
