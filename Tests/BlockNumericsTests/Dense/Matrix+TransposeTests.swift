import Testing
@testable import BlockNumerics

@Suite struct MatrixTransposeTests {
  @Test(arguments: [(0, 0), (1, 1), (1, 7), (7, 1), (33, 65), (64, 32)])
  func transposeSwapsIndices(rows: Int, columns: Int) {
    let m = Matrix<Double>.random(rows: rows, columns: columns, seed: 7)
    let t = m.transposed
    #expect(t.shape == (columns, rows))
    for i in 0..<rows { for j in 0..<columns { #expect(t[j, i] == m[i, j]) } }
    #expect(t.transposed == m)
  }

  @Test func transposeCopyCoversTileEdges() {
    for (rows, columns) in [(1, 1), (31, 33), (64, 5), (0, 3)] {
      let a = Matrix<Double>.random(rows: rows, columns: columns, seed: 9)
      var t = Matrix<Double>(rows: columns, columns: rows)
      a.withUnsafeView { source in t.withUnsafeMutableView { target in _transposeCopy(source, into: target) } }
      #expect(t == a.transposed, "\(rows)×\(columns)")
    }
  }
}
