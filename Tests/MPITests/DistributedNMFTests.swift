import BlockNumerics
@testable import BlockNumericsDistributed

// The distributed NMF and randomized SVD against the local library on the same data: the
// same configuration from the same start for the same iterations must give the same factors
// (relative 1e-10 in Double, 1e-4 in Float), on every test grid, for shapes that are not
// multiples of the block size; and every error path throws on every process.

/// `‖a − b‖_F / ‖b‖_F` (0 when both are zero).
func relativeDifference<Scalar: BLASScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Double {
  guard a.rows == b.rows && a.columns == b.columns else { return .infinity }
  let difference = zip(a.elements, b.elements).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
  let norm = b.elements.reduce(0.0) { $0 + Double($1) * Double($1) }
  return norm == 0 ? difference.squareRoot() : (difference / norm).squareRoot()
}

/// A non-negative entry in [0, 1) for `(row, column)`, the same on every process.
func nonNegativeEntry<Scalar: BinaryFloatingPoint>(_ row: Int, _ column: Int, seed: Int) -> Scalar {
  entry(row, column, seed: seed) + Scalar(0.5)
}

/// `(m, n, blockRows, blockColumns)`: none a multiple of its block size, one block only,
/// blocks larger than the matrix on one axis.
let nmfShapes: [(Int, Int, Int, Int)] = [(37, 29, 8, 5), (23, 41, 7, 16), (9, 13, 16, 4)]

/// Every distributed NMF and randomized SVD test: Float, Double, and the error paths.
func distributedNMFTests(_ runner: inout TestRunner) throws {
  try distributedNMFComparisonTests(&runner, Float.self, tolerance: 1e-4)
  try distributedNMFComparisonTests(&runner, Double.self, tolerance: 1e-10)
  try distributedNMFErrorTests(&runner)
}

func distributedNMFComparisonTests<Scalar: ScaLAPACKScalar>(_ runner: inout TestRunner, _: Scalar.Type, tolerance: Double) throws {
  let world = runner.world
  let grids = try testGrids(world)
  let type = "\(Scalar.self)"

  /// Fits X (given by `shape` and `seed`) distributed on `grid` and locally with `nmf`, and
  /// checks the factors, errors, iterations and convergence agree.
  func compare(_ t: TestContext, _ nmf: NMF<Scalar>, shape: (Int, Int, Int, Int), grid: ProcessGrid, seed: Int, what: String) throws {
    let (m, n, mb, nb) = shape
    let x = try DistributedMatrix<Scalar>(rows: m, columns: n, blockRows: mb, blockColumns: nb, grid: grid) { nonNegativeEntry($0, $1, seed: seed) }
    let local = try Matrix<Scalar>(rows: m, columns: n, elements: (0..<m * n).map { nonNegativeEntry($0 / n, $0 % n, seed: seed) })
    var reported: [Int] = []
    let fit = try nmf.fit(x) { iteration, _ in reported.append(iteration) }
    let expected = try nmf.fit(local)
    let w = try fit.w.gathered(root: 0)
    let h = try fit.h.gathered(root: 0)
    let where_ = "\(what), \(m)×\(n) in \(mb)×\(nb) on \(grid.shapeDescription)"
    if world.rank == 0 {
      t.check(relativeDifference(w!, expected.w) <= tolerance, "\(where_): W differs by \(relativeDifference(w!, expected.w))")
      t.check(relativeDifference(h!, expected.h) <= tolerance, "\(where_): H differs by \(relativeDifference(h!, expected.h))")
    }
    t.check(fit.iterations == expected.iterations, "\(where_): \(fit.iterations) iterations, local \(expected.iterations)")
    t.check(fit.converged == expected.converged, "\(where_): converged \(fit.converged), local \(expected.converged)")
    t.check(abs(Double(fit.relativeError - expected.relativeError)) <= tolerance * max(1, Double(expected.relativeError)),
            "\(where_): relative error \(fit.relativeError), local \(expected.relativeError)")
    t.check(fit.errorHistory.count == expected.errorHistory.count
              && zip(fit.errorHistory, expected.errorHistory).allSatisfy { abs(Double($0 - $1)) <= tolerance },
            "\(where_): error history \(fit.errorHistory), local \(expected.errorHistory)")
    t.check(reported == Array(stride(from: nmf.errorCheckInterval, through: fit.iterations, by: nmf.errorCheckInterval)),
            "\(where_): progress reported at \(reported)")
    t.check(fit.w.rows == m && fit.w.columns == nmf.components && fit.h.rows == nmf.components && fit.h.columns == n,
            "\(where_): factor shapes \(fit.w.shapeDescription), \(fit.h.shapeDescription)")
  }

  for solver in [NMF<Scalar>.Solver.hals, .multiplicativeUpdate] {
    runner.test("nmf: equals the local fit from a random start (\(solver), \(type))") { t in
      let nmf = NMF<Scalar>(components: 4, solver: solver, initialization: .random(seed: 3), maxIterations: 25, tolerance: 0)
      for grid in grids {
        for shape in nmfShapes { try compare(t, nmf, shape: shape, grid: grid, seed: 11, what: "\(solver)") }
      }
    }

    runner.test("nmf: regularization, custom start, stopping rule (\(solver), \(type))") { t in
      var regularized = NMF<Scalar>(
        components: 3, solver: solver, initialization: .random(seed: 4), maxIterations: 20, tolerance: 0, alphaW: 0.01, alphaH: 0.02,
        l1Ratio: 0.5)
      regularized.errorCheckInterval = 3
      let customW = try Matrix<Scalar>(rows: 37, columns: 3, elements: (0..<111).map { nonNegativeEntry($0, 1, seed: 2) })
      let customH = try Matrix<Scalar>(rows: 3, columns: 29, elements: (0..<87).map { nonNegativeEntry($0, 2, seed: 2) })
      let custom = NMF<Scalar>(components: 3, solver: solver, initialization: .custom(w: customW, h: customH), maxIterations: 12, tolerance: 0)
      // A tolerance the fit meets before maxIterations: the same iteration count must stop both.
      let stopping = NMF<Scalar>(components: 3, solver: solver, initialization: .random(seed: 6), maxIterations: 400, tolerance: 1e-2)
      for grid in grids {
        try compare(t, regularized, shape: nmfShapes[0], grid: grid, seed: 12, what: "regularized \(solver)")
        try compare(t, custom, shape: nmfShapes[0], grid: grid, seed: 13, what: "custom \(solver)")
        try compare(t, stopping, shape: nmfShapes[1], grid: grid, seed: 14, what: "stopping \(solver)")
      }
    }
  }

  runner.test("nmf: NNDSVDA and NNDSVDAR starts through the distributed randomized SVD (\(type))") { t in
    // Above 500 rows and columns with 4k ≤ min(m, n) the local fit starts from a randomized
    // SVD too: the same start.
    let nndsvda = NMF<Scalar>(components: 5, solver: .hals, initialization: .nndsvda, maxIterations: 6, tolerance: 0)
    let nndsvdar = NMF<Scalar>(components: 5, solver: .multiplicativeUpdate, initialization: .nndsvdar(seed: 3), maxIterations: 6, tolerance: 0)
    for grid in grids.prefix(2) {
      try compare(t, nndsvda, shape: (530, 505, 64, 100), grid: grid, seed: 15, what: "nndsvda")
      try compare(t, nndsvdar, shape: (530, 505, 64, 100), grid: grid, seed: 15, what: "nndsvdar")
    }
  }

  runner.test("randomized SVD: equals the local one on a decaying spectrum (\(type))") { t in
    // A = U·diag(ratioⁱ)·Vᵀ with random orthonormal U and V, the same on every process. The
    // second case sketches all n columns (ℓ = n): TSQR's last column then has length one,
    // which LAPACK leaves unreflected; its spectrum stays above Float's rounding, so that
    // the sketch's columns are independent in both precisions.
    for (m, n, rank, oversampling, powerIterations, ratio) in [(70, 45, 6, 5, 2, 0.5), (30, 20, 12, 10, 1, 0.7)] {
      let u = try QR(Matrix<Double>.randomNormal(rows: m, columns: n, seed: 21)).q
      let v = try QR(Matrix<Double>.randomNormal(rows: n, columns: n, seed: 22)).q
      var scaled = u
      var decay = 1.0
      for j in 0..<n {
        for i in 0..<m { scaled[i, j] *= decay }
        decay *= ratio
      }
      let whole = try Matrix<Scalar>(rows: m, columns: n, elements: (scaled * v.transposed).elements.map { Scalar($0) })
      let expected = try SVD.randomized(whole, rank: rank, oversampling: oversampling, powerIterations: powerIterations, seed: 9)
      for grid in grids {
        let a = try DistributedMatrix<Scalar>(rows: m, columns: n, blockRows: 8, blockColumns: 5, grid: grid) { whole[$0, $1] }
        let svd = try a.randomizedSVD(rank: rank, oversampling: oversampling, powerIterations: powerIterations, seed: 9)
        let what = "\(m)×\(n), rank \(rank) on \(grid.shapeDescription)"
        let first = Double(expected.singularValues[0])
        t.check(zip(svd.singularValues, expected.singularValues).allSatisfy { abs(Double($0 - $1)) <= tolerance * first },
                "\(what): singular values \(svd.singularValues), local \(expected.singularValues)")
        // Vectors of singular values below the type's precision are noise on both sides.
        let resolved = expected.singularValues.filter { Double($0) > 1e3 * Double(Scalar.ulpOfOne) * first }.count
        func leading(_ matrix: Matrix<Scalar>, rows: Bool) throws -> Matrix<Scalar> {
          rows ? try Matrix(rows: resolved, columns: matrix.columns, elements: Array(matrix.elements[0..<(resolved * matrix.columns)]))
            : try Matrix(rows: matrix.rows, columns: resolved, elements: (0..<(matrix.rows * resolved)).map { matrix[$0 / resolved, $0 % resolved] })
        }
        t.check(relativeDifference(try leading(svd.vt, rows: true), try leading(expected.vt, rows: true)) <= tolerance,
                "\(what): Vᵀ differs by \(relativeDifference(svd.vt, expected.vt))")
        let gathered = try svd.u.gathered(root: 0)
        if world.rank == 0 {
          t.check(relativeDifference(try leading(gathered!, rows: false), try leading(expected.u, rows: false)) <= tolerance,
                  "\(what): U differs by \(relativeDifference(gathered!, expected.u))")
        }
      }
    }
  }
}

func distributedNMFErrorTests(_ runner: inout TestRunner) throws {
  let world = runner.world
  let last = world.size - 1
  func isInvalid(_ e: BlockNumericsError, containing text: String = "") -> Bool {
    if case .invalidArgument(_, let message) = e { return text.isEmpty || message.contains(text) } else { return false }
  }
  func isNonFinite(_ e: BlockNumericsError, containing text: String = "") -> Bool {
    if case .nonFiniteValue(_, let message) = e { return text.isEmpty || message.contains(text) } else { return false }
  }
  func isShapeMismatch(_ e: BlockNumericsError) -> Bool { if case .shapeMismatch = e { return true } else { return false } }

  runner.test("errors: distributed NMF and randomized SVD") { t in
    for grid in try testGrids(world) {
      let (m, n) = (11, 9)
      let x = try DistributedMatrix<Double>(rows: m, columns: n, blockRows: 3, blockColumns: 2, grid: grid) { nonNegativeEntry($0, $1, seed: 1) }
      let what = "on \(grid.shapeDescription)"
      t.expectError("0 components \(what)", { isInvalid($0, containing: "components") }) {
        _ = try NMF<Double>(components: 0).fit(x)
      }
      t.expectError("NNDSVD with more components than min(m, n) \(what)", { isInvalid($0, containing: "NNDSVD") }) {
        _ = try NMF<Double>(components: 10, initialization: .nndsvda).fit(x)
      }
      t.expectError("a Kullback–Leibler loss \(what)", { isInvalid($0, containing: "Frobenius") }) {
        _ = try NMF<Double>(components: 2, solver: .multiplicativeUpdate, loss: .kullbackLeibler).fit(x)
      }
      t.expectError("components that differ between processes \(what)", { isInvalid($0, containing: world.size > 1 ? "disagree" : "") }) {
        if world.size == 1 { throw BlockNumericsError.invalidArgument(operation: "test", message: "one process cannot disagree") }
        _ = try NMF<Double>(components: world.rank == last ? 3 : 2).fit(x)
      }
      // An entry held by one process only: the last row and column.
      var negative = x
      negative.updateLocalEntries { i, j, value in i == m - 1 && j == n - 1 ? -1 : value }
      t.expectError("a negative entry \(what)", { isInvalid($0, containing: "X[\(m - 1), \(n - 1)]") }) {
        _ = try NMF<Double>(components: 2).fit(negative)
      }
      var poisoned = x
      poisoned.updateLocalEntries { i, j, value in i == 4 && j == 7 ? .nan : value }
      t.expectError("NaN \(what)", { isNonFinite($0, containing: "X[4, 7]") }) {
        _ = try NMF<Double>(components: 2, initialization: .random(seed: 1)).fit(poisoned)
      }
      t.expectError("NaN in a randomized SVD \(what)", { isNonFinite($0, containing: "[4, 7]") }) {
        _ = try poisoned.randomizedSVD(rank: 2)
      }
      t.expectError("custom factors of the wrong shape \(what)", isShapeMismatch) {
        _ = try NMF<Double>(components: 2, initialization: .custom(w: Matrix(rows: m, columns: 3), h: Matrix(rows: 2, columns: n))).fit(x)
      }
      t.expectError("custom factors that differ between processes \(what)", { isInvalid($0, containing: world.size > 1 ? "disagree" : "") }) {
        if world.size == 1 { throw BlockNumericsError.invalidArgument(operation: "test", message: "one process cannot disagree") }
        let w = Matrix<Double>(rows: m, columns: 2, repeating: world.rank == 0 ? 1 : 2)
        _ = try NMF<Double>(components: 2, initialization: .custom(w: w, h: Matrix(rows: 2, columns: n, repeating: 1))).fit(x)
      }
      t.expectError("a negative custom factor on one process \(what)", { isInvalid($0, containing: "non-negative") }) {
        let w = Matrix<Double>(rows: m, columns: 2, repeating: world.rank == last ? -1 : 1)
        _ = try NMF<Double>(components: 2, initialization: .custom(w: w, h: Matrix(rows: 2, columns: n, repeating: 1))).fit(x)
      }
      t.expectError("a randomized SVD of too high a rank \(what)", { isInvalid($0, containing: "rank") }) {
        _ = try x.randomizedSVD(rank: 10)
      }
      t.expectError("a randomized SVD with negative oversampling \(what)", { isInvalid($0, containing: "oversampling") }) {
        _ = try x.randomizedSVD(rank: 2, oversampling: -1)
      }
    }
  }
}
