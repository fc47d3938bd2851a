extension Matrix {
  /// A `rows × columns` matrix of independent uniform entries in `range` (default `[0, 1)`).
  ///
  /// The entries depend on `seed` alone (``SeededRandomNumberGenerator``), so the same call
  /// gives the same matrix on every machine; without a seed the generator is seeded from
  /// the system's random source. Entries are filled in row-major order.
  ///
  /// Negative sizes or an empty or non-finite range stop with a precondition failure.
  /// - Complexity: O(rows · columns).
  @inlinable
  public static func random(
    rows: Int, columns: Int, in range: Range<Scalar> = 0..<1, seed: UInt64? = nil
  ) -> Matrix {
    precondition(
      range.lowerBound.isFinite && range.upperBound.isFinite && !range.isEmpty,
      "Matrix.random: the range \(range) must be finite and non-empty")
    var generator = SeededRandomNumberGenerator(seed: seed ?? UInt64.random(in: .min ... .max))
    var result = Matrix(rows: rows, columns: columns)
    let width = range.upperBound - range.lowerBound
    result.apply { _ in
      let value = range.lowerBound + width * generator.nextUnit(Scalar.self)
      // Rounding can carry lower + width·u up to the excluded upper bound.
      return value < range.upperBound ? value : range.upperBound.nextDown
    }
    return result
  }

  /// A `rows × columns` matrix of independent normal entries with the given mean and
  /// standard deviation (Box–Muller), reproducible from `seed` as ``random(rows:columns:in:seed:)``.
  /// - Complexity: O(rows · columns).
  @inlinable
  public static func randomNormal(
    rows: Int, columns: Int, mean: Scalar = 0, standardDeviation: Scalar = 1, seed: UInt64? = nil
  ) -> Matrix {
    precondition(
      mean.isFinite && standardDeviation.isFinite && standardDeviation >= 0,
      "Matrix.randomNormal: mean \(mean) and standard deviation \(standardDeviation) must be finite, the deviation non-negative")
    var generator = SeededRandomNumberGenerator(seed: seed ?? UInt64.random(in: .min ... .max))
    var result = Matrix(rows: rows, columns: columns)
    result.apply { _ in mean + standardDeviation * Scalar(generator.nextStandardNormal()) }
    return result
  }
}
