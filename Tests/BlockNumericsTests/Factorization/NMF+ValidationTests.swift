import Testing
@testable import BlockNumerics

@Suite struct NMFValidationTests {
  @Test func badInputThrowsAClearError() throws {
    let x = Matrix<Double>.random(rows: 5, columns: 4, seed: 1)
    func message(_ body: () throws -> Any) -> String {
      do { _ = try body(); return "no error" } catch { return "\(error)" }
    }
    var negative = x
    negative[2, 1] = -0.5
    #expect(message { try NMF<Double>(components: 2).fit(negative) }.contains("X[2, 1] is -0.5"))
    var nan = x
    nan[0, 3] = .nan
    #expect(throws: BlockNumericsError.self) { try NMF<Double>(components: 2).fit(nan) }
    #expect(message { try NMF<Double>(components: 0).fit(x) }.contains("at least 1"))
    #expect(message { try NMF<Double>(components: 2).fit(Matrix(rows: 0, columns: 4)) }.contains("empty"))
    #expect(message { try NMF<Double>(components: 2, solver: .hals, loss: .kullbackLeibler).fit(x) }.contains("Kullback"))
    #expect(message { try NMF<Double>(components: 5, initialization: .nndsvd).fit(x) }.contains("min(m, n) = 4"))
    #expect(message { try NMF<Double>(components: 2, initialization: .custom(w: Matrix(rows: 5, columns: 3), h: Matrix(rows: 2, columns: 4))).fit(x) }.contains("5×2"))
    let negativeW = Matrix<Double>(rows: 5, columns: 2, repeating: -1)
    #expect(message { try NMF<Double>(components: 2, initialization: .custom(w: negativeW, h: Matrix(rows: 2, columns: 4))).fit(x) }.contains("non-negative"))
    #expect(throws: BlockNumericsError.self) { try NMF<Double>(components: 2, maxIterations: -1).fit(x) }
    #expect(throws: BlockNumericsError.self) { try NMF<Double>(components: 2, l1Ratio: 2).fit(x) }
    var sparseNegative = BlockSparseMatrix<Double>.random(rows: 4, columns: 4, blockRows: 2, blockColumns: 2, density: 1, seed: 1)
    sparseNegative = sparseNegative * -1
    #expect(throws: BlockNumericsError.self) { try NMF<Double>(components: 2, initialization: .random(seed: 0)).fit(sparseNegative) }
  }
}
