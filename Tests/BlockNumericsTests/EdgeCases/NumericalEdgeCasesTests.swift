import Testing
@testable import BlockNumerics

/// One test per row of README's "Numerical edge cases" table, for Float and Double.
@Suite struct NumericalEdgeCasesTests {
  static func bitsEqual<Scalar: BLASScalar>(_ a: [Scalar], _ b: [Scalar]) -> Bool {
    ReaderFuzzing.sameBits(a, b)
  }

  // MARK: Products

  func productsPropagate<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let nan = Scalar.nan, inf = Scalar.infinity
    // NaN anywhere in a row of A reaches that whole row of A·B, even against zeros.
    let a = try Matrix<Scalar>([[1, nan], [2, 3]])
    let zeros = Matrix<Scalar>(rows: 2, columns: 2)
    let product = a * zeros
    #expect(product[0, 0].isNaN && product[0, 1].isNaN && product[1, 0] == 0 && product[1, 1] == 0)
    // ∞·0 is NaN, ∞·1 is ∞.
    let b = try Matrix<Scalar>([[inf, 0], [0, 1]])
    let swap = try Matrix<Scalar>([[0, 1], [1, 0]])
    let c = b * swap
    #expect(c[0, 0] == 0 + 0 * inf || c[0, 0].isNaN)
    #expect(c[0, 1] == inf && c[1, 0] == 1 && c[1, 1] == 0)
    // gemv propagates the same way.
    let v = a * [Scalar(0), 0]
    #expect(v[0].isNaN && v[1] == 0)
    // β = 0 means C is not read: a NaN already in C does not survive.
    var out = Matrix<Scalar>(rows: 2, columns: 2, repeating: nan)
    try Matrix.multiply(Matrix<Scalar>.identity(2), Matrix<Scalar>.identity(2), beta: 0, into: &out)
    #expect(out == Matrix<Scalar>.identity(2))
    // With β ≠ 0 it is read and propagates.
    out = Matrix<Scalar>(rows: 2, columns: 2, repeating: nan)
    try Matrix.multiply(Matrix<Scalar>.identity(2), Matrix<Scalar>.identity(2), beta: 1, into: &out)
    #expect(out.elements.allSatisfy { $0.isNaN })
  }

  @Test func productsPropagateNaNAndInfinity() throws {
    try productsPropagate(Float.self)
    try productsPropagate(Double.self)
  }

  func blockProducts<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let nan = Scalar.nan
    let m = try Matrix<Scalar>([[nan]])
    let one = try Matrix<Scalar>([[1]])
    // A stored NaN block propagates; an absent block is an exact zero that multiplies nothing.
    let a = try BlockMatrix<Scalar>(blocks: [[m, nil], [nil, one]])
    let b = try BlockMatrix<Scalar>(blocks: [[nil, one], [one, nil]])
    let c = try a.multiplied(by: b).assembled()
    #expect(c[0, 0] == 0 && c[0, 1].isNaN && c[1, 0] == 1 && c[1, 1] == 0)
    // BSR: a block holding NaN is stored (NaN counts as large) and spreads through its
    // block row of the product, as a dense block would.
    let dense = try Matrix<Scalar>([[nan, 0, 0, 0], [0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    let s = try BlockSparseMatrix(dense, blockRows: 2, blockColumns: 2)
    #expect(s.storedBlockCount == 2)
    let y = s * Matrix<Scalar>.identity(4)
    #expect((0..<4).allSatisfy { y[0, $0].isNaN } && (0..<4).allSatisfy { y[1, $0] == 0 } && y[2, 2] == 1 && y[2, 0] == 0)
    // Unlike dense gemm, an unstored block multiplies nothing: a NaN in X that meets only
    // unstored blocks of S stays out of S·X (dense would give 0·NaN = NaN there).
    var x = Matrix<Scalar>.identity(4)
    x[3, 0] = nan
    let identityBlocks = try BlockSparseMatrix(Matrix<Scalar>.identity(4), blockRows: 2, blockColumns: 2)
    let sparseProduct = identityBlocks * x
    #expect(sparseProduct[0, 0] == 1 && sparseProduct[3, 0].isNaN)
    #expect((Matrix<Scalar>.identity(4) * x)[0, 0].isNaN)
    #expect(s.nonzeroEntries.count == 3)  // NaN counts as nonzero
  }

  @Test func blockAndBlockSparseProductsPropagateOnlyThroughStoredBlocks() throws {
    try blockProducts(Float.self)
    try blockProducts(Double.self)
  }

  // MARK: Reductions

  func reductions<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let big = Scalar.greatestFiniteMagnitude
    let nan = Scalar.nan, inf = Scalar.infinity
    // sum and mean: IEEE, like NumPy: overflow to ±∞, NaN propagates, ∞ − ∞ is NaN.
    let huge = Matrix<Scalar>(rows: 2, columns: 2, repeating: big)
    #expect(huge.sum() == inf && huge.mean() == inf)
    #expect(try Matrix<Scalar>([[1, nan]]).sum().isNaN)
    #expect(try Matrix<Scalar>([[inf, -inf]]).sum().isNaN)
    #expect(huge.sum(along: .rows).elements.allSatisfy { $0 == inf })
    // min/max: NaN if any entry is NaN, infinities order normally.
    #expect(try Matrix<Scalar>([[1, nan, 3]]).max()!.isNaN && (try Matrix<Scalar>([[1, nan, 3]]).min()!.isNaN))
    #expect(try Matrix<Scalar>([[1, -inf, inf]]).min() == -inf && (try Matrix<Scalar>([[1, -inf, inf]]).max() == inf))
    // frobeniusNorm: nrm2 scales, so neither large nor tiny entries over- or underflow.
    let hugeNorm = huge.frobeniusNorm
    #expect(hugeNorm.isFinite == false || Swift.abs(hugeNorm / big - 2) <= 4 * Scalar.ulpOfOne, "‖max·𝟙₂ₓ₂‖ = \(hugeNorm)")
    let large = Matrix<Scalar>(rows: 3, columns: 3, repeating: big / 8)
    #expect(Swift.abs(large.frobeniusNorm / (big / 8) - 3) <= 8 * Scalar.ulpOfOne, "‖(max/8)·𝟙₃ₓ₃‖ = \(large.frobeniusNorm)")
    let tiny = Matrix<Scalar>(rows: 2, columns: 2, repeating: Scalar.leastNormalMagnitude)
    #expect(Swift.abs(tiny.frobeniusNorm / Scalar.leastNormalMagnitude - 2) <= 8 * Scalar.ulpOfOne, "‖tiny‖ = \(tiny.frobeniusNorm)")
    let subnormal = Matrix<Scalar>(rows: 1, columns: 4, repeating: Scalar.leastNonzeroMagnitude)
    #expect(subnormal.frobeniusNorm > 0, "subnormal entries do not vanish in the norm")
    // Non-finite entries: NaN gives NaN, ∞ (without NaN) gives ∞.
    #expect(try Matrix<Scalar>([[1, nan]]).frobeniusNorm.isNaN)
    #expect(try Matrix<Scalar>([[1, inf]]).frobeniusNorm == inf)
    #expect(try Matrix<Scalar>([[-inf, 2]]).frobeniusNorm == inf)
    // isApproximatelyEqual is false with NaN; isFinite sees NaN and ∞.
    let withNaN = try Matrix<Scalar>([[nan]])
    let infinite = try Matrix<Scalar>([[inf]])
    #expect(!withNaN.isApproximatelyEqual(to: withNaN, tolerance: 1) && !withNaN.isFinite && !infinite.isFinite)
  }

  @Test func reductionsOverflowLikeNumPyButNormsDoNot() throws {
    try reductions(Float.self)
    try reductions(Double.self)
  }

  // MARK: Subnormals

  func subnormals<Scalar: BLASScalar>(_: Scalar.Type) throws {
    let s = Scalar.leastNonzeroMagnitude
    let values: [Scalar] = [s, 3 * s, Scalar.leastNormalMagnitude / 2, -s]
    let m = try Matrix<Scalar>(rows: 2, columns: 2, elements: values)
    // No flush to zero anywhere: products with 1, element-wise arithmetic, sums, file round trips.
    #expect(Self.bitsEqual((m * Matrix<Scalar>.identity(2)).elements, values))
    #expect(Self.bitsEqual((Matrix<Scalar>.identity(2) * m).elements, values))
    #expect(Self.bitsEqual((m + Matrix<Scalar>(rows: 2, columns: 2)).elements, values))
    #expect((m * 2).elements == values.map { $0 * 2 })
    #expect(m.sum() == values.reduce(0, +) && m.sum() != 0)
    #expect(Self.bitsEqual(try Matrix<Scalar>(npyData: m.npyData()).elements, values))
    #expect(Self.bitsEqual(try Matrix<Scalar>(csvData: Array(m.csvText().utf8)).elements, values))
    #expect(Self.bitsEqual(try Matrix<Scalar>(matrixMarketData: Array(m.matrixMarketText().utf8)).elements, values))
    let bsr = try BlockSparseMatrix(m, blockRows: 1, blockColumns: 1)
    #expect(bsr.storedBlockCount == 4 && Self.bitsEqual((bsr * Matrix<Scalar>.identity(2)).elements, values))
    // A product whose exact value is subnormal comes out subnormal, not zero.
    let product = (try Matrix<Scalar>([[Scalar.leastNormalMagnitude]])) * (try Matrix<Scalar>([[0.5]]))
    #expect(product[0, 0] == Scalar.leastNormalMagnitude / 2 && product[0, 0].isSubnormal)
    // SVD of a subnormal-scaled matrix: LAPACK scales it into range; values stay accurate.
    let scaled = Matrix<Scalar>.diagonal([4 * Scalar.leastNormalMagnitude, Scalar.leastNormalMagnitude])
    let svd = try SVD(scaled)
    #expect(svd.singularValues == [4 * Scalar.leastNormalMagnitude, Scalar.leastNormalMagnitude])
  }

  @Test func subnormalsAreNeverFlushedToZero() throws {
    try subnormals(Float.self)
    try subnormals(Double.self)
  }

  // MARK: Factorizations

  func factorizations<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for bad in [Scalar.nan, .infinity, -.infinity] {
      let m = try Matrix<Scalar>([[1, 2], [bad, 4]])
      #expect(performing: { try SVD(m) }, throws: { error in
        guard case .nonFiniteValue = error as? BlockNumericsError else { return false }
        return true
      })
      #expect(performing: { try NMF<Scalar>(components: 1).fit(m) }, throws: { error in
        guard case .nonFiniteValue = error as? BlockNumericsError else { return false }
        return true
      })
    }
    #expect(throws: BlockNumericsError.self) { try NMF<Scalar>(components: 1).fit(try Matrix<Scalar>([[1, -1]])) }
    // Very large and very small magnitudes: SVD scales internally (LAPACK's ?lascl), so the
    // singular values keep full relative accuracy near the ends of the range.
    for scale in [Scalar.greatestFiniteMagnitude / 16, Scalar.leastNormalMagnitude * 16] {
      let m = Matrix<Scalar>.diagonal([3, 2, 1]) * scale
      let svd = try SVD(m)
      let expected = [3 * scale, 2 * scale, scale]
      #expect(zip(svd.singularValues, expected).allSatisfy { Swift.abs($0 - $1) <= 8 * Scalar.ulpOfOne * $1 }, "σ = \(svd.singularValues) for scale \(scale)")
      #expect(svd.u.isFinite && svd.vt.isFinite)
    }
    // NMF works on squared norms: data up to about √greatestFiniteMagnitude is fine.
    let largeX = Matrix<Scalar>.random(rows: 6, columns: 5, seed: 1) * (Scalar.greatestFiniteMagnitude.squareRoot() / 1e3)
    let fit = try NMF<Scalar>(components: 2, initialization: .nndsvda, maxIterations: 20).fit(largeX)
    #expect(fit.w.isFinite && fit.h.isFinite && fit.relativeError.isFinite && fit.relativeError < 1)
    let smallX = Matrix<Scalar>.random(rows: 6, columns: 5, seed: 1) * (Scalar.leastNormalMagnitude.squareRoot() * 1e3)
    let smallFit = try NMF<Scalar>(components: 2, initialization: .nndsvda, maxIterations: 20).fit(smallX)
    #expect(smallFit.w.isFinite && smallFit.h.isFinite && smallFit.relativeError < 1)
    // Above it the squares overflow: the fit refuses X up front instead of returning NaN.
    let hugeX = Matrix<Scalar>(rows: 4, columns: 3, repeating: Scalar.greatestFiniteMagnitude / 2)
    #expect(performing: { try NMF<Scalar>(components: 1, maxIterations: 5).fit(hugeX) }, throws: { error in
      guard case let .nonFiniteValue(operation, message) = error as? BlockNumericsError else { return false }
      return operation == "NMF.fit(_:)" && message.contains("overflows")
    })
  }

  @Test func factorizationsRefuseNonFiniteInputAndSurviveExtremeScales() throws {
    try factorizations(Float.self)
    try factorizations(Double.self)
  }

  // MARK: Readers

  func readers<Scalar: BLASScalar>(_: Scalar.Type) throws {
    // Text readers accept NumPy's spellings of non-finite values and keep them.
    let csv = try Matrix<Scalar>(csvData: Array("nan,inf,-inf\n".utf8))
    #expect(csv[0, 0].isNaN && csv[0, 1] == .infinity && csv[0, 2] == -.infinity)
    let mtx = try Matrix<Scalar>(matrixMarketData: Array("%%MatrixMarket matrix array real general\n1 2\nnan\n-inf\n".utf8))
    #expect(mtx[0, 0].isNaN && mtx[0, 1] == -.infinity)
    // Out-of-range literals round as strtod does: to ±∞ and to zero (or a subnormal).
    let extremes = try Matrix<Scalar>(csvData: Array("1e400,-1e400,1e-400\n".utf8))
    #expect(extremes[0, 0] == .infinity && extremes[0, 1] == -.infinity && extremes[0, 2] == 0)
    // float64 data read as Float rounds like a C cast: huge → ∞, tiny → 0, NaN stays NaN.
    let doubles = try Matrix<Double>([[1e300, 1e-300, .nan, -0.0]])
    let floats = try Matrix<Float>(npyData: doubles.npyData())
    #expect(floats[0, 0] == .infinity && floats[0, 1] == 0 && floats[0, 2].isNaN && floats[0, 3].sign == .minus)
  }

  @Test func readersKeepNonFiniteValuesAndRoundOutOfRangeLiterals() throws {
    try readers(Float.self)
    try readers(Double.self)
  }
}
