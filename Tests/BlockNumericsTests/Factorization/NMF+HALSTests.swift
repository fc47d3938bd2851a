import Testing
@testable import BlockNumerics

@Suite struct NMFHALSTests {
  func checkHALSNeverIncreasesTheError<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let x = lowRank(Scalar.self, rows: 40, columns: 30, rank: 6, noise: 0.05, seed: 1)
    var nmf = NMF<Scalar>(components: 6, solver: .hals, initialization: .random(seed: 3), maxIterations: 60, tolerance: 0)
    nmf.errorCheckInterval = 1
    let fit = try nmf.fit(x)
    #expect(fit.errorHistory.count == 61)
    for (before, after) in zip(fit.errorHistory, fit.errorHistory.dropFirst()) {
      #expect(after <= before * (1 + 100 * Scalar.ulpOfOne), "HALS error rose from \(before) to \(after)")
    }
    #expect(fit.w.min()! >= 0 && fit.h.min()! >= 0)
  }

  @Test func halsErrorNeverIncreases() throws {
    try checkHALSNeverIncreasesTheError(Float.self)
    try checkHALSNeverIncreasesTheError(Double.self)
  }
}
