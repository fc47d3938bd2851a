import Testing
@testable import BlockNumerics

@Suite struct NMFErrorTests {
  @Test func relativeErrorIsTheFrobeniusRatio() throws {
    let x = lowRank(Double.self, rows: 20, columns: 15, rank: 3, noise: 0.2, seed: 9)
    let fit = try NMF<Double>(components: 3, maxIterations: 30).fit(x)
    let direct = (x - fit.w * fit.h).frobeniusNorm / x.frobeniusNorm
    #expect(abs(fit.relativeError - direct) <= 1e-10)
    #expect(fit.errorHistory.first! >= fit.relativeError)
  }
}
