import Testing
@testable import BlockNumerics

@Suite struct BlockMatrixTests {
  @Test func blocksOfAMatrixAreItsSubmatrices() throws {
    let a = Matrix<Double>.random(rows: 10, columns: 6, seed: 1)
    let p = try BlockPartition(rowBlockSizes: [1, 7, 2], columnBlockSizes: [4, 2])
    let blocks = try BlockMatrix(a, partition: p)
    #expect(blocks.rows == 10 && blocks.columns == 6 && blocks.blockRowCount == 3 && blocks.blockColumnCount == 2)
    #expect(blocks.storedBlockCount == 6)
    for i in 0..<3 {
      for j in 0..<2 {
        #expect(blocks[blockRow: i, blockColumn: j] == (try a.submatrix(rows: p.rowRange(ofBlockRow: i), columns: p.columnRange(ofBlockColumn: j))))
      }
    }
    #expect(blocks.assembled() == a)
    #expect { try BlockMatrix(a, partition: p.transposed) } throws: { "\($0)".contains("10×6") }
  }

  @Test func gridsOfBlocksInferTheirPartition() throws {
    let m = try Matrix<Double>([[1, 2], [3, 4]])
    let tall = try Matrix<Double>([[5], [6]])
    let grid = try BlockMatrix<Double>(blocks: [[m, tall], [m, tall]])
    #expect(grid.partition == (try BlockPartition(rowBlockSizes: [2, 2], columnBlockSizes: [2, 1])))
    #expect(grid.assembled().row(3) == [3, 4, 6])
    let sparse = try BlockMatrix<Double>(blocks: [[m, nil], [nil, tall]])
    #expect(sparse.storedBlockCount == 2 && !sparse.hasStoredBlock(blockRow: 0, blockColumn: 1))
    #expect(sparse[blockRow: 1, blockColumn: 0] == Matrix(rows: 2, columns: 2))
    #expect(sparse.assembled().elements == [1, 2, 0, 3, 4, 0, 0, 0, 5, 0, 0, 6])
  }

  @Test func malformedGridsThrow() throws {
    let m = Matrix<Double>(rows: 2, columns: 2)
    let wide = Matrix<Double>(rows: 2, columns: 3)
    #expect { try BlockMatrix<Double>(blocks: [[m, m], [m]]) } throws: { "\($0)".contains("block row 1 has 1") }
    #expect { try BlockMatrix<Double>(blocks: [[m], [wide]]) } throws: { "\($0)".contains("block (1, 0) is 2×3") }
    #expect { try BlockMatrix<Double>(blocks: [[m, nil], [nil, nil]]) } throws: { "\($0)".contains("block row 1") }
    #expect(throws: BlockNumericsError.self) { try BlockMatrix<Double>(blocks: [[Matrix(rows: 0, columns: 2)]]) }
    let p = try BlockPartition(rowBlockSizes: [2, 5], columnBlockSizes: [2])
    let withPartition = try BlockMatrix<Double>(blocks: [[m], [nil]], partition: p)
    #expect(withPartition.rows == 7)
    #expect(throws: BlockNumericsError.self) { try BlockMatrix<Double>(blocks: [[m]], partition: p) }
  }

  @Test func blockDiagonalStoresOnlyTheDiagonal() throws {
    let blocks = [Matrix<Float>.random(rows: 2, columns: 3, seed: 1), Matrix<Float>.random(rows: 4, columns: 1, seed: 2)]
    let d = try BlockMatrix.blockDiagonal(blocks)
    #expect(d.rows == 6 && d.columns == 4 && d.storedBlockCount == 2)
    #expect(d[blockRow: 1, blockColumn: 1] == blocks[1] && d[blockRow: 0, blockColumn: 1] == Matrix(rows: 2, columns: 1))
    var expected = Matrix<Float>(rows: 6, columns: 4)
    expected[rows: 0..<2, columns: 0..<3] = blocks[0]
    expected[rows: 2..<6, columns: 3..<4] = blocks[1]
    #expect(d.assembled() == expected)
    #expect(try BlockMatrix<Float>.blockDiagonal([]).rows == 0)
    // An empty block throws, naming it, as init(blocks:) does for the same input.
    #expect { try BlockMatrix<Float>.blockDiagonal([blocks[0], Matrix(rows: 0, columns: 2)]) } throws: { error in
      "\(error)".contains("block 1 is 0×2") && "\(error)".contains("blockDiagonal")
    }
    #expect(throws: BlockNumericsError.self) { try BlockMatrix<Float>(blocks: [[blocks[0], nil], [nil, Matrix(rows: 0, columns: 2)]]) }
  }

  @Test func settingAndRemovingBlocks() throws {
    let p = try BlockPartition(rowBlockSizes: [1, 2], columnBlockSizes: [2, 1])
    var zero = BlockMatrix<Double>(zeros: p)
    #expect(zero.storedBlockCount == 0 && zero.assembled() == Matrix(rows: 3, columns: 3))
    zero[blockRow: 1, blockColumn: 1] = try Matrix([[7], [8]])
    #expect(zero.storedBlockCount == 1 && zero.assembled().column(2) == [0, 7, 8])
    zero[blockRow: 1, blockColumn: 1] = try Matrix([[9], [9]])
    #expect(zero.assembled().column(2) == [0, 9, 9])
    zero.removeBlock(blockRow: 1, blockColumn: 1)
    #expect(zero.storedBlockCount == 0)
    var dense = try BlockMatrix(Matrix<Double>(rows: 3, columns: 3), partition: p)
    let original = dense
    try dense.setBlock(Matrix([[1, 2]]), blockRow: 0, blockColumn: 0)
    #expect(dense.assembled().row(0) == [1, 2, 0] && original.assembled().row(0) == [0, 0, 0])
    #expect { try dense.setBlock(Matrix(rows: 2, columns: 2), blockRow: 0, blockColumn: 0) } throws: { "\($0)".contains("1×2") && "\($0)".contains("2×2") }
    #expect(throws: BlockNumericsError.self) { try dense.setBlock(Matrix(rows: 1, columns: 1), blockRow: 2, blockColumn: 0) }
  }

  @Test func absentBlocksEqualStoredZeros() throws {
    let p = try BlockPartition(rowBlockSizes: [2], columnBlockSizes: [2])
    #expect(BlockMatrix<Double>(zeros: p) == (try BlockMatrix(Matrix(rows: 2, columns: 2), partition: p)))
    #expect(BlockMatrix<Double>(zeros: p) != (try BlockMatrix(Matrix(rows: 2, columns: 2, repeating: 1), partition: p)))
  }

  @Test func mismatchedBlockSetterStops() async {
    await #expect(processExitsWith: .failure) {
      var m = try BlockMatrix<Double>.blockDiagonal([Matrix(rows: 2, columns: 2)])
      m[blockRow: 0, blockColumn: 0] = Matrix(rows: 3, columns: 3)
    }
  }
}
