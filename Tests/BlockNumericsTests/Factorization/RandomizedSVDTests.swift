import Foundation
import Testing
@testable import BlockNumerics

/// `U·diag(σ)·Vᵀ` with random orthonormal `U` (`m × r`), `V` (`n × r`), `r = σ.count`: a
/// matrix whose singular values are known exactly (up to rounding).
func matrixWithSpectrum<Scalar: BLASScalar>(_ sigma: [Scalar], rows m: Int, columns n: Int, seed: UInt64) throws -> Matrix<Scalar> {
  var u = try QR(Matrix<Scalar>.randomNormal(rows: m, columns: sigma.count, seed: seed)).q
  let v = try QR(Matrix<Scalar>.randomNormal(rows: n, columns: sigma.count, seed: seed + 1)).q
  for i in 0..<m {
    for j in 0..<sigma.count { u[i, j] *= sigma[j] }
  }
  return u * v.transposed
}

@Suite struct RandomizedSVDTests {
  func checkDecayingSpectrum<Scalar: BLASScalar>(_: Scalar.Type, valueTolerance: Scalar) throws {
    for (m, n) in [(120, 80), (80, 120)] {
      let sigma = (0..<80).map { Scalar(Foundation.exp(-Double($0) / 4)) }  // σ_i = e^{−i/4}
      let a = try matrixWithSpectrum(sigma, rows: m, columns: n, seed: UInt64(m))
      let k = 10
      let svd = try SVD.randomized(a, rank: k, seed: 3)
      let label = "\(m)×\(n) \(Scalar.self)"
      #expect(svd.u.rows == m && svd.u.columns == k && svd.vt.rows == k && svd.vt.columns == n && svd.singularValues.count == k, "\(label)")
      for i in 0..<k {
        #expect(abs(svd.singularValues[i] - sigma[i]) <= valueTolerance * sigma[i], "\(label): σ\(i) = \(svd.singularValues[i]), exact \(sigma[i])")
      }
      let tol = tolerance(Scalar.self, operations: 4 * (m + n))
      #expect(orthonormalityDefect(columnsOf: svd.u) <= tol, "\(label): UᵀU ≠ I")
      #expect(orthonormalityDefect(columnsOf: svd.vt.transposed) <= tol, "\(label): VᵀV ≠ I")
      // Error against the optimal rank-k error √(σ_{k+1}² + …) (Eckart–Young).
      let optimal = sigma[k...].reduce(0) { $0 + $1 * $1 }.squareRoot()
      let error = (a - svd.reconstruction(rank: k)).frobeniusNorm
      #expect(error <= optimal * (1 + 1e-3) + tol * sigma[0], "\(label): error \(error), optimal \(optimal)")
    }
  }

  @Test func topValuesOfAFastDecayingSpectrumAreExact() throws {
    try checkDecayingSpectrum(Double.self, valueTolerance: 1e-10)
    try checkDecayingSpectrum(Float.self, valueTolerance: 1e-4)
  }

  @Test func errorApproachesTheOptimalTailAsPowerIterationsGrow() throws {
    // A slowly decaying spectrum σ_i = 1/(i+1): the hard case for range finders.
    let sigma = (0..<60).map { 1 / Double($0 + 1) }
    let a = try matrixWithSpectrum(sigma, rows: 90, columns: 70, seed: 11)
    let k = 8
    let optimal = sigma[k...].reduce(0) { $0 + $1 * $1 }.squareRoot()
    var ratios: [Double] = []
    for q in [0, 1, 4] {
      let svd = try SVD.randomized(a, rank: k, oversampling: 5, powerIterations: q, seed: 1)
      let ratio = (a - svd.reconstruction(rank: k)).frobeniusNorm / optimal
      #expect(ratio >= 1 - 1e-12, "q = \(q): beat the optimum (\(ratio))")
      ratios.append(ratio)
    }
    #expect(ratios[2] <= ratios[0] && ratios[2] < 1.02, "ratios to the optimal tail \(ratios)")
  }

  @Test func blockAndSparseOperatorsGiveTheDenseResult() throws {
    let sparse = BlockSparseMatrix<Double>.random(rows: 96, columns: 64, blockRows: 8, blockColumns: 8, density: 0.3, seed: 2)
    let dense = sparse.dense()
    let blocked = try BlockMatrix(dense, partition: BlockPartition(rowBlockSizes: [40, 56], columnBlockSizes: [1, 63]))
    let fromDense = try SVD.randomized(dense, rank: 6, seed: 9)
    for (name, svd) in [("BSR", try SVD.randomized(sparse, rank: 6, seed: 9)), ("BlockMatrix", try SVD.randomized(blocked, rank: 6, seed: 9))] {
      for (x, y) in zip(svd.singularValues, fromDense.singularValues) { #expect(abs(x - y) <= 1e-12 * y, "\(name)") }
      #expect(svd.reconstruction(rank: 6).isApproximatelyEqual(to: fromDense.reconstruction(rank: 6), tolerance: 1e-10), "\(name)")
    }
    // With enough power iterations, the top values agree with LAPACK's on the dense matrix.
    let exact = try dense.singularValues()
    let refined = try SVD.randomized(sparse, rank: 3, oversampling: 20, powerIterations: 10, seed: 4)
    for i in 0..<3 { #expect(abs(refined.singularValues[i] - exact[i]) <= 1e-6 * exact[i], "σ\(i)") }
  }

  @Test func theSeedMakesRunsReproducible() throws {
    let a = Matrix<Double>.randomNormal(rows: 30, columns: 20, seed: 1)
    let first = try SVD.randomized(a, rank: 4, powerIterations: 1, seed: 7)
    let again = try SVD.randomized(a, rank: 4, powerIterations: 1, seed: 7)
    let other = try SVD.randomized(a, rank: 4, powerIterations: 1, seed: 8)
    #expect(first.singularValues == again.singularValues && first.u == again.u && first.vt == again.vt)
    #expect(first.singularValues != other.singularValues)
  }

  @Test func fullRankAndRankZeroAndWideOversampling() throws {
    let a = Matrix<Double>.randomNormal(rows: 12, columns: 7, seed: 2)
    // rank = min(m, n): the sketch spans everything, the result is exact.
    let full = try SVD.randomized(a, rank: 7, oversampling: 50, seed: 1)
    #expect(full.reconstruction(rank: 7).isApproximatelyEqual(to: a, tolerance: 1e-12))
    let none = try SVD.randomized(a, rank: 0)
    #expect(none.singularValues.isEmpty && none.u.rows == 12 && none.u.columns == 0 && none.vt.columns == 7)
    let empty = try SVD.randomized(Matrix<Double>(rows: 0, columns: 5), rank: 0)
    #expect(empty.singularValues.isEmpty && empty.columns == 5)
  }

  @Test func invalidSettingsAndNonFiniteInputThrow() throws {
    let a = Matrix<Double>.randomNormal(rows: 10, columns: 6, seed: 2)
    for rank in [-1, 7] {
      #expect(throws: BlockNumericsError.self, "rank \(rank)") { try SVD.randomized(a, rank: rank) }
    }
    #expect(throws: BlockNumericsError.self) { try SVD.randomized(a, rank: 2, oversampling: -1) }
    #expect(throws: BlockNumericsError.self) { try SVD.randomized(a, rank: 2, powerIterations: -1) }
    var bad = a
    bad[4, 1] = .nan
    do {
      _ = try SVD.randomized(bad, rank: 2)
      Issue.record("NaN input did not throw")
    } catch let BlockNumericsError.nonFiniteValue(operation, _) {
      #expect(operation == "SVD.randomized(_:rank:)")
    }
    var infinite = BlockSparseMatrix<Double>.random(rows: 16, columns: 16, blockRows: 4, blockColumns: 4, density: 0.5, seed: 1).dense()
    infinite[0, 0] = .infinity
    #expect(throws: BlockNumericsError.self) { try SVD.randomized(BlockSparseMatrix(infinite, blockRows: 4, blockColumns: 4), rank: 2) }
  }
}
