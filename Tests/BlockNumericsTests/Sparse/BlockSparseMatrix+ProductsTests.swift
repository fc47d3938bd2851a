import Testing
@testable import BlockNumerics

@Suite struct BlockSparseMatrixProductsTests {
  func expectClose<Scalar: BLASScalar>(
    _ actual: Matrix<Scalar>, _ expected: Matrix<Scalar>, operations: Int, _ label: String
  ) {
    #expect(
      actual.isApproximatelyEqual(to: expected, tolerance: tolerance(Scalar.self, operations: operations)),
      "\(label): got \(actual.shapeDescription), expected \(expected.shapeDescription)")
  }

  func checkProducts<Scalar: BLASScalar>(
    _: Scalar.Type, blockRows: Int, blockColumns: Int, gridRows: Int, gridColumns: Int,
    density: Double, n: Int, seed: UInt64
  ) throws {
    let s = randomSparse(Scalar.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: gridRows, gridColumns: gridColumns, density: density, seed: seed)
    let d = s.dense()
    let dt = d.transposed
    let label = "\(Scalar.self) \(s.shapeDescription), \(s.storedBlockCount) blocks, n=\(n), seed \(seed)"
    let x = Matrix<Scalar>.random(rows: s.columns, columns: n, in: -1..<1, seed: seed + 1)
    let xt = Matrix<Scalar>.random(rows: s.rows, columns: n, in: -1..<1, seed: seed + 2)
    let left = Matrix<Scalar>.random(rows: n, columns: s.rows, in: -1..<1, seed: seed + 3)
    let leftT = Matrix<Scalar>.random(rows: n, columns: s.columns, in: -1..<1, seed: seed + 4)
    let k = max(s.rows, s.columns)

    // Sparse × dense, plain and transposed.
    let sx = referenceProduct(d, x)
    expectClose(s * x, sx, operations: k, "s * x, \(label)")
    expectClose(try s.multiplied(by: x), sx, operations: k, "multiplied(by:), \(label)")
    let stx = referenceProduct(dt, xt)
    expectClose(try s.multiplied(by: xt, transposed: true), stx, operations: k, "sᵀ·x fused, \(label)")
    expectClose(s.transposed * xt, stx, operations: k, "s.transposed * x, \(label)")

    // Dense × sparse, plain and transposed.
    let xs = referenceProduct(left, d)
    expectClose(left * s, xs, operations: k, "x * s, \(label)")
    expectClose(try left.multiplied(by: s), xs, operations: k, "x.multiplied(by: s), \(label)")
    expectClose(try leftT.multiplied(by: s, transposed: true), referenceProduct(leftT, dt), operations: k, "x·sᵀ, \(label)")

    // Vectors.
    if n > 0 {
      let v = x.column(0)
      let sv = s * v
      expectClose(try Matrix(rows: sv.count, columns: 1, elements: sv), referenceProduct(d, try Matrix(rows: v.count, columns: 1, elements: v)), operations: k, "s * v, \(label)")
      let w = xt.column(0)
      let stw = try s.multiplied(by: w, transposed: true)
      expectClose(try Matrix(rows: stw.count, columns: 1, elements: stw), referenceProduct(dt, try Matrix(rows: w.count, columns: 1, elements: w)), operations: k, "sᵀ·v, \(label)")
    }

    // Fused forms with alpha and beta; beta = 0 must ignore NaN in C.
    let c0 = Matrix<Scalar>.random(rows: s.rows, columns: n, in: -1..<1, seed: seed + 5)
    var c = c0
    try BlockSparseMatrix.multiply(s, x, alpha: 2, beta: -1, into: &c)
    expectClose(c, sx * 2 - c0, operations: 2 * k, "multiply(alpha: 2, beta: -1), \(label)")
    var ct = Matrix<Scalar>(rows: s.columns, columns: n, repeating: .nan)
    try BlockSparseMatrix.multiply(s, xt, transposeA: true, alpha: 3, into: &ct)
    expectClose(ct, stx * 3, operations: k, "multiply(transposeA:, beta: 0) over NaN, \(label)")
    var cl = Matrix<Scalar>.random(rows: n, columns: s.columns, in: -1..<1, seed: seed + 6)
    let cl0 = cl
    try BlockSparseMatrix.multiply(left, s, alpha: -1, beta: 2, into: &cl)
    expectClose(cl, cl0 * 2 - xs, operations: 2 * k, "multiply(x, s, alpha:beta:), \(label)")
    var clt = Matrix<Scalar>(rows: n, columns: s.rows, repeating: .nan)
    try BlockSparseMatrix.multiply(leftT, s, transposeB: true, into: &clt)
    expectClose(clt, referenceProduct(leftT, dt), operations: k, "multiply(x, sᵀ), \(label)")
  }

  @Test(arguments: sparseBlockSizes.map { [$0.0, $0.1] })
  func productsMatchTheDenseProduct(block: [Int]) throws {
    for (seed, n) in [(UInt64(11), 19), (UInt64(12), 1)] {
      try checkProducts(Float.self, blockRows: block[0], blockColumns: block[1], gridRows: 3, gridColumns: 4, density: 0.5, n: n, seed: seed)
      try checkProducts(Double.self, blockRows: block[0], blockColumns: block[1], gridRows: 3, gridColumns: 4, density: 0.5, n: n, seed: seed)
    }
  }

  @Test func edgeCasesEmptySingleAndFull() throws {
    // No stored blocks (the product is zero, beta still applies), a single block, a full grid.
    try checkProducts(Double.self, blockRows: 3, blockColumns: 5, gridRows: 2, gridColumns: 3, density: 0, n: 4, seed: 1)
    try checkProducts(Float.self, blockRows: 3, blockColumns: 5, gridRows: 1, gridColumns: 1, density: 1, n: 9, seed: 2)
    try checkProducts(Double.self, blockRows: 7, blockColumns: 2, gridRows: 2, gridColumns: 5, density: 1, n: 17, seed: 3)
    // Zero-sized: no rows, and no right-hand columns.
    try checkProducts(Double.self, blockRows: 2, blockColumns: 2, gridRows: 0, gridColumns: 0, density: 0.5, n: 3, seed: 4)
    try checkProducts(Float.self, blockRows: 2, blockColumns: 2, gridRows: 3, gridColumns: 2, density: 0.5, n: 0, seed: 5)
  }

  @Test func parallelPathMatchesTheDenseProduct() throws {
    // Large enough to split into chunks on several threads; compared with BLAS's dense product.
    for (blockRows, blockColumns) in [(4, 4), (8, 16), (32, 32)] {
      let s = randomSparse(Double.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: 160 / blockRows, gridColumns: 320 / blockColumns, density: 0.3, seed: 21)
      let x = Matrix<Double>.random(rows: s.columns, columns: 40, in: -1..<1, seed: 22)
      let xt = Matrix<Double>.random(rows: s.rows, columns: 40, in: -1..<1, seed: 23)
      let left = Matrix<Double>.random(rows: 40, columns: s.rows, in: -1..<1, seed: 24)
      let d = s.dense()
      let tol = tolerance(Double.self, operations: 320)
      #expect((s * x).isApproximatelyEqual(to: d * x, tolerance: tol), "\(s.shapeDescription)")
      #expect((s.transposed * xt).isApproximatelyEqual(to: d.transposed * xt, tolerance: tol))
      #expect(try s.multiplied(by: xt, transposed: true).isApproximatelyEqual(to: d.transposed * xt, tolerance: tol))
      #expect((left * s).isApproximatelyEqual(to: left * d, tolerance: tol))
      let v = x.column(0)
      #expect(try Matrix(rows: s.rows, columns: 1, elements: s * v).isApproximatelyEqual(to: Matrix(rows: s.rows, columns: 1, elements: d * v), tolerance: tol))
    }
  }

  /// `BLAS.threadCount`'s promise: block-sparse products give the same bits for 1 and 2
  /// OpenBLAS threads, with blocks large enough that OpenBLAS would thread one block product
  /// (64 × 64 times 128 columns) and enough work to split across the cores, and with small
  /// blocks that run the small-product kernel.
  @Test func identicalBitsForAnyThreadCount() throws {
    for (blockRows, blockColumns) in [(4, 4), (64, 64)] {
      let s = randomSparse(
        Double.self, blockRows: blockRows, blockColumns: blockColumns, gridRows: 256 / blockRows, gridColumns: 192 / blockColumns,
        density: 0.5, seed: 31)
      let x = Matrix<Double>.random(rows: s.columns, columns: 128, in: -1..<1, seed: 32)
      let xt = Matrix<Double>.random(rows: s.rows, columns: 128, in: -1..<1, seed: 33)
      let left = Matrix<Double>.random(rows: 96, columns: s.rows, in: -1..<1, seed: 34)
      let leftT = Matrix<Double>.random(rows: 96, columns: s.columns, in: -1..<1, seed: 35)
      let (one, two) = try atOneAndTwoBLASThreads {
        [s * x, try s.multiplied(by: xt, transposed: true), left * s, try leftT.multiplied(by: s, transposed: true),
         Matrix(_unchecked: s.rows, 1, s * x.column(0))]
      }
      for (index, (a, b)) in zip(one, two).enumerated() {
        #expect(sameBits(a, b), "product \(index), \(blockRows)×\(blockColumns) blocks")
      }
    }
  }

  @Test func shapeErrorsNameTheOperationAndBothShapes() throws {
    let s = BlockSparseMatrix<Double>.random(rows: 6, columns: 10, blockRows: 3, blockColumns: 5, density: 0.5, seed: 1)
    let x = Matrix<Double>(rows: 7, columns: 2)
    #expect { try s.multiplied(by: x) } throws: {
      "\($0)".contains("multiplied(by:transposed:)") && "\($0)".contains("6×10 in 3×5 blocks") && "\($0)".contains("7×2")
    }
    #expect { try s.multiplied(by: x, transposed: true) } throws: { "\($0)".contains("(6×10 in 3×5 blocks)ᵀ") && "\($0)".contains("7×2") }
    #expect { try x.multiplied(by: s) } throws: { "\($0)".contains("Matrix.multiplied(by: BlockSparseMatrix") && "\($0)".contains("7×2") && "\($0)".contains("6×10") }
    #expect { try Matrix<Double>(rows: 2, columns: 6).multiplied(by: s, transposed: true) } throws: { "\($0)".contains("2×6") && "\($0)".contains("ᵀ") }
    #expect { try s.multiplied(by: [1, 2, 3]) } throws: { "\($0)".contains("vector of 3 elements") && "\($0)".contains("6×10") }
    var c = Matrix<Double>(rows: 5, columns: 5)
    #expect { try BlockSparseMatrix.multiply(s, Matrix(rows: 10, columns: 4), into: &c) } throws: {
      "\($0)".contains("multiply(_:_:transposeA:") && "\($0)".contains("6×4") && "\($0)".contains("C is 5×5")
    }
    #expect { try BlockSparseMatrix.multiply(s, Matrix(rows: 3, columns: 4), into: &c) } throws: { "\($0)".contains("3×4") && "\($0)".contains("6×10") }
    #expect { try BlockSparseMatrix.multiply(Matrix(rows: 2, columns: 6), s, into: &c) } throws: {
      "\($0)".contains("transposeB") && "\($0)".contains("2×10") && "\($0)".contains("C is 5×5")
    }
    #expect { try BlockSparseMatrix.multiply(Matrix(rows: 2, columns: 7), s, into: &c) } throws: { "\($0)".contains("2×7") && "\($0)".contains("6×10") }
  }

  @Test func mismatchedOperatorsStop() async {
    await #expect(processExitsWith: .failure) {
      let s = BlockSparseMatrix<Double>.random(rows: 4, columns: 4, blockRows: 2, blockColumns: 2, density: 0.5, seed: 1)
      _ = s * Matrix<Double>(rows: 3, columns: 1)
    }
    await #expect(processExitsWith: .failure) {
      let s = BlockSparseMatrix<Double>.random(rows: 4, columns: 4, blockRows: 2, blockColumns: 2, density: 0.5, seed: 1)
      _ = Matrix<Double>(rows: 3, columns: 3) * s
    }
    await #expect(processExitsWith: .failure) {
      let s = BlockSparseMatrix<Double>.random(rows: 4, columns: 4, blockRows: 2, blockColumns: 2, density: 0.5, seed: 1)
      _ = s * [1.0, 2.0]
    }
  }
}
