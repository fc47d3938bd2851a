import Testing
@testable import BlockNumerics

@Suite struct MatrixAccessTests {
  @Test func rowsColumnsAndSubmatrices() throws {
    var m = try Matrix<Float>(rows: 3, columns: 4, elements: (0..<12).map(Float.init))
    #expect(m.row(1) == [4, 5, 6, 7])
    #expect(m.column(2) == [2, 6, 10])
    #expect(try m.submatrix(rows: 1..<3, columns: 1..<3).elements == [5, 6, 9, 10])
    #expect(m[rows: 0..<1, columns: 2..<4].elements == [2, 3])
    #expect(try m.submatrix(rows: 1..<1, columns: 0..<4).shape == (0, 4))
    try m.setRow(0, to: [9, 9, 9, 9])
    try m.setColumn(3, to: [-1, -2, -3])
    #expect(m.row(0) == [9, 9, 9, -1] && m.column(3) == [-1, -2, -3])
    m[rows: 1..<3, columns: 0..<2] = try Matrix([[0, 0], [0, 0]])
    #expect(m.elements == [9, 9, 9, -1, 0, 0, 6, -2, 0, 0, 10, -3])
    #expect(try m.reshaped(rows: 2, columns: 6).row(1) == [6, -2, 0, 0, 10, -3])
  }

  @Test func outOfRangeAccessThrowsWithTheShape() {
    var m = Matrix<Double>(rows: 2, columns: 3)
    #expect { try m.submatrix(rows: 0..<3, columns: 0..<1) } throws: { "\($0)".contains("2×3") }
    #expect(throws: BlockNumericsError.self) { try m.setRow(2, to: [1, 2, 3]) }
    #expect(throws: BlockNumericsError.self) { try m.setRow(0, to: [1, 2]) }
    #expect(throws: BlockNumericsError.self) { try m.setColumn(0, to: [1, 2, 3]) }
    #expect(throws: BlockNumericsError.self) {
      try m.setSubmatrix(rows: 0..<1, columns: 0..<2, to: Matrix(rows: 2, columns: 2))
    }
    #expect(throws: BlockNumericsError.self) { try m.reshaped(rows: 4, columns: 2) }
  }

  @Test func badIndexStops() async {
    await #expect(processExitsWith: .failure) {
      _ = Matrix<Double>(rows: 2, columns: 2)[2, 0]
    }
  }
}
