import Testing
@testable import BlockNumerics

@Suite struct MatrixBatchedProductTests {
  func checkBatch<Scalar: BLASScalar>(_: Scalar.Type, count: Int) throws {
    let shapes = (0..<count).map { (1 + $0 % 5, 1 + $0 % 7, 1 + $0 % 3) }
    let lhs = shapes.enumerated().map { Matrix<Scalar>.random(rows: $1.0, columns: $1.1, seed: UInt64($0)) }
    let rhs = shapes.enumerated().map { Matrix<Scalar>.random(rows: $1.1, columns: $1.2, seed: UInt64($0 + 1000)) }
    let products = try Matrix.batchedProduct(lhs, rhs)
    #expect(products.count == count)
    for index in 0..<count {
      let expected = referenceProduct(lhs[index], rhs[index])
      #expect(products[index].isApproximatelyEqual(to: expected, tolerance: tolerance(Scalar.self, operations: 8)), "pair \(index)")
    }
    // The same bits whatever BLAS's own thread count: each pair is computed on its own.
    let serial = try BLAS.withThreadCount(1) { try Matrix.batchedProduct(lhs, rhs) }
    #expect(serial == products)
  }

  @Test func batchedProductsEqualSingleProducts() throws {
    for count in [0, 1, 7, 2000] {
      try checkLarge(count: count == 2000 ? 3 : 0)
      try checkBatch(Float.self, count: count)
      try checkBatch(Double.self, count: count)
    }
  }

  /// Pairs too large for the small-product kernel go to BLAS.
  func checkLarge(count: Int) throws {
    let lhs = (0..<count).map { Matrix<Double>.random(rows: 70, columns: 60, seed: UInt64($0)) }
    let rhs = (0..<count).map { Matrix<Double>.random(rows: 60, columns: 50, seed: UInt64($0 + 9)) }
    for (product, (a, b)) in zip(try Matrix.batchedProduct(lhs, rhs), zip(lhs, rhs)) {
      #expect(product.isApproximatelyEqual(to: referenceProduct(a, b), tolerance: 1e-13))
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
