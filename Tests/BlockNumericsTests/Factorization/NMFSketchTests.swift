import Testing
@testable import BlockNumerics

/// NMF on a randomized sketch of X (`compression: .randomized(...)`, randomized HALS).
@Suite struct NMFSketchTests {
  /// A sketch as wide as X's column count spans X's whole column space, so `Q·B = X` and
  /// every solver must take the exact path's steps, from every initialization.
  @Test func aFullWidthSketchTakesTheExactSteps() throws {
    let x = lowRank(Double.self, rows: 30, columns: 12, rank: 3, noise: 0.1, seed: 21)
    for solver in [NMF<Double>.Solver.hals, .multiplicativeUpdate] {
      for initialization in [NMF<Double>.Initialization.nndsvda, .nndsvd, .random(seed: 2)] {
        var nmf = NMF<Double>(components: 3, solver: solver, initialization: initialization, maxIterations: 40, tolerance: 0)
        let exact = try nmf.fit(x)
        nmf.compression = .randomized(oversampling: 20, powerIterations: 1, seed: 5)
        let sketched = try nmf.fit(x)
        #expect(sketched.w.isApproximatelyEqual(to: exact.w, tolerance: 1e-8), "\(solver) \(initialization) W")
        #expect(sketched.h.isApproximatelyEqual(to: exact.h, tolerance: 1e-8), "\(solver) \(initialization) H")
        #expect(abs(sketched.relativeError - exact.relativeError) <= 1e-10)
      }
    }
  }

  func checkNearlyExactOnNoisyLowRankData<Scalar: BLASScalar>(_: Scalar.Type, tolerance: Scalar) throws {
    let x = lowRank(Scalar.self, rows: 200, columns: 150, rank: 5, noise: 0.05, seed: 3)
    var nmf = NMF<Scalar>(components: 5, maxIterations: 200, tolerance: 0)
    let exact = try nmf.fit(x)
    nmf.compression = .randomized()
    let sketched = try nmf.fit(x)
    #expect(sketched.w.min()! >= 0 && sketched.h.min()! >= 0)
    // The sketch (rank 25 of a rank-5 signal) loses only noise: the fit is as good.
    #expect(sketched.relativeError <= exact.relativeError * 1.01, "\(sketched.relativeError) vs exact \(exact.relativeError)")
    // The reported error is measured on X itself, the history's last entry estimates it.
    let direct = (x - sketched.w * sketched.h).frobeniusNorm / x.frobeniusNorm
    #expect(abs(sketched.relativeError - direct) <= tolerance * direct)
    #expect(abs(sketched.errorHistory.last! - direct) <= 1e-2 * direct, "estimate \(sketched.errorHistory.last!) vs \(direct)")
    #expect(sketched.errorHistory.count == 21)
    // The same seed gives the same bits; another seed another sketch, as good.
    let again = try nmf.fit(x)
    #expect(again.w == sketched.w && again.h == sketched.h)
    nmf.compression = .randomized(seed: 99)
    let reseeded = try nmf.fit(x)
    #expect(reseeded.w != sketched.w)
    #expect(abs(reseeded.relativeError - sketched.relativeError) <= 1e-2 * sketched.relativeError)
  }

  @Test func nearlyExactOnNoisyLowRankData() throws {
    try checkNearlyExactOnNoisyLowRankData(Double.self, tolerance: 1e-10)
    try checkNearlyExactOnNoisyLowRankData(Float.self, tolerance: 1e-3)
  }

  @Test func sparseAndDenseInputGiveTheSameSketchedFactors() throws {
    let sparse = BlockSparseMatrix<Double>.random(rows: 48, columns: 60, blockRows: 4, blockColumns: 6, density: 0.4, seed: 2)
    let nmf = NMF<Double>(
      components: 3, initialization: .nndsvda, maxIterations: 40, tolerance: 0,
      compression: .randomized(oversampling: 5, powerIterations: 2, seed: 1))
    let fromSparse = try nmf.fit(sparse)
    let fromDense = try nmf.fit(sparse.dense())
    #expect(fromSparse.w.isApproximatelyEqual(to: fromDense.w, tolerance: 1e-8))
    #expect(fromSparse.h.isApproximatelyEqual(to: fromDense.h, tolerance: 1e-8))
    #expect(abs(fromSparse.relativeError - fromDense.relativeError) < 1e-10)
  }

  @Test func badSettingsThrowAClearError() throws {
    let x = Matrix<Double>.random(rows: 6, columns: 5, seed: 1)
    func message(_ nmf: NMF<Double>) -> String {
      do { _ = try nmf.fit(x); return "no error" } catch { return "\(error)" }
    }
    #expect(message(NMF(components: 2, compression: .randomized(oversampling: -1))).contains("oversampling and powerIterations ≥ 0, got -1 and 4"))
    #expect(message(NMF(components: 2, compression: .randomized(powerIterations: -2))).contains("got 20 and -2"))
    #expect(message(NMF(components: 2, solver: .multiplicativeUpdate, loss: .kullbackLeibler, compression: .randomized())).contains("Kullback–Leibler"))
    #expect(message(NMF(components: 2, compression: .randomized())) == "no error")
    #expect(message(NMF(components: 2, compression: .randomized(oversampling: .max))) == "no error")
  }
}
