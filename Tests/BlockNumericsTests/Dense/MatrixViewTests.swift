import Testing
@testable import BlockNumerics

@Suite struct MatrixViewTests {
  @Test func subviewsShareMemoryAndKeepTheLeadingDimension() throws {
    var m = try Matrix<Double>(rows: 4, columns: 5, elements: (0..<20).map(Double.init))
    m.withUnsafeView { view in
      #expect(view.leadingDimension == 5)
      let block = view.subview(rows: 1..<3, columns: 2..<5)
      #expect(block.rows == 2 && block.columns == 3 && block.leadingDimension == 5)
      #expect(block[0, 0] == 7 && block[1, 2] == 14)
      #expect(Matrix(copying: block).elements == [7, 8, 9, 12, 13, 14])
    }
    m.withUnsafeMutableView { view in
      view.subview(rows: 3..<4, columns: 0..<2)[0, 1] = -1
    }
    #expect(m[3, 1] == -1)
  }

  @Test func emptyMatricesGiveUsableViews() {
    let empty = Matrix<Float>(rows: 0, columns: 3)
    empty.withUnsafeView { view in
      #expect(view.rows == 0 && view.columns == 3)
      #expect(Matrix(copying: view).shape == (0, 3))
    }
  }
}
