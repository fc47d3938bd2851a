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
    let (one, two) = try atOneAndTwoBLASThreads { try Matrix.batchedProduct(lhs, rhs) }
    #expect(one == products && zip(one, two).allSatisfy { sameBits($0, $1) })
  }

  @Test func batchedProductsEqualSingleProducts() throws {
    for count in [0, 1, 7, 2000] {
      try checkLarge(count: count == 2000 ? 3 : 0)
      try checkBatch(Float.self, count: count)
      try checkBatch(Double.self, count: count)
    }
  }

  /// Same-shape small pairs take the kernel's batched loop (pointers gathered per chunk, the
  /// loop in C): each product has the bits of the kernel's single product, new matrices and
  /// into existing ones — also when the outputs share one storage, which each output then
  /// gets a copy of (the shared matrix stays unchanged) — and empty shapes give zeros.
  func checkUniform<Scalar: BLASScalar>(_: Scalar.Type, m: Int, n: Int, k: Int, count: Int) throws {
    let lhs = (0..<count).map { Matrix<Scalar>.random(rows: m, columns: k, in: -1..<1, seed: UInt64($0)) }
    let rhs = (0..<count).map { Matrix<Scalar>.random(rows: k, columns: n, in: -1..<1, seed: UInt64(5000 + $0)) }
    let expected = zip(lhs, rhs).map { a, b in
      Matrix<Scalar>(_uninitializedRows: m, columns: n) { c in
        a.withUnsafeView { a in b.withUnsafeView { b in SmallProductKernel.multiply(a, b, into: c) } }
      }
    }
    let shared = Matrix<Scalar>(rows: m, columns: n, repeating: 7)
    var outputs = [Matrix<Scalar>](repeating: shared, count: count)
    try Matrix.batchedProduct(lhs, rhs, into: &outputs)
    let products = try Matrix.batchedProduct(lhs, rhs)
    let label = "\(count) pairs \(m)×\(k) · \(k)×\(n), \(Scalar.self)"
    #expect(zip(products, expected).allSatisfy { sameBits($0, $1) }, "\(label), new matrices")
    #expect(zip(outputs, expected).allSatisfy { sameBits($0, $1) }, "\(label), into")
    #expect(shared == Matrix(rows: m, columns: n, repeating: 7), "\(label): the shared output is unchanged")
    if k == 0 { #expect(products.allSatisfy { $0.elements.allSatisfy { $0 == 0 } }, "\(label): zeros") }
  }

  @Test func uniformBatchesHaveTheKernelsBits() throws {
    for (m, n, k) in [(16, 16, 16), (5, 7, 3), (8, 1, 8), (3, 4, 0), (0, 4, 3)] {
      for count in [1, 3, 2001] {
        try checkUniform(Double.self, m: m, n: n, k: k, count: count)
        try checkUniform(Float.self, m: m, n: n, k: k, count: count)
      }
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

  /// `BLAS.threadCount`'s promise for pairs that go to BLAS, large enough that OpenBLAS would
  /// thread each (100³ multiply-adds), and for kernel-sized pairs: the same bits for 1 and 2
  /// OpenBLAS threads, new matrices and into existing ones.
  @Test func identicalBitsForAnyThreadCount() throws {
    for side in [16, 100] {
      let lhs = (0..<12).map { Matrix<Double>.random(rows: side, columns: side, in: -1..<1, seed: UInt64($0)) }
      let rhs = (0..<12).map { Matrix<Double>.random(rows: side, columns: side, in: -1..<1, seed: UInt64(100 + $0)) }
      let (one, two) = try atOneAndTwoBLASThreads { () throws -> [Matrix<Double>] in
        var outputs = [Matrix<Double>](repeating: Matrix(rows: side, columns: side), count: lhs.count)
        try Matrix.batchedProduct(lhs, rhs, into: &outputs)
        return try Matrix.batchedProduct(lhs, rhs) + outputs
      }
      #expect(zip(one, two).allSatisfy { sameBits($0, $1) }, "\(side)×\(side) pairs")
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
