import Testing
@testable import BlockNumerics

@Suite struct BlockSparseKernelsTests {
  @Test func columnIndexGroupsBlocksByColumn() throws {
    let s = try BlockSparseMatrix<Double>(
      rows: 6, columns: 8, blockRows: 2, blockColumns: 2,
      blockRowPointers: [0, 2, 2, 4], blockColumnIndices: [0, 2, 1, 3], values: (1...16).map(Double.init))
    let index = s._blockColumnIndex()
    #expect(index.pointers == [0, 1, 2, 3, 4])
    #expect(index.blockRows == [0, 2, 0, 2] && index.positions == [0, 2, 1, 3])
  }
}
