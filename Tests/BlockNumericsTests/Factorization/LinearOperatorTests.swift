import Testing
@testable import BlockNumerics

@Suite struct LinearOperatorTests {
  func check<Operator: LinearOperator>(_ a: Operator, dense: Matrix<Operator.Scalar>, _ label: String) {
    let x = Matrix<Operator.Scalar>.randomNormal(rows: a.columns, columns: 5, seed: 7)
    let y = Matrix<Operator.Scalar>.randomNormal(rows: a.rows, columns: 5, seed: 8)
    let tol = tolerance(Operator.Scalar.self, operations: 4 * (a.rows + a.columns))
    #expect(a.rows == dense.rows && a.columns == dense.columns, "\(label)")
    #expect(a.applied(to: x).isApproximatelyEqual(to: referenceProduct(dense, x), tolerance: tol), "\(label): A·X")
    #expect(a.transposeApplied(to: y).isApproximatelyEqual(to: referenceProduct(dense.transposed, y), tolerance: tol), "\(label): Aᵀ·X")
  }

  func checkEveryKind<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (m, n) in [(1, 1), (9, 5), (5, 9), (33, 32)] {
      let dense = Matrix<Scalar>.randomNormal(rows: m, columns: n, seed: UInt64(m + 100 * n))
      check(dense, dense: dense, "Matrix \(m)×\(n)")
      let rowSizes = m > 2 ? [1, m - 3, 2] : [m]
      let columnSizes = n > 1 ? [n - 1, 1] : [n]
      let contiguous = try BlockMatrix(dense, partition: BlockPartition(rowBlockSizes: rowSizes, columnBlockSizes: columnSizes))
      check(contiguous, dense: dense, "contiguous BlockMatrix \(m)×\(n)")
    }
    let sparse = BlockSparseMatrix<Scalar>.random(rows: 24, columns: 18, blockRows: 4, blockColumns: 3, density: 0.3, seed: 5)
    check(sparse, dense: sparse.dense(), "BSR 24×18")
    let m = Matrix<Scalar>.randomNormal(rows: 2, columns: 3, seed: 9)
    let packed = try BlockMatrix<Scalar>.blockDiagonal([m, m.transposed, m])
    check(packed, dense: packed.assembled(), "block-diagonal BlockMatrix")
  }

  @Test func productsMatchTheDenseMatrix() throws {
    try checkEveryKind(Float.self)
    try checkEveryKind(Double.self)
  }
}
