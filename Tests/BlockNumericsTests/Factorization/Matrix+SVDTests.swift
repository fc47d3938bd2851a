import Testing
@testable import BlockNumerics

@Suite struct MatrixSVDTests {
  @Test func singularValuesMatchSciPy() throws {
    for shape in svdFixtureShapes {
      let a = try Fixtures.matrix("svd/\(shape.name)_f64.npy", as: Double.self)
      let expected = try Fixtures.matrix("svd/\(shape.name)_f64_gesdd_s.npy", as: Double.self).elements
      let ours = try a.singularValues()
      #expect(ours.count == expected.count)
      for (index, (x, y)) in zip(ours, expected).enumerated() {
        #expect(abs(x - y) <= 1e-12 * (index < shape.rank ? y : expected[0]), "\(shape.name) σ\(index)")
      }
      #expect(abs(try a.spectralNorm - expected[0]) <= 1e-12 * expected[0])
      #expect(abs(try a.nuclearNorm - expected.reduce(0, +)) <= 1e-12 * expected.reduce(0, +))
    }
  }

  @Test func pseudoinverseMatchesSciPy() throws {
    for shape in svdFixtureShapes {
      let a = try Fixtures.matrix("svd/\(shape.name)_f64.npy", as: Double.self)
      let expected = try Fixtures.matrix("svd/\(shape.name)_pinv.npy", as: Double.self)
      let pinv = try a.pseudoinverse()
      #expect(pinv.rows == a.columns && pinv.columns == a.rows)
      #expect(pinv.isApproximatelyEqual(to: expected, tolerance: 1e-11), "\(shape.name)")
      // The Penrose conditions A·A⁺·A = A and A⁺·A·A⁺ = A⁺, by the test's own products.
      #expect(referenceProduct(referenceProduct(a, pinv), a).isApproximatelyEqual(to: a, tolerance: 1e-12), "\(shape.name)")
      #expect(referenceProduct(referenceProduct(pinv, a), pinv).isApproximatelyEqual(to: pinv, tolerance: 1e-12), "\(shape.name)")
    }
  }

  @Test func pseudoinverseOfAnInvertibleMatrixIsItsInverse() throws {
    let a = try Matrix<Float>([[4, 7], [2, 6]])
    let inverse = try Matrix<Float>([[0.6, -0.7], [-0.2, 0.4]])
    #expect(try a.pseudoinverse().isApproximatelyEqual(to: inverse, tolerance: 1e-5))
    // rcond above σ_min/σ_max drops the small value: the result has rank 1.
    let s = try a.singularValues()
    #expect(try a.pseudoinverse(rcond: s[1] / s[0] * 1.01).rank() == 1)
  }

  @Test func rankMatchesNumPy() throws {
    for shape in svdFixtureShapes {
      let a = try Fixtures.matrix("svd/\(shape.name)_f64.npy", as: Double.self)
      let expected = try Fixtures.matrix("svd/\(shape.name)_rank.npy", as: Double.self)[0, 0]
      #expect(try a.rank() == Int(expected), "\(shape.name)")
      #expect(Int(expected) == shape.rank, "\(shape.name)")
      #expect(try Fixtures.matrix("svd/\(shape.name)_f32.npy", as: Float.self).rank() == shape.rank, "\(shape.name) Float")
    }
    #expect(try Matrix<Double>(rows: 3, columns: 4).rank() == 0)
    #expect(try Matrix<Double>(rows: 0, columns: 4).rank() == 0)
    let diagonal = try Matrix<Double>([[1, 0, 0], [0, 1e-3, 0], [0, 0, 1e-9]])
    #expect(try diagonal.rank() == 3)
    #expect(try diagonal.rank(tolerance: 1e-6) == 2)
    #expect(try diagonal.rank(tolerance: 2) == 0)
  }

  @Test func hilbertConditionNumberMatchesExactArithmetic() throws {
    var hilbert = Matrix<Double>(rows: 8, columns: 8)
    for i in 0..<8 {
      for j in 0..<8 { hilbert[i, j] = 1 / Double(i + j + 1) }
    }
    let exact = try Fixtures.matrix("svd/hilbert8_cond.npy", as: Double.self)[0, 0]
    let cond = try hilbert.conditionNumber
    // σ_min ≈ 1.1e-10 is known only to about ε·σ_max / σ_min ≈ 3e-6 relative.
    #expect(abs(cond - exact) <= 1e-5 * exact, "cond \(cond), exact \(exact)")
    let values = try Fixtures.matrix("svd/hilbert8_s.npy", as: Double.self).elements
    for (x, y) in zip(try hilbert.singularValues(), values) { #expect(abs(x - y) <= 1e-13 * values[0]) }
  }

  @Test func conditionNumberEdgeCases() throws {
    #expect(try Matrix<Double>.identity(4).conditionNumber == 1)
    #expect(try Matrix<Double>([[1, 2], [2, 4]]).conditionNumber > 1e15)
    #expect(try Matrix<Double>(rows: 2, columns: 2).conditionNumber == .infinity)
    #expect(throws: BlockNumericsError.self) { try Matrix<Double>(rows: 0, columns: 3).conditionNumber }
    let diagonal = try Matrix<Float>([[3, 0], [0, -0.5]])
    #expect(abs(try diagonal.conditionNumber - 6) <= 1e-5)
    let (spectral, nuclear) = (try diagonal.spectralNorm, try diagonal.nuclearNorm)
    #expect(abs(spectral - 3) <= 1e-6 && abs(nuclear - 3.5) <= 1e-6)
  }

  @Test func lowRankApproximationIsOptimal() throws {
    let a = Matrix<Double>.randomNormal(rows: 15, columns: 9, seed: 4)
    let s = try a.singularValues()
    for k in [0, 1, 4, 9] {
      let approximation = try a.lowRankApproximation(rank: k)
      let tail = s[k...].reduce(0) { $0 + $1 * $1 }.squareRoot()
      #expect(abs((a - approximation).frobeniusNorm - tail) <= 1e-12 * s[0], "k = \(k)")
      #expect(try approximation.rank(tolerance: 1e-9) == k, "k = \(k)")
    }
    #expect(throws: BlockNumericsError.self) { try a.lowRankApproximation(rank: 10) }
    #expect(throws: BlockNumericsError.self) { try a.lowRankApproximation(rank: -1) }
  }

  @Test func emptyAndNonFiniteMatrices() throws {
    let empty = Matrix<Double>(rows: 0, columns: 3)
    #expect(try empty.singularValues().isEmpty)
    #expect(try empty.spectralNorm == 0)
    #expect(try empty.nuclearNorm == 0)
    let pinv = try empty.pseudoinverse()
    #expect(pinv.rows == 3 && pinv.columns == 0)
    var bad = Matrix<Double>.identity(3)
    bad[1, 1] = .nan
    #expect(throws: BlockNumericsError.self) { try bad.singularValues() }
    #expect(throws: BlockNumericsError.self) { try bad.pseudoinverse() }
    #expect(throws: BlockNumericsError.self) { try bad.rank() }
    #expect(throws: BlockNumericsError.self) { try bad.lowRankApproximation(rank: 1) }
  }
}
