import Testing
@testable import BlockNumerics

@Suite struct MatrixDescriptionTests {
  @Test func smallMatricesPrintLikeNumPy() throws {
    #expect(try Matrix<Double>([[1, 2], [3, 40]]).description == "[[ 1.  2.]\n [ 3. 40.]]")
    #expect(try Matrix<Double>([[0.5]]).description == "[[0.5]]")
    #expect(Matrix<Double>(rows: 0, columns: 3).description.contains("0×3"))
  }

  @Test func largeMatricesElideTheMiddle() {
    let big = Matrix<Double>(rows: 100, columns: 100, repeating: 1)
    let lines = big.description.split(separator: "\n")
    #expect(lines.count == 7)
    #expect(lines[3] == " ...")
    #expect(lines[0].contains("..."))
    #expect(big.debugDescription.hasPrefix("Matrix<Double> 100×100"))
  }
}
