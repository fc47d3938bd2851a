import Testing
@testable import BlockNumerics

@Suite struct BlockSparseMatrixMatrixMarketTests {
  func checkRoundTrip<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (blockRows, blockColumns) in sparseBlockSizes {
      let s = randomSparse(Scalar.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: 3, gridColumns: 4, density: 0.4, seed: 71)
      try Fixtures.withTemporaryPath("bsr.mtx") { path in
        try s.writeMatrixMarket(to: path)
        let back = try BlockSparseMatrix<Scalar>(contentsOfMatrixMarketFile: path, blockRows: blockRows, blockColumns: blockColumns)
        #expect(back == s && back.blockColumnIndices == s.blockColumnIndices, "\(Scalar.self) \(s.shapeDescription)")
        // The same file read densely, and with another block size.
        #expect(try Matrix<Scalar>(contentsOfMatrixMarketFile: path) == s.dense())
        #expect(try BlockSparseMatrix<Scalar>(contentsOfMatrixMarketFile: path, blockRows: 1, blockColumns: 1).dense() == s.dense())
      }
    }
  }

  @Test func writeThenReadGivesTheSameMatrix() throws {
    try checkRoundTrip(Float.self)
    try checkRoundTrip(Double.self)
  }

  @Test func readsSciPyFixtures() throws {
    // mmwrite of a 3×4 coo_matrix, and of a symmetric 3×3 matrix (expanded on reading).
    let general = try BlockSparseMatrix<Double>(contentsOfMatrixMarketFile: Fixtures.path("io/general_coordinate.mtx"), blockRows: 1, blockColumns: 2)
    #expect(general.dense() == (try Fixtures.matrix("io/mtx_expected.npy", as: Double.self)))
    let symmetric = try BlockSparseMatrix<Float>(contentsOfMatrixMarketFile: Fixtures.path("io/symmetric_coordinate.mtx"), blockRows: 3, blockColumns: 1)
    #expect(symmetric.dense() == (try Matrix<Float>(contentsOfMatrixMarketFile: Fixtures.path("io/symmetric_coordinate.mtx"))))
  }

  @Test func duplicatesAddUpAndEmptyMatricesWork() throws {
    let coordinates = MatrixMarket.Coordinates<Double>(
      rows: 2, columns: 4, entries: [.init(row: 1, column: 3, value: 1), .init(row: 0, column: 0, value: 2), .init(row: 1, column: 3, value: 0.5)])
    let s = try BlockSparseMatrix(coordinates, blockRows: 2, blockColumns: 2)
    #expect(s.storedBlockCount == 2 && s[1, 3] == 1.5 && s[0, 0] == 2)
    #expect(s.coordinates.entries == [.init(row: 0, column: 0, value: 2), .init(row: 1, column: 3, value: 1.5)])
    let empty = try BlockSparseMatrix<Double>(rows: 4, columns: 6, blockRows: 2, blockColumns: 3)
    #expect(empty.matrixMarketText().contains("4 6 0"))
  }

  @Test func errorsNameTheOperationAndShapes() {
    #expect {
      try BlockSparseMatrix<Double>(contentsOfMatrixMarketFile: Fixtures.path("io/general_coordinate.mtx"), blockRows: 2, blockColumns: 2)
    } throws: { "\($0)".contains("MatrixMarket.Coordinates") && "\($0)".contains("3×4") && "\($0)".contains("2×2 blocks") }
    #expect(throws: BlockNumericsError.self) {
      try BlockSparseMatrix<Double>(contentsOfMatrixMarketFile: "/nonexistent/file.mtx", blockRows: 1, blockColumns: 1)
    }
    let outside = MatrixMarket.Coordinates<Double>(rows: 2, columns: 2, entries: [.init(row: 2, column: 0, value: 1)])
    #expect { try BlockSparseMatrix(outside, blockRows: 1, blockColumns: 1) } throws: { "\($0)".contains("(2, 0) is outside a 2×2 matrix") }
  }
}
