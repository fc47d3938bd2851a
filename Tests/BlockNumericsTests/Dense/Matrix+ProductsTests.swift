import Testing
@testable import BlockNumerics

@Suite struct MatrixProductsTests {
  func checkProducts<Scalar: BLASScalar>(_: Scalar.Type, m: Int, k: Int, n: Int) throws {
    let a = Matrix<Scalar>.random(rows: m, columns: k, in: -1..<1, seed: UInt64(m * 1000 + k))
    let b = Matrix<Scalar>.random(rows: k, columns: n, in: -1..<1, seed: UInt64(k * 1000 + n))
    let expected = referenceProduct(a, b)
    let tol = tolerance(Scalar.self, operations: k)
    #expect((a * b).isApproximatelyEqual(to: expected, tolerance: tol), "m=\(m) k=\(k) n=\(n)")
    #expect(try a.multiplied(by: b).isApproximatelyEqual(to: expected, tolerance: tol))
    // Every transpose combination through the fused form, with alpha and beta.
    let c0 = Matrix<Scalar>.random(rows: m, columns: n, seed: 99)
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      var c = c0
      try Matrix.multiply(ta ? a.transposed : a, tb ? b.transposed : b, transposeA: ta, transposeB: tb, alpha: 2, beta: -1, into: &c)
      #expect(c.isApproximatelyEqual(to: expected * 2 - c0, tolerance: tol * 4), "ta=\(ta) tb=\(tb) m=\(m) k=\(k) n=\(n)")
    }
    let x = Matrix<Scalar>.random(rows: k, columns: 1, seed: 5).elements
    let y = a * x
    let yExpected = referenceProduct(a, try Matrix(rows: k, columns: 1, elements: x)).elements
    #expect(try Matrix(rows: 1, columns: m, elements: y).isApproximatelyEqual(to: Matrix(rows: 1, columns: m, elements: yExpected), tolerance: tol))
    let z = try a.multiplied(by: y.isEmpty ? [Scalar](repeating: 1, count: m) : y, transposed: true)
    #expect(z.count == k)
  }

  @Test(arguments: [(0, 0, 0), (0, 3, 2), (3, 0, 2), (1, 1, 1), (7, 13, 5), (33, 1, 17), (65, 64, 63), (128, 200, 96)])
  func productsMatchATripleLoop(m: Int, k: Int, n: Int) throws {
    try checkProducts(Float.self, m: m, k: k, n: n)
    try checkProducts(Double.self, m: m, k: k, n: n)
  }

  @Test func innerDimensionZeroGivesZerosEvenOverNaN() throws {
    var c = try Matrix<Double>([[.nan, 1]])
    try Matrix.multiply(Matrix(rows: 1, columns: 0), Matrix(rows: 0, columns: 2), into: &c)
    #expect(c.elements == [0, 0])
  }

  @Test func betaZeroIgnoresPreviousContents() throws {
    var c = try Matrix<Double>([[.nan]])
    try Matrix.multiply(Matrix([[2]]), Matrix([[3]]), into: &c)
    #expect(c[0, 0] == 6)
  }

  @Test func aliasingTheOutputIsSafe() throws {
    var c = try Matrix<Double>([[1, 2], [3, 4]])
    try Matrix.multiply(c, c, into: &c)
    #expect(c.elements == [7, 10, 15, 22])
  }

  @Test func shapeErrorsNameBothShapes() throws {
    let a = Matrix<Double>(rows: 2, columns: 3)
    let b = Matrix<Double>(rows: 4, columns: 5)
    #expect { try a.multiplied(by: b) } throws: { "\($0)".contains("2×3") && "\($0)".contains("4×5") }
    var c = Matrix<Double>(rows: 2, columns: 2)
    try Matrix.multiply(a, a, transposeB: true, into: &c)  // 2×3 · (2×3)ᵀ fits 2×2
    var wrong = Matrix<Double>(rows: 3, columns: 3)
    #expect { try Matrix.multiply(a, a, transposeB: true, into: &wrong) } throws: { "\($0)".contains("3×3") }
    #expect(throws: BlockNumericsError.self) { try a.multiplied(by: [1, 2]) }
  }

  @Test func mismatchedOperatorStops() async {
    await #expect(processExitsWith: .failure) {
      _ = Matrix<Double>(rows: 2, columns: 3) * Matrix<Double>(rows: 2, columns: 3)
    }
  }

  func checkAgainstNumPy<Scalar: BLASScalar>(_: Scalar.Type, suffix: String) throws {
    for name in ["small", "large"] {
      let a = try Fixtures.matrix("dense/\(name)_a_\(suffix).npy", as: Scalar.self)
      let b = try Fixtures.matrix("dense/\(name)_b_\(suffix).npy", as: Scalar.self)
      let c = try Fixtures.matrix("dense/\(name)_c_\(suffix).npy", as: Scalar.self)
      let tol = tolerance(Scalar.self, operations: a.columns)
      #expect((a * b).isApproximatelyEqual(to: try Fixtures.matrix("dense/\(name)_ab_\(suffix).npy"), tolerance: tol), "\(name) \(suffix)")
      var fused = c
      try Matrix.multiply(a, b, alpha: 0.5, beta: -2, into: &fused)
      #expect(fused.isApproximatelyEqual(to: try Fixtures.matrix("dense/\(name)_fused_\(suffix).npy"), tolerance: tol), "\(name) \(suffix)")
    }
    let a = try Fixtures.matrix("dense/small_a_\(suffix).npy", as: Scalar.self)
    let b = try Fixtures.matrix("dense/small_b_\(suffix).npy", as: Scalar.self)
    let av = try Fixtures.matrix("dense/small_av_\(suffix).npy", as: Scalar.self)
    #expect(try Matrix(rows: 1, columns: a.rows, elements: a * b.column(0)).isApproximatelyEqual(to: av, tolerance: tolerance(Scalar.self, operations: 8)))
  }

  @Test func productsMatchNumPy() throws {
    try checkAgainstNumPy(Float.self, suffix: "f32")
    try checkAgainstNumPy(Double.self, suffix: "f64")
  }
}
