extension NMF {
  /// The starting `W` (`m × k`) and `Hᵀ` (`n × k`).
  func initialFactors<Input: NMFInput>(_ x: Input, operation: String) throws -> (w: Matrix<Scalar>, ht: Matrix<Scalar>)
  where Input.Scalar == Scalar {
    let m = x.rows
    let n = x.columns
    let k = components
    let chosen = initialization ?? (k <= Swift.min(m, n) ? .nndsvda : .random(seed: 0))
    switch chosen {
    case .random(let seed):
      // scikit-learn's scale: entries |N(0, 1)|·sqrt(mean(X) / k), so W·H has X's mean.
      let scale = (x.entryMean / Scalar(k)).squareRoot()
      var generator = SeededRandomNumberGenerator(seed: seed)
      let w = Matrix<Scalar>(_unchecked: m, k, (0..<m * k).map { _ in scale * Scalar(abs(generator.nextStandardNormal())) })
      let ht = Matrix<Scalar>(_unchecked: n, k, (0..<n * k).map { _ in scale * Scalar(abs(generator.nextStandardNormal())) })
      return (w, ht)
    case .custom(let w, let h):
      try checkFactor(w, rows: m, columns: k, name: "w", operation: operation)
      try checkFactor(h, rows: k, columns: n, name: "h", operation: operation)
      return (w, h.transposed)
    case .nndsvd, .nndsvda, .nndsvdar:
      guard k <= Swift.min(m, n) else {
        throw BlockNumericsError.invalidArgument(
          operation: operation, message: "NNDSVD initialization needs components ≤ min(m, n) = \(Swift.min(m, n)), got \(k); use .random(seed:)")
      }
      let (u, s, vt) = try x.topSingularTriplets(k)
      var (w, ht) = Self.nndsvd(u: u, singularValues: s, vt: vt)
      let mean = x.entryMean
      switch chosen {
      case .nndsvda:
        w.apply { $0 == 0 ? mean : $0 }
        ht.apply { $0 == 0 ? mean : $0 }
      case .nndsvdar(let seed):
        var generator = SeededRandomNumberGenerator(seed: seed)
        w.apply { $0 == 0 ? abs(mean * Scalar(generator.nextStandardNormal()) / 100) : $0 }
        ht.apply { $0 == 0 ? abs(mean * Scalar(generator.nextStandardNormal()) / 100) : $0 }
      default:
        break
      }
      return (w, ht)
    }
  }

  /// NNDSVD (Boutsidis & Gallopoulos 2008): from the top `k` singular triplets, `W` and `Hᵀ`
  /// with each pair `(uⱼ, vⱼ)` replaced by the larger in norm of its positive and negative
  /// parts, scaled by `sqrt(σⱼ · ‖part‖ products)`; entries below 1e-6 become exact zeros.
  ///
  /// `u` may be some of the left vectors' rows (a process's share in the distributed NMF),
  /// given `leftPartSquaredNorms`: for each component, the squared norms of the whole
  /// column's positive and negative parts; nil computes them from `u`. Package-visible for
  /// that reuse.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  package static func nndsvd(
    u: Matrix<Scalar>, singularValues s: [Scalar], vt: Matrix<Scalar>,
    leftPartSquaredNorms: [(positive: Scalar, negative: Scalar)]? = nil
  ) -> (w: Matrix<Scalar>, ht: Matrix<Scalar>) {
    let m = u.rows
    let n = vt.columns
    let k = s.count
    var w = Matrix<Scalar>(rows: m, columns: k)
    var ht = Matrix<Scalar>(rows: n, columns: k)
    func norm(_ values: [Scalar]) -> Scalar { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    for j in 0..<k {
      let x = u.column(j)
      let y = vt.row(j)
      if j == 0 {
        // The leading singular vectors can be taken non-negative (Perron–Frobenius).
        let scale = s[0].squareRoot()
        for i in 0..<m { w[i, 0] = scale * abs(x[i]) }
        for i in 0..<n { ht[i, 0] = scale * abs(y[i]) }
        continue
      }
      let xPositive = x.map { Swift.max($0, 0) }
      let xNegative = x.map { Swift.max(-$0, 0) }
      let yPositive = y.map { Swift.max($0, 0) }
      let yNegative = y.map { Swift.max(-$0, 0) }
      let positiveNorms = (leftPartSquaredNorms.map { $0[j].positive.squareRoot() } ?? norm(xPositive), norm(yPositive))
      let negativeNorms = (leftPartSquaredNorms.map { $0[j].negative.squareRoot() } ?? norm(xNegative), norm(yNegative))
      let positiveMass = positiveNorms.0 * positiveNorms.1
      let negativeMass = negativeNorms.0 * negativeNorms.1
      let (left, right, leftNorm, rightNorm, mass) = positiveMass > negativeMass
        ? (xPositive, yPositive, positiveNorms.0, positiveNorms.1, positiveMass)
        : (xNegative, yNegative, negativeNorms.0, negativeNorms.1, negativeMass)
      guard mass > 0 else { continue }
      let scale = (s[j] * mass).squareRoot()
      for i in 0..<m { w[i, j] = scale * left[i] / leftNorm }
      for i in 0..<n { ht[i, j] = scale * right[i] / rightNorm }
    }
    let threshold: Scalar = 1e-6
    w.apply { $0 < threshold ? 0 : $0 }
    ht.apply { $0 < threshold ? 0 : $0 }
    return (w, ht)
  }
}
