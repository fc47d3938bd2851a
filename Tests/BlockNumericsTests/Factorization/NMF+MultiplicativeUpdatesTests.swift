import Testing
@testable import BlockNumerics

@Suite struct NMFMultiplicativeUpdatesTests {
  /// Lee & Seung's rules never increase their loss: the Frobenius error (recorded every
  /// iteration) and the Kullback–Leibler divergence (measured after each iteration count from
  /// the same start), within rounding; and the factors stay non-negative.
  @Test func neitherLossEverIncreases() throws {
    let x = lowRank(Double.self, rows: 30, columns: 24, rank: 4, noise: 0.05, seed: 7)
    var frobenius = NMF<Double>(components: 4, solver: .multiplicativeUpdate, initialization: .random(seed: 8), maxIterations: 40, tolerance: 0)
    frobenius.errorCheckInterval = 1
    let fit = try frobenius.fit(x)
    #expect(fit.errorHistory.count == 41)
    for (before, after) in zip(fit.errorHistory, fit.errorHistory.dropFirst()) {
      #expect(after <= before * (1 + 1e-12), "Frobenius error rose from \(before) to \(after)")
    }
    #expect(fit.w.min()! >= 0 && fit.h.min()! >= 0)

    let input = DenseNMFInput(x)
    var divergences: [Double] = []
    for iterations in 0...15 {
      let nmf = NMF<Double>(
        components: 4, solver: .multiplicativeUpdate, loss: .kullbackLeibler, initialization: .random(seed: 8),
        maxIterations: iterations, tolerance: 0)
      let fit = try nmf.fit(x)
      #expect(fit.w.min()! >= 0 && fit.h.min()! >= 0)
      divergences.append(nmf.kullbackLeiblerLoss(input, w: fit.w, ht: fit.h.transposed))
    }
    for (before, after) in zip(divergences, divergences.dropFirst()) {
      #expect(after <= before * (1 + 1e-12), "KL divergence rose from \(before) to \(after)")
    }
    #expect(divergences.last! < divergences.first! / 2)
  }

  /// A zero entry of a factor stays zero: the rule is multiplicative.
  @Test func zeroEntriesStayZero() throws {
    let x = lowRank(Double.self, rows: 12, columns: 10, rank: 2, noise: 0.1, seed: 9)
    var w = Matrix<Double>.random(rows: 12, columns: 2, seed: 10)
    w[3, 1] = 0
    let h = Matrix<Double>.random(rows: 2, columns: 10, seed: 11)
    for loss in [NMF<Double>.Loss.frobenius, .kullbackLeibler] {
      let fit = try NMF<Double>(
        components: 2, solver: .multiplicativeUpdate, loss: loss, initialization: .custom(w: w, h: h), maxIterations: 25, tolerance: 0
      ).fit(x)
      #expect(fit.w[3, 1] == 0, "\(loss)")
    }
  }
}
