/// Draws from the distributions the Gibbs sampler of ``BayesianMatrixFactorization`` needs
/// beyond the uniform and standard normal ones of ``SeededRandomNumberGenerator``.
enum RandomSampling {
  /// A Gamma(shape, 1) variate: Marsaglia & Tsang (2000) for shape ≥ 1, and for shape < 1
  /// their boost `Gamma(shape + 1)·U^(1/shape)`. Multiply by a scale (divide by a rate) for
  /// other scales. `shape` must be positive.
  static func gamma(shape: Double, using generator: inout SeededRandomNumberGenerator) -> Double {
    precondition(shape > 0 && shape.isFinite, "RandomSampling.gamma: shape must be positive and finite, got \(shape)")
    if shape < 1 {
      let u = 1 - generator.nextUnit(Double.self)  // in (0, 1]
      return gamma(shape: shape + 1, using: &generator) * Double.pow(u, 1 / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = generator.nextStandardNormal()
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = 1 - generator.nextUnit(Double.self)
      if u < 1 - 0.0331 * x * x * x * x { return d * v }
      if Double.log(u) < 0.5 * x * x + d * (1 - v + Double.log(v)) { return d * v }
    }
  }

  /// A draw `Λ` from the Wishart distribution with `degreesOfFreedom` ν (> k − 1) and scale
  /// matrix `W`, given through the lower Cholesky factor `C` of `W⁻¹` (`k × k` row-major):
  /// `Λ = B·Bᵀ` with `B = C⁻ᵀ·A` and `A` the Bartlett factor (lower triangular,
  /// `A_jj = √χ²(ν − j)`, standard normal below the diagonal), so `E[Λ] = ν·W`.
  static func wishart(
    inverseScaleFactor c: [Double], k: Int, degreesOfFreedom: Double, using generator: inout SeededRandomNumberGenerator
  ) -> [Double] {
    precondition(degreesOfFreedom > Double(k - 1), "RandomSampling.wishart: ν = \(degreesOfFreedom) must exceed k − 1 = \(k - 1)")
    var a = [Double](repeating: 0, count: k * k)
    for j in 0..<k {
      a[j * k + j] = (2 * gamma(shape: (degreesOfFreedom - Double(j)) / 2, using: &generator)).squareRoot()
      for i in (j + 1)..<Swift.max(j + 1, k) { a[i * k + j] = generator.nextStandardNormal() }
    }
    // B = C⁻ᵀ·A, column by column.
    var b = [Double](repeating: 0, count: k * k)
    var column = [Double](repeating: 0, count: k)
    c.withUnsafeBufferPointer { c in
      column.withUnsafeMutableBufferPointer { column in
        for j in 0..<k {
          for i in 0..<k { column[i] = a[i * k + j] }
          RecommenderKernels.solveLowerTransposed(c.baseAddress!, k, column.baseAddress!)
          for i in 0..<k { b[i * k + j] = column[i] }
        }
      }
    }
    var result = [Double](repeating: 0, count: k * k)
    for i in 0..<k {
      for j in 0...i {
        var sum = 0.0
        for p in 0..<k { sum += b[i * k + p] * b[j * k + p] }
        result[i * k + j] = sum
        result[j * k + i] = sum
      }
    }
    return result
  }

  /// A seed for the stream of one row in one half sweep, mixed (SplitMix64's finalizer)
  /// from the run's seed, the half sweep and the row, so every row's draws are fixed by
  /// those three alone, whichever thread makes them.
  static func rowSeed(_ seed: UInt64, halfSweep: Int, row: Int) -> UInt64 {
    func mix(_ value: UInt64) -> UInt64 {
      var z = value &+ 0x9E37_79B9_7F4A_7C15
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    return mix(mix(mix(seed) ^ UInt64(truncatingIfNeeded: halfSweep)) ^ UInt64(truncatingIfNeeded: row))
  }
}
