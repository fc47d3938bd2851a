import Testing

@testable import BlockNumerics

@Suite("Naive.blockSparseMultiply")
struct NaiveBlockSparseMultiplyTests {
  /// Shapes in blocks: rows, columns, block rows, block columns, density, columns of x.
  static let cases: [(rows: Int, columns: Int, blockRows: Int, blockColumns: Int, density: Double, n: Int)] = [
    (6, 8, 2, 2, 0.5, 3), (12, 12, 4, 3, 0.3, 1), (9, 4, 1, 1, 1, 5), (8, 8, 8, 8, 1, 7),
    (16, 24, 4, 8, 0, 2), (64, 32, 8, 4, 0.2, 17), (5, 7, 5, 7, 1, 0),
  ]

  @Test("equals the triple loop on the densified matrix", arguments: cases.indices)
  func matchesDense(index: Int) throws {
    let c = Self.cases[index]
    try check(Float.self, c, seed: UInt64(index))
    try check(Double.self, c, seed: UInt64(index))
  }

  func check<Scalar: BLASScalar>(
    _: Scalar.Type, _ c: (rows: Int, columns: Int, blockRows: Int, blockColumns: Int, density: Double, n: Int),
    seed: UInt64
  ) throws {
    let s = BlockSparseMatrix<Scalar>.random(
      rows: c.rows, columns: c.columns, blockRows: c.blockRows, blockColumns: c.blockColumns,
      density: c.density, seed: seed)
    let x = Matrix<Scalar>.random(rows: c.columns, columns: c.n, in: -1..<1, seed: seed &+ 100)
    let result = try Naive.blockSparseMultiply(s, x)
    let reference = try Naive.multiply(s.dense(), x)
    let tolerance = 4 * Scalar(c.columns) * Scalar.ulpOfOne
    #expect(result.rows == c.rows && result.columns == c.n, "\(Scalar.self) \(s.shapeDescription): got \(result.shapeDescription)")
    #expect(
      result.isApproximatelyEqual(to: reference, tolerance: tolerance),
      "\(Scalar.self) \(s.shapeDescription) · \(x.shapeDescription): relative error \((result - reference).frobeniusNorm / Swift.max(reference.frobeniusNorm, .leastNonzeroMagnitude))")
  }

  @Test("an empty block row gives zero rows")
  func emptyBlockRow() throws {
    let block = try Matrix<Double>([[1, 2], [3, 4]])
    let s = try BlockSparseMatrix<Double>(
      rows: 4, columns: 2, blockRows: 2, blockColumns: 2, blockRowPointers: [0, 0, 1], blockColumnIndices: [0],
      values: block.elements)
    let x = try Matrix<Double>([[1, 0, 5], [0, 1, 6]])
    let result = try Naive.blockSparseMultiply(s, x)
    #expect(result == (try Matrix<Double>([[0, 0, 0], [0, 0, 0], [1, 2, 17], [3, 4, 39]])))
  }

  @Test("throws on mismatched inner dimensions, naming both shapes")
  func shapeMismatch() {
    let s = BlockSparseMatrix<Double>.random(rows: 4, columns: 6, blockRows: 2, blockColumns: 3, density: 1, seed: 1)
    let x = Matrix<Double>(rows: 5, columns: 2)
    let error = #expect(throws: BlockNumericsError.self) { try Naive.blockSparseMultiply(s, x) }
    guard case let .shapeMismatch(operation, message)? = error else {
      Issue.record("expected shapeMismatch, got \(String(describing: error))")
      return
    }
    #expect(operation == "Naive.blockSparseMultiply(_:_:)")
    #expect(message.contains("4×6 in 2×3 blocks") && message.contains("5×2"), "\(message)")
  }
}
