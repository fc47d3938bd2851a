import Testing
@testable import BlockNumerics

@Suite(.serialized) struct BlockMatrixProductsTests {
  /// Ragged partitions with 1-wide blocks, 1×1 blocks and blocks around the tile edge.
  static let partitions: [[Int]] = [[1], [1, 1, 1], [1, 7, 2], [3, 1, 5, 1], [16, 1, 15], [40, 24], [2, 300, 1, 211]]

  func checkProduct<Scalar: BLASScalar>(_: Scalar.Type, rows: [Int], inner: [Int], columns: [Int]) throws {
    let pa = try BlockPartition(rowBlockSizes: rows, columnBlockSizes: inner)
    let pb = try BlockPartition(rowBlockSizes: inner, columnBlockSizes: columns)
    let a = Matrix<Scalar>.random(rows: pa.rows, columns: pa.columns, in: -1..<1, seed: 11)
    let b = Matrix<Scalar>.random(rows: pb.rows, columns: pb.columns, in: -1..<1, seed: 12)
    let expected = referenceProduct(a, b)
    let tol = tolerance(Scalar.self, operations: pa.columns)
    let ba = try BlockMatrix(a, partition: pa)
    let bb = try BlockMatrix(b, partition: pb)
    let shapes = "rows \(rows) inner \(inner) columns \(columns)"
    for parameters in [BlockProductParameters.automatic, BlockProductParameters(mergesContiguousBlocks: false), BlockProductParameters(tileExtent: 2), BlockProductParameters(tileExtent: 5, coreCount: 1)] {
      let c = try ba.multiplied(by: bb, parameters: parameters)
      #expect(c.partition == BlockPartition(_checked: rows, columns), "\(shapes)")
      #expect(c.assembled().isApproximatelyEqual(to: expected, tolerance: tol), "\(shapes) \(parameters)")
    }
    // The same product through packed storage (every block present, not contiguous).
    let packedA = try BlockMatrix<Scalar>(blocks: (0..<pa.blockRowCount).map { i in (0..<pa.blockColumnCount).map { ba[blockRow: i, blockColumn: $0] } }, partition: pa)
    #expect((packedA * bb).assembled().isApproximatelyEqual(to: expected, tolerance: tol), "\(shapes) packed")
  }

  @Test func blockProductEqualsTheDenseProduct() throws {
    for rows in Self.partitions.prefix(5) {
      for inner in Self.partitions {
        let columns = Array(inner.reversed().prefix(3))
        try checkProduct(Double.self, rows: rows, inner: inner, columns: columns)
        try checkProduct(Float.self, rows: rows, inner: inner, columns: columns)
      }
    }
  }

  @Test func absentBlocksAreSkipped() throws {
    let blocks = [Matrix<Double>.random(rows: 3, columns: 2, seed: 1), Matrix<Double>.random(rows: 1, columns: 4, seed: 2), Matrix<Double>.random(rows: 5, columns: 5, seed: 3)]
    let d = try BlockMatrix.blockDiagonal(blocks)
    let square = try BlockMatrix.blockDiagonal(blocks.map { $0 * $0.transposed })
    // A block-diagonal product stays block-diagonal: only the diagonal is computed and stored.
    let product = try d.multiplied(by: d.transposed)
    #expect(product.storedBlockCount == 3)
    #expect(product.assembled().isApproximatelyEqual(to: square.assembled(), tolerance: 1e-14))
    #expect(product.assembled().isApproximatelyEqual(to: d.assembled() * d.assembled().transposed, tolerance: 1e-14))
    // Contiguous times block-diagonal: the zero blocks of the right operand are skipped.
    let dense = try BlockMatrix(Matrix<Double>.random(rows: 4, columns: 9, seed: 4), partition: BlockPartition(rowBlockSizes: [4], columnBlockSizes: [3, 1, 5]))
    #expect((dense * d).assembled().isApproximatelyEqual(to: dense.assembled() * d.assembled(), tolerance: 1e-14))
    // Nothing contributes: an empty inner partition gives a zero matrix.
    let empty = try BlockMatrix(Matrix<Double>(rows: 2, columns: 0), partition: BlockPartition(rowBlockSizes: [2], columnBlockSizes: []))
    let right = try BlockMatrix(Matrix<Double>(rows: 0, columns: 3), partition: BlockPartition(rowBlockSizes: [], columnBlockSizes: [3]))
    #expect((empty * right).assembled() == Matrix(rows: 2, columns: 3))
  }

  func product(threads: Int, _ a: BlockMatrix<Double>, _ b: BlockMatrix<Double>) throws -> Matrix<Double> {
    try BLAS.withThreadCount(threads) {
      try a.multiplied(by: b, parameters: BlockProductParameters(coreCount: threads)).assembled()
    }
  }

  @Test func identicalBitsForAnyThreadCount() throws {
    let pa = try BlockPartition(rowBlockSizes: [100, 300, 17, 200], columnBlockSizes: [64, 1, 450])
    let pb = try BlockPartition(rowBlockSizes: [64, 1, 450], columnBlockSizes: [250, 3, 260])
    let a = try BlockMatrix(Matrix<Double>.random(rows: pa.rows, columns: pa.columns, seed: 1), partition: pa)
    let b = try BlockMatrix(Matrix<Double>.random(rows: pb.rows, columns: pb.columns, seed: 2), partition: pb)
    #expect(try product(threads: 1, a, b) == product(threads: 2, a, b))
    let diagonal = try BlockMatrix.blockDiagonal((0..<8).map { Matrix<Double>.random(rows: 40, columns: 40, seed: UInt64($0)) })
    #expect(try product(threads: 1, diagonal, diagonal) == product(threads: 2, diagonal, diagonal))
  }

  @Test func mismatchedInnerPartitionsThrowNamingBoth() throws {
    let a = try BlockMatrix(Matrix<Double>(rows: 2, columns: 4), partition: BlockPartition(rowBlockSizes: [2], columnBlockSizes: [2, 2]))
    let b = try BlockMatrix(Matrix<Double>(rows: 4, columns: 1), partition: BlockPartition(rowBlockSizes: [1, 3], columnBlockSizes: [1]))
    #expect { try a.multiplied(by: b) } throws: { error in
      let text = "\(error)"
      return text.contains("[2, 2]") && text.contains("[1, 3]") && text.contains("2×4") && text.contains("4×1")
    }
  }

  @Test func mismatchedOperatorStops() async {
    await #expect(processExitsWith: .failure) {
      let a = try BlockMatrix<Double>.blockDiagonal([Matrix(rows: 2, columns: 2)])
      let b = try BlockMatrix<Double>.blockDiagonal([Matrix(rows: 1, columns: 1), Matrix(rows: 1, columns: 1)])
      _ = a * b
    }
  }
}
