import Testing
@testable import BlockNumerics

@Suite struct MatrixArithmeticTests {
  func checkElementwise<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let a = try Matrix<Scalar>([[1, -2], [3, 4]])
    let b = try Matrix<Scalar>([[5, 6], [-7, 8]])
    #expect((a + b).elements == [6, 4, -4, 12])
    #expect((a - b).elements == [-4, -8, 10, -4])
    #expect(try a.adding(b) == a + b)
    #expect(try a.subtracting(b) == a - b)
    #expect(try a.elementwiseProduct(b).elements == [5, -12, -21, 32])
    #expect(try b.elementwiseQuotient(a).elements == [5, -3, Scalar(-7) / 3, 2])
    #expect((a * 2).elements == [2, -4, 6, 8])
    #expect((2 * a) == a * 2)
    #expect((a / 2).elements == [0.5, -1, 1.5, 2])
    #expect((a + 1).elements == [2, -1, 4, 5])
    #expect((1 + a) == a + 1)
    #expect((a - 1).elements == [0, -3, 2, 3])
    #expect((1 - a).elements == [0, 3, -2, -3])
    #expect((-a).elements == [-1, 2, -3, -4])
    var c = a
    c += b
    c -= a
    #expect(c == b)
    c *= 0.5
    c /= 0.5
    c += 1
    c -= 1
    #expect(c == b)
    #expect(a.map { $0 * $0 }.elements == [1, 4, 9, 16])
  }

  @Test func elementwiseOperations() throws {
    try checkElementwise(Float.self)
    try checkElementwise(Double.self)
  }

  @Test func emptyMatricesStayEmpty() {
    let empty = Matrix<Double>(rows: 0, columns: 4)
    #expect((empty + empty).shape == (0, 4))
    #expect((empty * 3).shape == (0, 4))
    var e = empty
    e += empty
    e *= 0
    #expect(e.isEmpty)
  }

  @Test func scalingByZeroKeepsNaNAsNumPyDoes() throws {
    var m = try Matrix<Double>([[.nan, 1]])
    m *= 0
    #expect(m[0, 0].isNaN && m[0, 1] == 0)
  }

  @Test func namedTwinsThrowOnShapeMismatch() throws {
    let a = Matrix<Double>(rows: 2, columns: 3)
    let b = Matrix<Double>(rows: 3, columns: 2)
    for operation in [a.adding, a.subtracting, a.elementwiseProduct, a.elementwiseQuotient] {
      #expect {
        try operation(b)
      } throws: { error in
        "\(error)".contains("2×3") && "\(error)".contains("3×2")
      }
    }
  }

  @Test func operatorsStopOnShapeMismatch() async {
    await #expect(processExitsWith: .failure) {
      _ = Matrix<Double>(rows: 2, columns: 3) + Matrix<Double>(rows: 3, columns: 2)
    }
  }

  func checkAgainstNumPy<Scalar: BLASScalar>(_: Scalar.Type, suffix: String) throws {
    let a = try Fixtures.matrix("dense/small_a_\(suffix).npy", as: Scalar.self)
    let divisor = try Fixtures.matrix("dense/small_divisor_\(suffix).npy", as: Scalar.self)
    let tol = tolerance(Scalar.self)
    #expect(try a.elementwiseProduct(a).isApproximatelyEqual(to: Fixtures.matrix("dense/small_hadamard_\(suffix).npy"), tolerance: tol))
    #expect(try a.elementwiseQuotient(divisor).isApproximatelyEqual(to: Fixtures.matrix("dense/small_quotient_\(suffix).npy"), tolerance: tol))
    #expect(try a.transposed == Fixtures.matrix("dense/small_at_\(suffix).npy"))
  }

  @Test func elementwiseOperationsMatchNumPy() throws {
    try checkAgainstNumPy(Float.self, suffix: "f32")
    try checkAgainstNumPy(Double.self, suffix: "f64")
  }
}
