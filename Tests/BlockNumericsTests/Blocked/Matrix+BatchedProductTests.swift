import Testing
@testable import BlockNumerics

@Suite struct MatrixBatchedProductTests {
  func checkBatch<Scalar: BLASScalar>(_: Scalar.Type, count: Int) throws {
    let shapes = (0..<count).map { (1 + $0 % 5, 1 + $0 % 7, 1 + $0 % 3) }
    let lhs = shapes.enumerated().map { Matrix<Scalar>.random(rows: $1.0, columns: $1.1, seed: UInt64($0)) }
    let rhs = shapes.enumerated().map { Matrix<Scalar>.random(rows: $1.1, columns: $1.2, seed: UInt64($0 + 1000)) }
    let products = try Matrix.batchedProduct(lhs, rhs)
    #expect(products.count == count)
    for index in 0..<count { #expect(products[index] == lhs[index] * rhs[index], "pair \(index)") }
  }

  @Test func batchedProductsEqualSingleProducts() throws {
    for count in [0, 1, 7, 2000] {
      try checkBatch(Float.self, count: count)
      try checkBatch(Double.self, count: count)
    }
  }

  @Test func mismatchesThrowNamingThePair() {
    let square = Matrix<Double>(rows: 2, columns: 2)
    #expect { try Matrix.batchedProduct([square, square], [square]) } throws: { "\($0)".contains("2 left") }
    #expect { try Matrix.batchedProduct([square, square], [square, Matrix(rows: 3, columns: 1)]) } throws: {
      "\($0)".contains("pair 1") && "\($0)".contains("3×1")
    }
  }
}
