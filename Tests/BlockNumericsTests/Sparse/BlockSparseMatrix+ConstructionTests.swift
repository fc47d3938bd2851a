import Testing
@testable import BlockNumerics

@Suite struct BlockSparseMatrixConstructionTests {
  func checkDenseRoundTrip<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (blockRows, blockColumns) in sparseBlockSizes {
      let s = randomSparse(Scalar.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: 3, gridColumns: 4, density: 0.4, seed: 7)
      let d = s.dense()
      let back = try BlockSparseMatrix(d, blockRows: blockRows, blockColumns: blockColumns)
      #expect(back == s && back.storedBlockCount == s.storedBlockCount, "blocks \(blockRows)×\(blockColumns)")
      #expect(back.blockColumnIndices == s.blockColumnIndices && back.values == s.values)
      #expect(back.dense() == d)
    }
  }

  @Test func denseRoundTripKeepsThePattern() throws {
    try checkDenseRoundTrip(Float.self)
    try checkDenseRoundTrip(Double.self)
  }

  @Test func dropToleranceDropsSmallBlocks() throws {
    let d = try Matrix<Double>([
      [1, 0, 0.001, 0],
      [0, 0, 0, -0.002],
      [0, 0, 0, 0],
      [0, .nan, 0, 0],
    ])
    let exact = try BlockSparseMatrix(d, blockRows: 2, blockColumns: 2)
    #expect(exact.storedBlockCoordinates.map { [$0.blockRow, $0.blockColumn] } == [[0, 0], [0, 1], [1, 0]])
    let loose = try BlockSparseMatrix(d, blockRows: 2, blockColumns: 2, dropTolerance: 0.01)
    // The NaN block is kept: NaN is never "small".
    #expect(loose.storedBlockCoordinates.map { [$0.blockRow, $0.blockColumn] } == [[0, 0], [1, 0]])
    #expect { try BlockSparseMatrix(d, blockRows: 2, blockColumns: 2, dropTolerance: -1) } throws: {
      "\($0)".contains("dropTolerance") && "\($0)".contains("-1")
    }
    #expect { try BlockSparseMatrix(d, blockRows: 3, blockColumns: 2) } throws: { error in
      guard case .invalidArgument(let operation, let message) = error as? BlockNumericsError else { return false }
      return operation.contains("BlockSparseMatrix(_:blockRows:blockColumns:dropTolerance:)")
        && message.contains("4×4") && message.contains("3×2")
    }
  }

  func checkBlockList<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let a = Matrix<Scalar>.random(rows: 3, columns: 5, seed: 1)
    let b = Matrix<Scalar>.random(rows: 3, columns: 5, seed: 2)
    // Given out of order; stored in BSR order.
    let s = try BlockSparseMatrix(rows: 6, columns: 15, blockRows: 3, blockColumns: 5, blocks: [(1, 0, b), (0, 2, a)])
    #expect(s.storedBlockCoordinates.map { [$0.blockRow, $0.blockColumn] } == [[0, 2], [1, 0]])
    #expect(s.block(row: 0, column: 2) == a && s.block(row: 1, column: 0) == b)
    #expect(try s.dense().submatrix(rows: 0..<3, columns: 10..<15) == a)
    // A single block, and no blocks at all.
    let single = try BlockSparseMatrix(rows: 3, columns: 5, blockRows: 3, blockColumns: 5, blocks: [(0, 0, a)])
    #expect(single.dense() == a && single.blockDensity == 1)
    let none = try BlockSparseMatrix<Scalar>(rows: 6, columns: 15, blockRows: 3, blockColumns: 5, blocks: [])
    #expect(none.storedBlockCount == 0 && none.dense() == Matrix(rows: 6, columns: 15))
  }

  @Test func blockListBuildsBSROrder() throws {
    try checkBlockList(Float.self)
    try checkBlockList(Double.self)
  }

  @Test func blockListErrorsNameTheProblem() throws {
    let block = Matrix<Double>(rows: 2, columns: 3)
    func message(_ blocks: [(blockRow: Int, blockColumn: Int, block: Matrix<Double>)], rows: Int = 4, columns: Int = 6) -> String {
      do {
        _ = try BlockSparseMatrix(rows: rows, columns: columns, blockRows: 2, blockColumns: 3, blocks: blocks)
        return "no error"
      } catch { return "\(error)" }
    }
    #expect(message([(0, 0, block), (0, 0, block)]).contains("(0, 0) is given more than once"))
    #expect(message([(2, 0, block)]).contains("(2, 0) is outside the 2×2 block grid"))
    #expect(message([(0, -1, block)]).contains("outside"))
    let wrong = message([(0, 1, Matrix(rows: 3, columns: 2))])
    #expect(wrong.contains("3×2") && wrong.contains("2×3") && wrong.contains("blocks:"))
    #expect(message([], rows: 5).contains("5 rows are not a multiple of 2"))
  }

  @Test func randomHitsTheDensityAndIsReproducible() {
    let s = BlockSparseMatrix<Double>.random(rows: 320, columns: 640, blockRows: 32, blockColumns: 32, density: 0.25, seed: 3)
    #expect(s.storedBlockCount == 50 && s.blockDensity == 0.25)
    #expect(s == BlockSparseMatrix<Double>.random(rows: 320, columns: 640, blockRows: 32, blockColumns: 32, density: 0.25, seed: 3))
    #expect(s != BlockSparseMatrix<Double>.random(rows: 320, columns: 640, blockRows: 32, blockColumns: 32, density: 0.25, seed: 4))
    #expect(s.values.allSatisfy { $0 >= 0 && $0 < 1 })
    #expect(BlockSparseMatrix<Float>.random(rows: 6, columns: 10, blockRows: 3, blockColumns: 5, density: 1, seed: 1).storedBlockCount == 4)
    #expect(BlockSparseMatrix<Float>.random(rows: 6, columns: 10, blockRows: 3, blockColumns: 5, density: 0, seed: 1).storedBlockCount == 0)
    #expect(BlockSparseMatrix<Float>.random(rows: 0, columns: 0, blockRows: 3, blockColumns: 5, density: 0.5, seed: 1).storedBlockCount == 0)
  }

  @Test func randomErrorsNameTheArguments() {
    #expect { try BlockSparseMatrix<Double>._random(rows: 10, columns: 10, blockRows: 4, blockColumns: 5, density: 0.1, seed: 1) } throws: {
      "\($0)".contains("random") && "\($0)".contains("10 rows are not a multiple of 4")
    }
    #expect { try BlockSparseMatrix<Double>._random(rows: 10, columns: 10, blockRows: 5, blockColumns: 5, density: 1.5, seed: 1) } throws: {
      "\($0)".contains("density must be in [0, 1], got 1.5")
    }
    #expect(throws: BlockNumericsError.self) {
      try BlockSparseMatrix<Double>._random(rows: 10, columns: 10, blockRows: 5, blockColumns: 5, density: .nan, seed: 1)
    }
  }

  @Test func randomWithBadDensityStops() async {
    await #expect(processExitsWith: .failure) {
      _ = BlockSparseMatrix<Double>.random(rows: 4, columns: 4, blockRows: 2, blockColumns: 2, density: -0.5, seed: 1)
    }
  }

  func checkEntries<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (blockRows, blockColumns) in sparseBlockSizes {
      let s = randomSparse(Scalar.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: 3, gridColumns: 4, density: 0.4, seed: 8)
      let entries = s.nonzeroEntries
      let d = s.dense()
      #expect(entries.count == d.elements.filter { $0 != 0 }.count)
      #expect(entries.allSatisfy { d[$0.row, $0.column] == $0.value })
      // Back from shuffled entries: the same matrix and pattern.
      var generator = SeededRandomNumberGenerator(seed: 1)
      let back = try BlockSparseMatrix(
        rows: s.rows, columns: s.columns, blockRows: blockRows, blockColumns: blockColumns,
        entries: entries.shuffled(using: &generator))
      #expect(back == s && back.blockColumnIndices == s.blockColumnIndices, "blocks \(blockRows)×\(blockColumns)")
      // Another block size of the same entries holds the same matrix.
      let scalar = try BlockSparseMatrix(rows: s.rows, columns: s.columns, blockRows: 1, blockColumns: 1, entries: entries)
      #expect(scalar.dense() == d && scalar.storedBlockCount == entries.count)
    }
  }

  @Test func coordinateEntriesRoundTrip() throws {
    try checkEntries(Float.self)
    try checkEntries(Double.self)
    let explicitZero = try BlockSparseMatrix<Double>(rows: 4, columns: 4, blockRows: 2, blockColumns: 2, entries: [(3, 0, 0)])
    #expect(explicitZero.storedBlockCoordinates.map { [$0.blockRow, $0.blockColumn] } == [[1, 0]])
    #expect(explicitZero.nonzeroEntries.isEmpty)
  }

  @Test func coordinateEntryErrorsNameTheProblem() {
    func message(_ entries: [(row: Int, column: Int, value: Double)], rows: Int = 4) -> String {
      do {
        _ = try BlockSparseMatrix(rows: rows, columns: 6, blockRows: 2, blockColumns: 3, entries: entries)
        return "no error"
      } catch { return "\(error)" }
    }
    #expect(message([(1, 2, 1), (0, 0, 1), (1, 2, 5)]).contains("(1, 2) is given more than once"))
    #expect(message([(4, 0, 1)]).contains("(4, 0) is outside a 4×6 matrix"))
    #expect(message([(0, -1, 1)]).contains("entries:"))
    #expect(message([], rows: 3).contains("3 rows are not a multiple of 2"))
  }
}
