import Testing
@testable import BlockNumerics

@Suite struct BlockPartitionTests {
  @Test func offsetsAndRanges() throws {
    let p = try BlockPartition(rowBlockSizes: [1, 7, 2], columnBlockSizes: [3])
    #expect(p.rowOffsets == [0, 1, 8, 10] && p.columnOffsets == [0, 3])
    #expect(p.rows == 10 && p.columns == 3 && p.blockRowCount == 3 && p.blockColumnCount == 1)
    #expect(p.rowRange(ofBlockRow: 1) == 1..<8 && p.columnRange(ofBlockColumn: 0) == 0..<3)
    #expect(p.transposed == (try BlockPartition(rowBlockSizes: [3], columnBlockSizes: [1, 7, 2])))
    p._checkInvariants()
  }

  @Test func blockContainingAnIndexAgreesWithALinearScan() throws {
    let sizes = [1, 7, 2, 1, 1, 16, 3]
    let p = try BlockPartition(rowBlockSizes: sizes, columnBlockSizes: sizes.reversed())
    for index in -1...(p.rows) {
      let expected = p.rowOffsets.indices.dropLast().first { p.rowRange(ofBlockRow: $0).contains(index) }
      #expect(p.blockRow(containing: index) == expected, "index \(index)")
      let expectedColumn = p.columnOffsets.indices.dropLast().first { p.columnRange(ofBlockColumn: $0).contains(index) }
      #expect(p.blockColumn(containing: index) == expectedColumn, "index \(index)")
    }
  }

  @Test func uniformPartitionsHaveARaggedLastBlock() throws {
    let p = try BlockPartition.uniform(rows: 10, columns: 8, blockRows: 4, blockColumns: 8)
    #expect(p.rowBlockSizes == [4, 4, 2] && p.columnBlockSizes == [8])
    #expect(try BlockPartition.uniform(rows: 0, columns: 5, blockRows: 3, blockColumns: 5).rowBlockSizes.isEmpty)
    #expect(throws: BlockNumericsError.self) { try BlockPartition.uniform(rows: 4, columns: 4, blockRows: 0, blockColumns: 2) }
  }

  @Test func nonPositiveSizesThrowNamingThePosition() {
    #expect {
      try BlockPartition(rowBlockSizes: [2, 0, 3], columnBlockSizes: [1])
    } throws: { "\($0)".contains("rowBlockSizes[1] is 0") }
    #expect(throws: BlockNumericsError.self) { try BlockPartition(rowBlockSizes: [2], columnBlockSizes: [-1]) }
  }

  @Test func chunksAreFixedByLengthAndExtentAlone() {
    let parameters = BlockProductParameters(tileExtent: 10)
    #expect(parameters.chunks(0) == [] && parameters.chunks(3) == [0..<3] && parameters.chunks(19) == [0..<19])
    #expect(parameters.chunks(20) == [0..<10, 10..<20] && parameters.chunks(31) == [0..<10, 10..<20, 20..<31])
    for length in 1...100 {
      let chunks = parameters.chunks(length)
      #expect(chunks.first?.lowerBound == 0 && chunks.last?.upperBound == length)
      #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
      #expect(chunks.allSatisfy { $0.count >= min(10, length) })
    }
  }
}
