import Testing
@testable import BlockNumerics

@Suite struct BlockSparseMatrixSparseProductTests {
  func checkSparseProduct<Scalar: BLASScalar>(_: Scalar.Type, m: Int, inner: Int, n: Int, density: Double, seed: UInt64) throws {
    let a = randomSparse(Scalar.self, blockRows: m, blockColumns: inner, gridRows: 3, gridColumns: 4, density: density, seed: seed)
    let b = randomSparse(Scalar.self, blockRows: inner, blockColumns: n, gridRows: 4, gridColumns: 2, density: density, seed: seed + 1)
    let c = try a.multiplied(by: b)
    let label = "\(Scalar.self) \(a.shapeDescription) · \(b.shapeDescription), seed \(seed)"
    #expect(c.rows == a.rows && c.columns == b.columns && c.blockRows == m && c.blockColumns == n, "\(label)")
    #expect(c.dense().isApproximatelyEqual(to: referenceProduct(a.dense(), b.dense()), tolerance: tolerance(Scalar.self, operations: a.columns)), "\(label)")
    #expect(a * b == c)
    // The pattern is exactly the symbolic product of the patterns.
    for i in 0..<c.blockRowCount {
      for j in 0..<c.blockColumnCount {
        let structural = (0..<a.blockColumnCount).contains { k in
          a._storedIndex(blockRow: i, blockColumn: k) != nil && b._storedIndex(blockRow: k, blockColumn: j) != nil
        }
        #expect(structural == (c._storedIndex(blockRow: i, blockColumn: j) != nil), "block (\(i), \(j)) \(label)")
      }
    }
  }

  @Test(arguments: sparseBlockSizes.map { [$0.0, $0.1] })
  func sparseProductMatchesTheDenseProduct(block: [Int]) throws {
    try checkSparseProduct(Float.self, m: block[0], inner: block[1], n: block[0], density: 0.4, seed: 41)
    try checkSparseProduct(Double.self, m: block[0], inner: block[1], n: block[1], density: 0.4, seed: 42)
  }

  @Test func edgeCases() throws {
    try checkSparseProduct(Double.self, m: 2, inner: 3, n: 4, density: 0, seed: 1)
    try checkSparseProduct(Float.self, m: 2, inner: 3, n: 4, density: 1, seed: 2)
    let x = Matrix<Double>.random(rows: 3, columns: 3, seed: 3)
    let single = try BlockSparseMatrix(rows: 3, columns: 3, blockRows: 3, blockColumns: 3, blocks: [(0, 0, x)])
    #expect((single * single).dense().isApproximatelyEqual(to: x * x, tolerance: 1e-15))
    // Large enough for the parallel path.
    let a = randomSparse(Double.self, blockRows: 16, blockColumns: 16, gridRows: 16, gridColumns: 16, density: 0.3, seed: 5)
    #expect((a * a).dense().isApproximatelyEqual(to: a.dense() * a.dense(), tolerance: 1e-13))
  }

  /// `BLAS.threadCount`'s promise for SpGEMM and the BSR transpose: the same bits for 1 and
  /// 2 OpenBLAS threads.
  @Test func identicalBitsForAnyThreadCount() throws {
    let a = randomSparse(Double.self, blockRows: 64, blockColumns: 64, gridRows: 4, gridColumns: 4, density: 0.6, seed: 51)
    let b = randomSparse(Double.self, blockRows: 64, blockColumns: 96, gridRows: 4, gridColumns: 3, density: 0.6, seed: 52)
    let (one, two) = atOneAndTwoBLASThreads { (a * b, (a * b).transposed) }
    #expect(one.0 == two.0 && sameBits(one.0.values, two.0.values))
    #expect(one.1 == two.1 && sameBits(one.1.values, two.1.values))
  }

  @Test func shapeErrorsNameBothShapes() {
    let a = BlockSparseMatrix<Double>.random(rows: 6, columns: 10, blockRows: 3, blockColumns: 5, density: 0.5, seed: 1)
    #expect { try a.multiplied(by: a) } throws: {
      "\($0)".contains("multiplied(by: BlockSparseMatrix)") && "\($0)".contains("inner dimensions 10 and 6")
    }
    let b = BlockSparseMatrix<Double>.random(rows: 10, columns: 4, blockRows: 2, blockColumns: 2, density: 0.5, seed: 1)
    #expect { try a.multiplied(by: b) } throws: {
      "\($0)".contains("inner block sizes 5 and 2") && "\($0)".contains("10×4 in 2×2 blocks")
    }
  }

  @Test func mismatchedOperatorStops() async {
    await #expect(processExitsWith: .failure) {
      let a = BlockSparseMatrix<Double>.random(rows: 4, columns: 6, blockRows: 2, blockColumns: 2, density: 0.5, seed: 1)
      _ = a * a
    }
  }
}
