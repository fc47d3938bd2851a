import Testing
@testable import BlockNumerics

@Suite struct MatrixTests {
  func checkInitializers<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let m = try Matrix<Scalar>([[1, 2, 3], [4, 5, 6]])
    #expect(m.rows == 2 && m.columns == 3 && m.count == 6)
    #expect(m.elements == [1, 2, 3, 4, 5, 6])
    #expect(m[1, 0] == 4 && m[0, 2] == 3)
    #expect(try Matrix<Scalar>(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6]) == m)
    #expect(Matrix<Scalar>(rows: 2, columns: 2, repeating: 7).elements == [7, 7, 7, 7])
    #expect(Matrix<Scalar>(rows: 3, columns: 0).isEmpty)
    #expect(try Matrix<Scalar>([]).shape == (0, 0))
    #expect(try Matrix<Scalar>([[]]).shape == (1, 0))
    let identity = Matrix<Scalar>.identity(3)
    #expect(identity.elements == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    #expect(Matrix<Scalar>.diagonal([2, 3]).elements == [2, 0, 0, 3])
    #expect(Matrix<Scalar>.identity(0).isEmpty)
  }

  @Test func initializers() throws {
    try checkInitializers(Float.self)
    try checkInitializers(Double.self)
  }

  @Test func initializerErrorsNameTheShapes() {
    #expect {
      try Matrix<Double>(rows: 2, columns: 3, elements: [1, 2, 3])
    } throws: { error in
      "\(error)".contains("2×3") && "\(error)".contains("got 3")
    }
    #expect(throws: BlockNumericsError.self) { try Matrix<Double>(rows: -1, columns: 3, elements: []) }
    #expect {
      try Matrix<Float>([[1, 2], [3]])
    } throws: { error in
      guard case .shapeMismatch(let operation, let message) = error as? BlockNumericsError else { return false }
      return operation.contains("Matrix") && message.contains("row 1 has 1")
    }
    // A product that overflows Int is an error, not an allocation.
    #expect(throws: BlockNumericsError.self) {
      try Matrix<Double>(rows: Int.max / 2, columns: 3, elements: [])
    }
  }

  @Test func copyOnWriteLeavesTheOriginalUnchanged() throws {
    let original = try Matrix<Double>([[1, 2], [3, 4]])
    var copy = original
    copy[0, 1] = 5
    #expect(original[0, 1] == 2 && copy[0, 1] == 5)
    var scaled = original
    scaled *= 3
    #expect(original.elements == [1, 2, 3, 4] && scaled.elements == [3, 6, 9, 12])
    var added = original
    added += original
    #expect(original.elements == [1, 2, 3, 4] && added.elements == [2, 4, 6, 8])
  }

  @Test func equalityComparesShapeAndEntries() throws {
    let row = try Matrix<Double>(rows: 1, columns: 4, elements: [1, 2, 3, 4])
    let square = try Matrix<Double>(rows: 2, columns: 2, elements: [1, 2, 3, 4])
    #expect(row != square)
    #expect(square == (try Matrix<Double>([[1, 2], [3, 4]])))
    let withNaN = try Matrix<Double>([[.nan]])
    #expect(withNaN != withNaN)
  }

  @Test func bufferAccessSeesRowMajorOrder() throws {
    var m = try Matrix<Float>([[1, 2], [3, 4]])
    #expect(m.withUnsafeBufferPointer { Array($0) } == [1, 2, 3, 4])
    m.withUnsafeMutableBufferPointer { $0[2] = 30 }
    #expect(m[1, 0] == 30)
  }
}
