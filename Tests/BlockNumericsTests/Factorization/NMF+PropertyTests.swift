import Testing
@testable import BlockNumerics

/// Randomized: NMF factors are non-negative, and HALS never increases the error
/// (each coordinate-descent step solves its subproblem exactly).
@Suite struct NMFPropertyTests {
  func factorsAndMonotoneError<Scalar: BLASScalar>(_: Scalar.Type, _ c: inout PropertyCase) throws {
    let m = c.int(1...25), n = c.int(1...25)
    // NNDSVD needs components ≤ min(m, n); random initialization does not.
    let components = c.int(1...Swift.min(5, m, n))
    let trueRank = c.int(1...5)
    let initialization = c.pick([
      NMF<Scalar>.Initialization.nndsvd, .nndsvda, .nndsvdar(seed: c.nextSeed()), .random(seed: c.nextSeed()),
    ])
    let solver = c.pick([NMF<Scalar>.Solver.hals, .hals, .multiplicativeUpdate])
    let sparsity = c.pick([0.0, 0.0, 0.5])
    c.note("\(Scalar.self) \(m)×\(n), \(components) components, rank \(trueRank), \(initialization), \(solver), zeros \(sparsity)")
    var x = Matrix<Scalar>.random(rows: m, columns: trueRank, seed: c.nextSeed())
      * Matrix<Scalar>.random(rows: trueRank, columns: n, seed: c.nextSeed())
    for i in 0..<m {
      for j in 0..<n where Double(c.int(0...999)) / 1000 < sparsity { x[i, j] = 0 }
    }
    guard x.frobeniusNorm > 0 else { return }
    var nmf = NMF<Scalar>(components: components, solver: solver, initialization: initialization, maxIterations: 40, tolerance: 0)
    nmf.errorCheckInterval = 1
    let fit = try nmf.fit(x)
    c.expect(fit.w.rows == m && fit.w.columns == components && fit.h.rows == components && fit.h.columns == n, "factor shapes")
    c.expect(fit.w.elements.allSatisfy { $0 >= 0 && $0.isFinite }, "W has a negative or non-finite entry")
    c.expect(fit.h.elements.allSatisfy { $0 >= 0 && $0.isFinite }, "H has a negative or non-finite entry")
    c.expect(fit.errorHistory.count == fit.iterations + 1, "\(fit.errorHistory.count) recorded errors for \(fit.iterations) iterations")
    // The reported error agrees with ‖X − WH‖/‖X‖ formed explicitly. The library computes it
    // from ‖X‖² − 2⟨X, WH⟩ + ‖WH‖², so compare squares, with cancellation-sized slack.
    let direct = (x - fit.w * fit.h).frobeniusNorm / x.frobeniusNorm
    let slack = tolerance(Scalar.self, operations: 64 * (m + n))
    c.expect(Swift.abs(direct * direct - fit.relativeError * fit.relativeError) <= slack, "error \(fit.relativeError), directly \(direct)")
    if solver == .hals {
      for (step, (before, after)) in zip(fit.errorHistory, fit.errorHistory.dropFirst()).enumerated() {
        c.expect(after * after <= before * before + slack, "HALS error rose at iteration \(step + 1): \(before) → \(after)")
      }
    }
  }

  @Test func factorsAndMonotoneError() {
    Property.check("NMF non-negative, HALS monotone (Float)", cases: 30, seed: 0x4EF_0001) { try factorsAndMonotoneError(Float.self, &$0) }
    Property.check("NMF non-negative, HALS monotone (Double)", cases: 30, seed: 0x4EF_0002) { try factorsAndMonotoneError(Double.self, &$0) }
  }
}
