import Testing
@testable import BlockNumerics

@Suite struct BlockMatrixArithmeticTests {
  func pair<Scalar: BLASScalar>(_: Scalar.Type) throws -> (BlockMatrix<Scalar>, BlockMatrix<Scalar>, BlockMatrix<Scalar>) {
    let p = try BlockPartition(rowBlockSizes: [1, 3], columnBlockSizes: [2, 2])
    let dense = try BlockMatrix(Matrix<Scalar>.random(rows: 4, columns: 4, seed: 1), partition: p)
    let sparse = try BlockMatrix<Scalar>(
      blocks: [[nil, Matrix.random(rows: 1, columns: 2, seed: 2)], [Matrix.random(rows: 3, columns: 2, seed: 3), nil]], partition: p)
    let otherSparse = try BlockMatrix<Scalar>(
      blocks: [[nil, Matrix.random(rows: 1, columns: 2, seed: 4)], [nil, Matrix.random(rows: 3, columns: 2, seed: 5)]], partition: p)
    return (dense, sparse, otherSparse)
  }

  func checkSums<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let (dense, sparse, otherSparse) = try pair(Scalar.self)
    for (x, y) in [(dense, sparse), (sparse, dense), (sparse, otherSparse), (dense, dense)] {
      #expect(try x.adding(y).assembled() == x.assembled() + y.assembled())
      #expect(try x.subtracting(y).assembled() == x.assembled() - y.assembled())
      #expect(try (x + y) == x.adding(y))
      #expect(try (x - y) == x.subtracting(y))
    }
    // The union of two patterns: (0,1), (1,0), (1,1) stored; (0,0) stays absent.
    let union = try sparse.adding(otherSparse)
    #expect(union.storedBlockCount == 3 && !union.hasStoredBlock(blockRow: 0, blockColumn: 0))
    #expect((sparse * 2).assembled() == sparse.assembled() * 2 && (2 * dense).assembled() == dense.assembled() * 2)
    #expect((-sparse).storedBlockCount == 2)
  }

  @Test func sumsDifferencesAndScaling() throws {
    try checkSums(Float.self)
    try checkSums(Double.self)
  }

  @Test func transposeSwapsPartitionAndBlocks() throws {
    let (dense, sparse, _) = try pair(Double.self)
    for m in [dense, sparse] {
      let t = m.transposed
      #expect(t.partition == m.partition.transposed && t.assembled() == m.assembled().transposed)
      #expect(t.storedBlockCount == m.storedBlockCount)
    }
    #expect(sparse.transposed.hasStoredBlock(blockRow: 1, blockColumn: 0))
  }

  @Test func differentPartitionsThrowNamingBoth() throws {
    let a = try BlockMatrix(Matrix<Double>(rows: 4, columns: 4), partition: BlockPartition(rowBlockSizes: [2, 2], columnBlockSizes: [4]))
    let b = try BlockMatrix(Matrix<Double>(rows: 4, columns: 4), partition: BlockPartition(rowBlockSizes: [1, 3], columnBlockSizes: [4]))
    #expect { try a.adding(b) } throws: { "\($0)".contains("[2, 2]") && "\($0)".contains("[1, 3]") }
    #expect(throws: BlockNumericsError.self) { try a.subtracting(b) }
  }

  @Test func operatorOnDifferentPartitionsStops() async {
    await #expect(processExitsWith: .failure) {
      let a = try BlockMatrix<Double>.blockDiagonal([Matrix(rows: 2, columns: 2)])
      let b = try BlockMatrix<Double>.blockDiagonal([Matrix(rows: 1, columns: 1), Matrix(rows: 1, columns: 1)])
      _ = a + b
    }
  }
}
