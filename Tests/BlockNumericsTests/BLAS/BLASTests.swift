import Testing
@testable import BlockNumerics

@Suite(.serialized) struct BLASTests {
  @Test func threadCountRoundTripsAndScopedCountsRestore() {
    let original = BLAS.threadCount
    #expect(original >= 1 && BLAS.coreCount >= 1)
    BLAS.threadCount = 1
    #expect(BLAS.threadCount == 1)
    let inside = BLAS.withThreadCount(2) { BLAS.threadCount }
    #expect(inside == 2 && BLAS.threadCount == 1)
    BLAS.threadCount = original
  }

  @Test func resultsDoNotDependOnTheThreadCount() {
    let a = Matrix<Double>.random(rows: 300, columns: 200, seed: 1)
    let b = Matrix<Double>.random(rows: 200, columns: 250, seed: 2)
    let one = BLAS.withThreadCount(1) { a * b }
    let two = BLAS.withThreadCount(2) { a * b }
    #expect(one.isApproximatelyEqual(to: two, tolerance: 1e-14))
  }
}
