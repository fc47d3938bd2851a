import Testing
@testable import BlockNumerics

@Suite struct BlockSparseMatrixTransposeTests {
  func checkTranspose<Scalar: BLASScalar>(_: Scalar.Type, blockRows: Int, blockColumns: Int, density: Double) {
    let s = randomSparse(Scalar.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: 3, gridColumns: 4, density: density, seed: 61)
    let t = s.transposed
    let label = "\(Scalar.self) \(s.shapeDescription) density \(density)"
    #expect(t.rows == s.columns && t.columns == s.rows && t.blockRows == blockColumns && t.blockColumns == blockRows, "\(label)")
    #expect(t.dense() == s.dense().transposed, "\(label)")
    #expect(t.storedBlockCount == s.storedBlockCount)
    #expect(t.transposed == s && t.transposed.values == s.values)
    for (i, j) in s.storedBlockCoordinates {
      #expect(t.block(row: j, column: i) == s.block(row: i, column: j)!.transposed)
    }
  }

  @Test(arguments: sparseBlockSizes.map { [$0.0, $0.1] })
  func transposeIsARealBSRTranspose(block: [Int]) {
    for density in [0, 0.3, 1] {
      checkTranspose(Float.self, blockRows: block[0], blockColumns: block[1], density: density)
      checkTranspose(Double.self, blockRows: block[0], blockColumns: block[1], density: density)
    }
  }

  @Test func largeTransposeRunsInParallel() {
    let s = randomSparse(Double.self, blockRows: 8, blockColumns: 4, gridRows: 40, gridColumns: 80, density: 0.3, seed: 62)
    #expect(s.transposed.dense() == s.dense().transposed)
    let empty = try! BlockSparseMatrix<Double>(rows: 0, columns: 8, blockRows: 2, blockColumns: 4)
    #expect(empty.transposed.shape == (8, 0) && empty.transposed.blockRowPointers == [0, 0, 0])
  }
}
