import Testing
@testable import BlockNumerics

/// Randomized: every BSR kernel equals the same computation on the dense matrix, over
/// random block sizes (around the Swift-kernel/BLAS edge), grid shapes and densities.
@Suite struct BlockSparseMatrixPropertyTests {
  func kernelsEqualDense<Scalar: BLASScalar>(_: Scalar.Type, _ c: inout PropertyCase) throws {
    let blockRows = c.pick([1, 2, 3, 4, 5, 7, 8, 9, 16, 17])
    let blockColumns = c.pick([1, 2, 3, 4, 5, 7, 8, 9, 16, 17])
    let blockRowCount = c.int(0...5), blockColumnCount = c.int(0...5)
    let rows = blockRows * blockRowCount, columns = blockColumns * blockColumnCount
    let density = c.pick([0.0, 0.1, 0.3, 0.6, 1.0])
    let n = c.pick([0, 1, 2, 5, 13])
    c.note("\(Scalar.self) \(rows)×\(columns) in \(blockRows)×\(blockColumns) blocks, density \(density), n \(n)")
    let s = BlockSparseMatrix<Scalar>.random(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, density: density, seed: c.nextSeed())
    let dense = s.dense()
    let eps = tolerance(Scalar.self, operations: Swift.max(rows, columns))
    func close(_ got: Matrix<Scalar>, _ want: Matrix<Scalar>, _ what: String, _ c: inout PropertyCase) {
      c.expect(got.isApproximatelyEqual(to: want, tolerance: eps), "\(what): off by \((got - want).frobeniusNorm)")
    }

    // Conversions.
    c.expect(try BlockSparseMatrix(dense, blockRows: blockRows, blockColumns: blockColumns).dense() == dense, "dense round trip")
    c.expect(s.transposed.dense() == dense.transposed, "transpose")
    let viaEntries = try BlockSparseMatrix<Scalar>(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, entries: s.nonzeroEntries)
    c.expect(viaEntries.dense() == dense, "from nonzeroEntries")

    // SpMM, transposed SpMM, dense × sparse, SpMV.
    let x = Matrix<Scalar>.random(rows: columns, columns: n, in: -1..<1, seed: c.nextSeed())
    close(s * x, referenceProduct(dense, x), "s * x", &c)
    let xt = Matrix<Scalar>.random(rows: rows, columns: n, in: -1..<1, seed: c.nextSeed())
    close(try s.multiplied(by: xt, transposed: true), referenceProduct(dense.transposed, xt), "sᵀ · x", &c)
    let left = Matrix<Scalar>.random(rows: n, columns: rows, in: -1..<1, seed: c.nextSeed())
    close(left * s, referenceProduct(left, dense), "x * s", &c)
    let v = (0..<columns).map { _ in Scalar(c.int(-8...8)) / 4 }
    close(Matrix(column: s * v), Matrix(column: dense * v), "s * v", &c)
    let w = (0..<rows).map { _ in Scalar(c.int(-8...8)) / 4 }
    close(Matrix(column: try s.multiplied(by: w, transposed: true)), Matrix(column: try dense.multiplied(by: w, transposed: true)), "sᵀ · v", &c)

    // In place with alpha and beta: C ← 2·A·B − C.
    var accumulated = Matrix<Scalar>.random(rows: rows, columns: n, in: -1..<1, seed: c.nextSeed())
    let before = accumulated
    try BlockSparseMatrix.multiply(s, x, alpha: 2, beta: -1, into: &accumulated)
    close(accumulated, referenceProduct(dense, x) * 2 - before, "multiply(alpha: 2, beta: -1)", &c)

    // SpGEMM with a second random matrix whose block rows match.
    let other = BlockSparseMatrix<Scalar>.random(
      rows: columns, columns: blockColumns * 2, blockRows: blockColumns, blockColumns: blockColumns, density: density, seed: c.nextSeed())
    close((s * other).dense(), referenceProduct(dense, other.dense()), "s * s2", &c)

    // SDDMM on s's pattern.
    let k = c.int(0...6)
    let a = Matrix<Scalar>.random(rows: rows, columns: k, in: -1..<1, seed: c.nextSeed())
    let b = Matrix<Scalar>.random(rows: k, columns: columns, in: -1..<1, seed: c.nextSeed())
    let sampled = try BlockSparseMatrix.sampledProduct(a, b, pattern: s)
    var mask = referenceProduct(a, b)
    let stored = BlockSparseMatrix.mask(s)
    for i in 0..<rows { for j in 0..<columns where !stored[i * columns + j] { mask[i, j] = 0 } }
    c.expect(sampled.storedBlockCount == s.storedBlockCount, "SDDMM keeps the pattern")
    close(sampled.dense(), mask, "SDDMM", &c)

    // Sums.
    close((s + s).dense(), dense * 2, "s + s", &c)
    c.expect((s - s).dense().frobeniusNorm == 0, "s − s")
  }

  @Test func kernelsEqualDense() {
    Property.check("BSR kernels = dense (Float)", cases: 60, seed: 0xB5_0001) { try kernelsEqualDense(Float.self, &$0) }
    Property.check("BSR kernels = dense (Double)", cases: 60, seed: 0xB5_0002) { try kernelsEqualDense(Double.self, &$0) }
  }
}

extension BlockSparseMatrix {
  /// Whether each entry (row-major) lies in a stored block.
  fileprivate static func mask(_ s: BlockSparseMatrix) -> [Bool] {
    var stored = [Bool](repeating: false, count: s.rows * s.columns)
    for (blockRow, blockColumn) in s.storedBlockCoordinates {
      for r in 0..<s.blockRows {
        for col in 0..<s.blockColumns {
          stored[(blockRow * s.blockRows + r) * s.columns + blockColumn * s.blockColumns + col] = true
        }
      }
    }
    return stored
  }
}

extension Matrix {
  /// A one-column matrix holding `vector`.
  fileprivate init(column vector: [Scalar]) {
    self.init(_unchecked: vector.count, 1, vector)
  }
}
