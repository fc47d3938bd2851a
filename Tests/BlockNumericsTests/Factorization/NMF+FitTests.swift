import Testing
@testable import BlockNumerics

@Suite struct NMFFitTests {
  func checkMatchesScikitLearn<Scalar: BLASScalar>(_: Scalar.Type, tolerance tol: Scalar) throws {
    let x = try Fixtures.matrix("nmf/x.npy", as: Scalar.self)
    let start = NMF<Scalar>.Initialization.custom(w: try Fixtures.matrix("nmf/w0.npy"), h: try Fixtures.matrix("nmf/h0.npy"))
    let cases: [(String, NMF<Scalar>)] = [
      ("cd", NMF(components: 4, solver: .hals, initialization: start, maxIterations: 50, tolerance: 0)),
      ("cd_regularized", NMF(components: 4, solver: .hals, initialization: start, maxIterations: 50, tolerance: 0, alphaW: 0.01, alphaH: 0.02, l1Ratio: 0.3)),
      ("mu_frobenius", NMF(components: 4, solver: .multiplicativeUpdate, initialization: start, maxIterations: 50, tolerance: 0)),
      ("mu_kl", NMF(components: 4, solver: .multiplicativeUpdate, loss: .kullbackLeibler, initialization: start, maxIterations: 50, tolerance: 0)),
      ("mu_regularized", NMF(components: 4, solver: .multiplicativeUpdate, initialization: start, maxIterations: 50, tolerance: 0, alphaW: 0.01, alphaH: 0.01, l1Ratio: 0.5)),
    ]
    for (name, nmf) in cases {
      let fit = try nmf.fit(x)
      #expect(fit.iterations == 50 && !fit.converged)
      #expect(fit.w.isApproximatelyEqual(to: try Fixtures.matrix("nmf/\(name)_w.npy"), tolerance: tol), "\(name) W")
      #expect(fit.h.isApproximatelyEqual(to: try Fixtures.matrix("nmf/\(name)_h.npy"), tolerance: tol), "\(name) H")
    }
  }

  @Test func everySolverMatchesScikitLearnFromTheSameStart() throws {
    try checkMatchesScikitLearn(Double.self, tolerance: 1e-9)
    try checkMatchesScikitLearn(Float.self, tolerance: 2e-3)
  }

  @Test func exactLowRankMatricesAreRecovered() throws {
    let x = lowRank(Double.self, rows: 30, columns: 25, rank: 4, noise: 0, seed: 5)
    for solver in [NMF<Double>.Solver.hals, .multiplicativeUpdate] {
      let fit = try NMF<Double>(components: 4, solver: solver, initialization: .nndsvda, maxIterations: 2000, tolerance: 1e-12).fit(x)
      #expect(fit.relativeError < (solver == .hals ? 1e-6 : 1e-2), "\(solver): \(fit.relativeError)")
      #expect((fit.w * fit.h).isApproximatelyEqual(to: x, tolerance: solver == .hals ? 1e-5 : 2e-2))
    }
  }

  @Test func sparseAndDenseInputGiveTheSameFactors() throws {
    var sparse = BlockSparseMatrix<Double>.random(rows: 24, columns: 30, blockRows: 4, blockColumns: 6, density: 0.4, seed: 2)
    sparse = sparse * 1  // values are uniform in [0, 1): already non-negative
    let dense = sparse.dense()
    for (solver, loss) in [(NMF<Double>.Solver.hals, NMF<Double>.Loss.frobenius), (.multiplicativeUpdate, .frobenius), (.multiplicativeUpdate, .kullbackLeibler)] {
      let nmf = NMF<Double>(components: 3, solver: solver, loss: loss, initialization: .random(seed: 4), maxIterations: 40, tolerance: 0)
      let fromSparse = try nmf.fit(sparse)
      let fromDense = try nmf.fit(dense)
      #expect(fromSparse.w.isApproximatelyEqual(to: fromDense.w, tolerance: 1e-10), "\(solver) \(loss)")
      #expect(fromSparse.h.isApproximatelyEqual(to: fromDense.h, tolerance: 1e-10), "\(solver) \(loss)")
      #expect(abs(fromSparse.relativeError - fromDense.relativeError) < 1e-10)
    }
  }

  /// The promise of ``NMF``'s documentation: a fit gives the same bits for 1 and 2 OpenBLAS
  /// threads, for both solvers, both losses and every initialization (the NNDSVD starts run
  /// an SVD: `gesdd` up to min(m, n) = 500, a randomized SVD beyond), on dense and
  /// block-sparse input, exact and on a randomized sketch; and so does `transform`.
  @Test func identicalBitsForAnyThreadCount() throws {
    typealias Fits = (one: NMF<Double>.Result, two: NMF<Double>.Result)
    func expectSameBits(_ fits: Fits, _ label: String) {
      #expect(sameBits(fits.one.w, fits.two.w) && sameBits(fits.one.h, fits.two.h), "\(label): factors differ")
      #expect(
        sameBits(fits.one.errorHistory + [fits.one.relativeError], fits.two.errorHistory + [fits.two.relativeError]),
        "\(label): errors differ")
    }
    let x = lowRank(Double.self, rows: 400, columns: 300, rank: 12, noise: 0.05, seed: 61)
    let custom = NMF<Double>.Initialization.custom(
      w: Matrix.random(rows: 400, columns: 12, seed: 62), h: Matrix.random(rows: 12, columns: 300, seed: 63))
    let initializations: [(String, NMF<Double>.Initialization)] = [
      ("nndsvd", .nndsvd), ("nndsvda", .nndsvda), ("nndsvdar", .nndsvdar(seed: 64)), ("random", .random(seed: 65)), ("custom", custom),
    ]
    let configurations: [(NMF<Double>.Solver, NMF<Double>.Loss)] = [
      (.hals, .frobenius), (.multiplicativeUpdate, .frobenius), (.multiplicativeUpdate, .kullbackLeibler),
    ]
    let fixedW = Matrix<Double>.random(rows: 400, columns: 12, seed: 66)
    let sparse = BlockSparseMatrix<Double>.random(rows: 400, columns: 300, blockRows: 20, blockColumns: 30, density: 0.5, seed: 67)
    for (solver, loss) in configurations {
      for (name, initialization) in initializations {
        let nmf = NMF<Double>(components: 12, solver: solver, loss: loss, initialization: initialization, maxIterations: 20, tolerance: 0)
        expectSameBits(try atOneAndTwoBLASThreads { try nmf.fit(x) }, "\(solver) \(loss) \(name)")
      }
      let nmf = NMF<Double>(components: 12, solver: solver, loss: loss, initialization: .nndsvda, maxIterations: 20, tolerance: 0)
      expectSameBits(try atOneAndTwoBLASThreads { try nmf.fit(sparse) }, "\(solver) \(loss) block-sparse")
      let transformed = try atOneAndTwoBLASThreads { try nmf.transform(x, w: fixedW) }
      #expect(sameBits(transformed.one, transformed.two), "\(solver) \(loss) transform")
    }
    // Beyond min(m, n) = 500 the NNDSVD start is a randomized SVD through the row-parallel
    // products; a sketch is made by the same range finder.
    let large = lowRank(Double.self, rows: 560, columns: 520, rank: 12, noise: 0.05, seed: 68)
    for solver in [NMF<Double>.Solver.hals, .multiplicativeUpdate] {
      var nmf = NMF<Double>(components: 12, solver: solver, initialization: .nndsvda, maxIterations: 5, tolerance: 0)
      expectSameBits(try atOneAndTwoBLASThreads { try nmf.fit(large) }, "\(solver) 560×520")
      nmf.compression = .randomized(seed: 69)
      expectSameBits(try atOneAndTwoBLASThreads { try nmf.fit(x) }, "\(solver) sketched")
    }
    let single = NMF<Float>(components: 12, initialization: .nndsvda, maxIterations: 20, tolerance: 0)
    let xf = lowRank(Float.self, rows: 400, columns: 300, rank: 12, noise: 0.05, seed: 61)
    let floatFits = try atOneAndTwoBLASThreads { try single.fit(xf) }
    #expect(sameBits(floatFits.one.w, floatFits.two.w) && sameBits(floatFits.one.h, floatFits.two.h), "Float")
  }

  @Test func stoppingRule() throws {
    let x = lowRank(Double.self, rows: 20, columns: 20, rank: 3, noise: 0.01, seed: 4)
    for solver in [NMF<Double>.Solver.hals, .multiplicativeUpdate] {
      let exact = try NMF<Double>(components: 3, solver: solver, maxIterations: 37, tolerance: 0).fit(x)
      #expect(exact.iterations == 37 && !exact.converged)
      let loose = try NMF<Double>(components: 3, solver: solver, maxIterations: 5000, tolerance: 1e-2).fit(x)
      #expect(loose.converged && loose.iterations < 5000)
    }
  }

  @Test func zeroRowsAndColumnsNeverGiveNaN() throws {
    var x = lowRank(Double.self, rows: 12, columns: 10, rank: 2, noise: 0, seed: 8)
    try x.setRow(3, to: Array(repeating: 0, count: 10))
    try x.setColumn(0, to: Array(repeating: 0, count: 12))
    for (solver, loss) in [(NMF<Double>.Solver.hals, NMF<Double>.Loss.frobenius), (.multiplicativeUpdate, .frobenius), (.multiplicativeUpdate, .kullbackLeibler)] {
      for initialization in [NMF<Double>.Initialization.nndsvd, .nndsvda, .nndsvdar(seed: 1), .random(seed: 1)] {
        let fit = try NMF<Double>(components: 2, solver: solver, loss: loss, initialization: initialization, maxIterations: 50).fit(x)
        #expect(fit.w.isFinite && fit.h.isFinite && fit.relativeError.isFinite, "\(solver) \(loss) \(initialization)")
      }
    }
    let zero = try NMF<Double>(components: 2, initialization: .random(seed: 0)).fit(Matrix(rows: 3, columns: 3))
    #expect(zero.relativeError == 0 && zero.w.isFinite)
  }

  @Test func transformSolvesHForAFixedW() throws {
    let x = lowRank(Double.self, rows: 25, columns: 18, rank: 3, noise: 0, seed: 12)
    let nmf = NMF<Double>(components: 3, maxIterations: 3000, tolerance: 1e-12)
    let fit = try nmf.fit(x)
    let h = try nmf.transform(x, w: fit.w)
    #expect((fit.w * h).isApproximatelyEqual(to: x, tolerance: 1e-4))
    #expect(throws: BlockNumericsError.self) { try nmf.transform(x, w: Matrix(rows: 25, columns: 2)) }
  }
}
