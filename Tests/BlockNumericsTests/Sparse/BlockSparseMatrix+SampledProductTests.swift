import Testing
@testable import BlockNumerics

@Suite struct BlockSparseMatrixSampledProductTests {
  /// `alpha·op(A)·op(B)` masked to the pattern's stored blocks, from the dense product.
  func maskedReference<Scalar: BLASScalar>(_ full: Matrix<Scalar>, _ pattern: BlockSparseMatrix<Scalar>) -> Matrix<Scalar> {
    var masked = Matrix<Scalar>(rows: full.rows, columns: full.columns)
    for (i, j) in pattern.storedBlockCoordinates {
      let rows = i * pattern.blockRows..<(i + 1) * pattern.blockRows
      let columns = j * pattern.blockColumns..<(j + 1) * pattern.blockColumns
      masked[rows: rows, columns: columns] = full[rows: rows, columns: columns]
    }
    return masked
  }

  func checkSampled<Scalar: BLASScalar>(_: Scalar.Type, blockRows: Int, blockColumns: Int, k: Int, seed: UInt64) throws {
    let pattern = randomSparse(Scalar.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: 3, gridColumns: 4, density: 0.5, seed: seed)
    let a = Matrix<Scalar>.random(rows: pattern.rows, columns: k, in: -1..<1, seed: seed + 1)
    let b = Matrix<Scalar>.random(rows: k, columns: pattern.columns, in: -1..<1, seed: seed + 2)
    let full = referenceProduct(a, b)
    let expected = maskedReference(full, pattern)
    let tol = tolerance(Scalar.self, operations: k)
    let label = "\(Scalar.self) \(pattern.shapeDescription) k=\(k) seed \(seed)"
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let result = try BlockSparseMatrix.sampledProduct(ta ? a.transposed : a, tb ? b.transposed : b, pattern: pattern, transposeA: ta, transposeB: tb, alpha: 2)
      #expect(result.blockColumnIndices == pattern.blockColumnIndices && result.blockRowPointers == pattern.blockRowPointers, "\(label)")
      #expect(result.dense().isApproximatelyEqual(to: expected * 2, tolerance: tol), "ta=\(ta) tb=\(tb) \(label)")
    }
  }

  @Test(arguments: sparseBlockSizes.map { [$0.0, $0.1] })
  func sampledProductIsTheMaskedDenseProduct(block: [Int]) throws {
    try checkSampled(Float.self, blockRows: block[0], blockColumns: block[1], k: 13, seed: 31)
    try checkSampled(Double.self, blockRows: block[0], blockColumns: block[1], k: 13, seed: 32)
  }

  @Test func edgeCases() throws {
    try checkSampled(Double.self, blockRows: 2, blockColumns: 3, k: 0, seed: 1)  // inner dimension 0
    let empty = try BlockSparseMatrix<Float>(rows: 4, columns: 6, blockRows: 2, blockColumns: 3)
    let r = try BlockSparseMatrix.sampledProduct(Matrix(rows: 4, columns: 5), Matrix(rows: 5, columns: 6), pattern: empty)
    #expect(r.storedBlockCount == 0 && r.rows == 4 && r.columns == 6)
    let single = try BlockSparseMatrix<Double>(rows: 2, columns: 3, blockRows: 2, blockColumns: 3, blocks: [(0, 0, Matrix(rows: 2, columns: 3))])
    let a = Matrix<Double>.random(rows: 2, columns: 4, seed: 1)
    let b = Matrix<Double>.random(rows: 4, columns: 3, seed: 2)
    #expect(try BlockSparseMatrix.sampledProduct(a, b, pattern: single).dense().isApproximatelyEqual(to: a * b, tolerance: 1e-15))
  }

  /// `BLAS.threadCount`'s promise for SDDMM: the same bits for 1 and 2 OpenBLAS threads.
  @Test func identicalBitsForAnyThreadCount() throws {
    let pattern = randomSparse(Double.self, blockRows: 64, blockColumns: 32, gridRows: 4, gridColumns: 6, density: 0.5, seed: 41)
    let a = Matrix<Double>.random(rows: 128, columns: pattern.rows, in: -1..<1, seed: 42)
    let b = Matrix<Double>.random(rows: pattern.columns, columns: 128, in: -1..<1, seed: 43)
    let (one, two) = try atOneAndTwoBLASThreads {
      try BlockSparseMatrix.sampledProduct(a, b, pattern: pattern, transposeA: true, transposeB: true, alpha: 0.5)
    }
    #expect(sameBits(one.values, two.values))
  }

  @Test func shapeErrorsNameAllShapes() {
    let pattern = BlockSparseMatrix<Double>.random(rows: 6, columns: 10, blockRows: 3, blockColumns: 5, density: 0.5, seed: 1)
    #expect { try BlockSparseMatrix.sampledProduct(Matrix(rows: 6, columns: 4), Matrix(rows: 5, columns: 10), pattern: pattern) } throws: {
      "\($0)".contains("sampledProduct") && "\($0)".contains("6×4") && "\($0)".contains("5×10")
    }
    #expect { try BlockSparseMatrix.sampledProduct(Matrix(rows: 7, columns: 4), Matrix(rows: 4, columns: 10), pattern: pattern) } throws: {
      "\($0)".contains("7×10") && "\($0)".contains("6×10 in 3×5 blocks")
    }
  }
}
