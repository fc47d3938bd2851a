import Testing
@testable import BlockNumerics

@Suite struct BlockSparseMatrixArithmeticTests {
  func checkArithmetic<Scalar: BLASScalar>(_: Scalar.Type, blockRows: Int, blockColumns: Int) throws {
    let a = randomSparse(Scalar.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: 3, gridColumns: 4, density: 0.4, seed: 51)
    let b = randomSparse(Scalar.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: 3, gridColumns: 4, density: 0.4, seed: 52)
    let label = "\(Scalar.self) \(a.shapeDescription)"
    let sum = try a.adding(b)
    #expect(sum.dense() == a.dense() + b.dense(), "\(label)")
    #expect((a + b) == sum)
    let union = Set(a.storedBlockCoordinates.map { [$0.blockRow, $0.blockColumn] })
      .union(b.storedBlockCoordinates.map { [$0.blockRow, $0.blockColumn] })
    #expect(sum.storedBlockCount == union.count, "pattern union, \(label)")
    #expect(try a.subtracting(b).dense() == a.dense() - b.dense())
    #expect((a - a).storedBlockCount == a.storedBlockCount && (a - a).dense().frobeniusNorm == 0)
    #expect((a * 3).dense() == a.dense() * 3 && (2 * a).dense() == a.dense() * 2)
    #expect((-a).dense() == a.dense() * -1)
    var scaled = a
    scaled *= 0.5
    #expect(scaled.dense() == a.dense() * 0.5 && scaled.storedBlockCount == a.storedBlockCount)
    let empty = try BlockSparseMatrix<Scalar>(rows: a.rows, columns: a.columns, blockRows: blockRows, blockColumns: blockColumns)
    #expect(a + empty == a && empty + a == a && (empty * 2).storedBlockCount == 0)
  }

  @Test(arguments: sparseBlockSizes.map { [$0.0, $0.1] })
  func sumsAndScalingMatchDenseArithmetic(block: [Int]) throws {
    try checkArithmetic(Float.self, blockRows: block[0], blockColumns: block[1])
    try checkArithmetic(Double.self, blockRows: block[0], blockColumns: block[1])
  }

  @Test func differentLayoutsAreErrors() {
    let a = BlockSparseMatrix<Double>.random(rows: 6, columns: 10, blockRows: 3, blockColumns: 5, density: 0.5, seed: 1)
    let b = BlockSparseMatrix<Double>.random(rows: 6, columns: 10, blockRows: 3, blockColumns: 2, density: 0.5, seed: 1)
    let c = BlockSparseMatrix<Double>.random(rows: 6, columns: 5, blockRows: 3, blockColumns: 5, density: 0.5, seed: 1)
    #expect { try a.adding(b) } throws: { "\($0)".contains("adding") && "\($0)".contains("3×5 blocks") && "\($0)".contains("3×2 blocks") }
    #expect { try a.subtracting(c) } throws: { "\($0)".contains("subtracting") && "\($0)".contains("6×10") && "\($0)".contains("6×5") }
  }

  @Test func mismatchedOperatorStops() async {
    await #expect(processExitsWith: .failure) {
      _ = BlockSparseMatrix<Double>.random(rows: 4, columns: 4, blockRows: 2, blockColumns: 2, density: 0.5, seed: 1)
        + BlockSparseMatrix<Double>.random(rows: 4, columns: 4, blockRows: 4, blockColumns: 4, density: 0.5, seed: 1)
    }
  }
}
