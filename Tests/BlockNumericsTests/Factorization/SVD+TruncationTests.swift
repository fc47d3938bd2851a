import Testing
@testable import BlockNumerics

@Suite struct SVDTruncationTests {
  func checkEckartYoung<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (m, n) in [(12, 8), (8, 12), (10, 10), (1, 6), (6, 1)] {
      let a = Matrix<Scalar>.randomNormal(rows: m, columns: n, seed: UInt64(m * 100 + n))
      for driver in [SVD<Scalar>.Driver.gesvd, .gesdd] {
        let svd = try SVD(a, driver: driver)
        let s = svd.singularValues
        for k in 0...min(m, n) {
          let label = "\(m)×\(n) \(driver) \(Scalar.self) k = \(k)"
          let approximation = svd.reconstruction(rank: k)
          let error = (a - approximation).frobeniusNorm
          // ‖A − A_k‖_F = √(σ_{k+1}² + … + σ_r²).
          let tail = s[k...].reduce(0) { $0 + $1 * $1 }.squareRoot()
          #expect(abs(error - tail) <= tolerance(Scalar.self, operations: 4 * (m + n)) * s[0], "\(label): \(error) vs tail \(tail)")
          let truncated = try svd.truncated(rank: k)
          #expect(truncated.u.columns == k && truncated.vt.rows == k && truncated.singularValues == Array(s.prefix(k)), "\(label)")
          #expect(truncated.driver == driver && truncated.rows == m && truncated.columns == n, "\(label)")
          if k > 0 {
            #expect(referenceReconstruction(truncated).isApproximatelyEqual(to: approximation, tolerance: tolerance(Scalar.self, operations: 4 * (m + n))), "\(label)")
          } else {
            #expect(approximation == Matrix(rows: m, columns: n), "\(label)")
          }
        }
      }
    }
  }

  @Test func reconstructionErrorIsTheRootOfTheTailsSquares() throws {
    try checkEckartYoung(Float.self)
    try checkEckartYoung(Double.self)
  }

  @Test func fullVectorsTruncateAndReconstruct() throws {
    let a = Matrix<Double>.randomNormal(rows: 9, columns: 4, seed: 2)
    let full = try SVD(a, vectors: .full)
    #expect(full.reconstruction(rank: 4).isApproximatelyEqual(to: a, tolerance: 1e-13))
    let cut = try full.truncated(rank: 2)
    #expect(cut.u.rows == 9 && cut.u.columns == 2 && cut.vt.rows == 2 && cut.vt.columns == 4 && cut.vectors == .thin)
  }

  @Test func aRankOutsideTheRangeThrows() throws {
    let svd = try SVD(Matrix<Double>.random(rows: 5, columns: 3, seed: 1))
    for bad in [-1, 4, 100] {
      #expect(throws: BlockNumericsError.self, "rank \(bad)") { try svd.truncated(rank: bad) }
    }
    let valuesOnly = try SVD(Matrix<Double>.random(rows: 5, columns: 3, seed: 1), vectors: .none)
    #expect(throws: BlockNumericsError.self) { try valuesOnly.truncated(rank: 2) }
    #expect(try valuesOnly.truncated(rank: 0).singularValues.isEmpty)
    do {
      _ = try svd.truncated(rank: 4)
    } catch let BlockNumericsError.invalidArgument(operation, message) {
      #expect(operation == "SVD.truncated(rank:)" && message.contains("0...3") && message.contains("5×3"), "\(message)")
    }
  }

  @Test func anEmptyDecompositionTruncatesToRankZero() throws {
    let svd = try SVD(Matrix<Double>(rows: 0, columns: 3))
    #expect(try svd.truncated(rank: 0).singularValues.isEmpty)
    #expect(svd.reconstruction(rank: 0) == Matrix(rows: 0, columns: 3))
    #expect(throws: BlockNumericsError.self) { try svd.truncated(rank: 1) }
  }
}
