import Foundation
import Testing
@testable import BlockNumerics

/// The fixture inputs of scripts/references/svd.py, by name and shape.
let svdFixtureShapes: [(name: String, rows: Int, columns: Int, rank: Int)] = [
  ("square", 6, 6, 6), ("tall", 9, 4, 4), ("wide", 4, 9, 4), ("rankdef", 8, 6, 3), ("row", 1, 7, 1), ("column", 7, 1, 1),
]

/// The largest entry of `|QᵀQ − I|` for a matrix with orthonormal columns.
func orthonormalityDefect<Scalar: BLASScalar>(columnsOf q: Matrix<Scalar>) -> Scalar {
  let gram = referenceProduct(q.transposed, q)
  var worst: Scalar = 0
  for i in 0..<gram.rows {
    for j in 0..<gram.columns { worst = max(worst, abs(gram[i, j] - (i == j ? 1 : 0))) }
  }
  return worst
}

/// The largest entry difference between column `j` of `a` and of `b` after flipping `b`'s
/// column to agree in sign (singular vectors are unique only up to sign).
func columnDifferenceUpToSign<Scalar: BLASScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>, column j: Int) -> Scalar {
  var dot: Scalar = 0
  for i in 0..<a.rows { dot += a[i, j] * b[i, j] }
  let sign: Scalar = dot < 0 ? -1 : 1
  var worst: Scalar = 0
  for i in 0..<a.rows { worst = max(worst, abs(a[i, j] - sign * b[i, j])) }
  return worst
}

/// `U·diag(s)·Vᵀ` by the test's own triple loop.
func referenceReconstruction<Scalar: BLASScalar>(_ svd: SVD<Scalar>) -> Matrix<Scalar> {
  var scaled = svd.u
  for i in 0..<scaled.rows {
    for j in 0..<scaled.columns { scaled[i, j] *= svd.singularValues[j] }
  }
  return referenceProduct(scaled, svd.vt)
}

@Suite struct SVDTests {
  func checkAgainstSciPy<Scalar: BLASScalar>(_: Scalar.Type, suffix: String, valueTolerance: Scalar, vectorTolerance: Scalar) throws {
    for shape in svdFixtureShapes {
      let a = try Fixtures.matrix("svd/\(shape.name)_\(suffix).npy", as: Scalar.self)
      #expect(a.rows == shape.rows && a.columns == shape.columns)
      for driver in [SVD<Scalar>.Driver.gesvd, .gesdd] {
        let label = "\(shape.name) \(suffix) \(driver)"
        let svd = try SVD(a, driver: driver)
        let prefix = "svd/\(shape.name)_\(suffix)_\(driver)"
        let expected = try Fixtures.matrix("\(prefix)_s.npy", as: Scalar.self).elements
        #expect(svd.driver == driver, "\(label)")
        #expect(svd.singularValues.count == expected.count, "\(label)")
        let largest = expected[0]
        for (index, (ours, theirs)) in zip(svd.singularValues, expected).enumerated() {
          // Relative to each value where it is far from zero; a rank-deficient matrix's zero
          // values are only determined to about ε·σ_max.
          let scale = index < shape.rank ? theirs : largest
          #expect(abs(ours - theirs) <= valueTolerance * scale, "\(label): σ\(index) = \(ours), SciPy \(theirs)")
        }
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 }, "\(label): not descending")
        let u = try Fixtures.matrix("\(prefix)_u.npy", as: Scalar.self)
        let vt = try Fixtures.matrix("\(prefix)_vt.npy", as: Scalar.self)
        #expect(svd.u.rows == u.rows && svd.u.columns == u.columns && svd.vt.rows == vt.rows && svd.vt.columns == vt.columns, "\(label)")
        // Vectors of the zero singular values span a subspace with no preferred basis.
        for j in 0..<shape.rank {
          #expect(columnDifferenceUpToSign(svd.u, u, column: j) <= vectorTolerance, "\(label): u column \(j)")
          #expect(columnDifferenceUpToSign(svd.vt.transposed, vt.transposed, column: j) <= vectorTolerance, "\(label): vt row \(j)")
        }
        #expect(orthonormalityDefect(columnsOf: svd.u) <= vectorTolerance, "\(label): UᵀU ≠ I")
        #expect(orthonormalityDefect(columnsOf: svd.vt.transposed) <= vectorTolerance, "\(label): VᵀV ≠ I")
        #expect(referenceReconstruction(svd).isApproximatelyEqual(to: a, tolerance: vectorTolerance), "\(label): U·S·Vᵀ ≠ A")
      }
    }
  }

  @Test func singularValuesAndVectorsMatchSciPyWithBothDrivers() throws {
    try checkAgainstSciPy(Double.self, suffix: "f64", valueTolerance: 1e-12, vectorTolerance: 1e-11)
    try checkAgainstSciPy(Float.self, suffix: "f32", valueTolerance: 2e-5, vectorTolerance: 2e-4)
  }

  func checkShapes<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (m, n) in [(1, 1), (1, 5), (5, 1), (7, 3), (3, 7), (9, 9), (33, 8), (8, 33)] {
      let a = Matrix<Scalar>.randomNormal(rows: m, columns: n, seed: UInt64(10 * m + n))
      let r = min(m, n)
      for driver in [SVD<Scalar>.Driver.gesvd, .gesdd] {
        let label = "\(m)×\(n) \(driver) \(Scalar.self)"
        let thin = try SVD(a, vectors: .thin, driver: driver)
        let full = try SVD(a, vectors: .full, driver: driver)
        let none = try SVD(a, vectors: .none, driver: driver)
        #expect(thin.u.rows == m && thin.u.columns == r && thin.vt.rows == r && thin.vt.columns == n, "\(label)")
        #expect(full.u.rows == m && full.u.columns == m && full.vt.rows == n && full.vt.columns == n, "\(label)")
        #expect(none.u.rows == m && none.u.columns == 0 && none.vt.rows == 0 && none.vt.columns == n, "\(label)")
        #expect(thin.rows == m && thin.columns == n && none.rows == m && none.columns == n, "\(label)")
        #expect(thin.vectors == .thin && full.vectors == .full && none.vectors == .none)
        let tol = tolerance(Scalar.self, operations: 4 * (m + n))
        for other in [full.singularValues, none.singularValues] {
          for (x, y) in zip(thin.singularValues, other) { #expect(abs(x - y) <= tol * thin.singularValues[0], "\(label)") }
        }
        #expect(orthonormalityDefect(columnsOf: full.u) <= tol, "\(label): full U")
        #expect(orthonormalityDefect(columnsOf: full.vt.transposed) <= tol, "\(label): full V")
        #expect(referenceReconstruction(thin).isApproximatelyEqual(to: a, tolerance: tol), "\(label): thin U·S·Vᵀ ≠ A")
        // Full: A = U[:, :r]·S·Vᵀ[:r, :].
        let cut = try full.truncated(rank: r)
        #expect(referenceReconstruction(cut).isApproximatelyEqual(to: a, tolerance: tol), "\(label): full U·S·Vᵀ ≠ A")
      }
    }
  }

  @Test func thinFullAndNoVectorsHaveTheDocumentedShapes() throws {
    try checkShapes(Float.self)
    try checkShapes(Double.self)
  }

  @Test func aZeroMatrixHasZeroSingularValues() throws {
    let svd = try SVD(Matrix<Double>(rows: 4, columns: 3))
    #expect(svd.singularValues == [0, 0, 0])
    #expect(orthonormalityDefect(columnsOf: svd.u) <= 1e-14)
  }

  @Test func anEmptyMatrixGivesAnEmptyDecomposition() throws {
    for (m, n) in [(0, 0), (0, 4), (3, 0)] {
      for driver in [SVD<Double>.Driver.gesvd, .gesdd] {
        let thin = try SVD(Matrix<Double>(rows: m, columns: n), driver: driver)
        #expect(thin.singularValues.isEmpty && thin.u.rows == m && thin.u.columns == 0 && thin.vt.rows == 0 && thin.vt.columns == n)
        let full = try SVD(Matrix<Double>(rows: m, columns: n), vectors: .full, driver: driver)
        #expect(full.u == Matrix<Double>.identity(m) && full.vt == Matrix<Double>.identity(n))
        let none = try SVD(Matrix<Double>(rows: m, columns: n), vectors: .none, driver: driver)
        #expect(none.singularValues.isEmpty && none.rows == m && none.columns == n)
      }
    }
  }

  func checkNonFiniteInputThrows<Scalar: BLASScalar>(_: Scalar.Type) {
    for bad in [Scalar.nan, .infinity, -.infinity] {
      var a = Matrix<Scalar>.random(rows: 5, columns: 4, seed: 1)
      a[3, 2] = bad
      for driver in [SVD<Scalar>.Driver.gesvd, .gesdd] {
        for vectors in [SVD<Scalar>.Vectors.thin, .full, .none] {
          do {
            _ = try SVD(a, vectors: vectors, driver: driver)
            Issue.record("SVD of a matrix holding \(bad) did not throw (\(driver), \(vectors))")
          } catch let BlockNumericsError.nonFiniteValue(operation, message) {
            #expect(operation == "SVD" && message.contains("[3, 2]"), "\(message)")
          } catch {
            Issue.record("unexpected error \(error)")
          }
        }
      }
    }
  }

  @Test func nanAndInfinityThrowBeforeLAPACKRuns() {
    checkNonFiniteInputThrows(Float.self)
    checkNonFiniteInputThrows(Double.self)
  }

  @Test func gesddNonConvergenceFallsBackToGesvdAndOtherErrorsPassThrough() throws {
    // No portable input makes ?gesdd fail, so the fallback is driven through its seam.
    let a = Matrix<Double>.randomNormal(rows: 12, columns: 7, seed: 3)
    let viaGesvd = try SVD(a, driver: .gesvd)
    let failing: () throws -> SVD<Double> = {
      throw BlockNumericsError.didNotConverge(operation: "SVD (dgesdd)", message: "test")
    }
    let answered = try SVD._falling(back: failing, to: { try SVD._compute(a, vectors: .thin, driver: .gesvd) })
    #expect(answered.driver == .gesvd && answered.singularValues == viaGesvd.singularValues)
    #expect(throws: BlockNumericsError.self) {
      try SVD<Double>._falling(
        back: { throw BlockNumericsError.lapackFailure(routine: "dgesdd", info: -3, message: "test") },
        to: { Issue.record("fell back on an error that is not non-convergence"); return viaGesvd })
    }
    // Where both converge, the drivers agree and say which answered.
    let viaGesdd = try SVD(a, driver: .gesdd)
    #expect(viaGesdd.driver == .gesdd && viaGesvd.driver == .gesvd)
    for (x, y) in zip(viaGesvd.singularValues, viaGesdd.singularValues) { #expect(abs(x - y) <= 1e-13 * viaGesvd.singularValues[0]) }
  }
}
