// Quantities of a matrix that come from its singular values, as NumPy's linalg functions.

extension Matrix {
  /// The singular values, descending (`?gesdd` without vectors).
  /// - Throws: as ``SVD/init(_:vectors:driver:)``.
  /// - Complexity: O(m·n·min(m, n)).
  public func singularValues() throws -> [Scalar] {
    try SVD(self, vectors: .none, driver: .gesdd).singularValues
  }

  /// The largest singular value, `‖A‖₂` (0 for an empty matrix).
  /// - Throws: as ``singularValues()``.
  /// - Complexity: O(m·n·min(m, n)), one ``singularValues()``.
  public var spectralNorm: Scalar {
    get throws { try singularValues().first ?? 0 }
  }

  /// The sum of the singular values, the nuclear (trace) norm (0 for an empty matrix).
  /// - Throws: as ``singularValues()``.
  /// - Complexity: O(m·n·min(m, n)), one ``singularValues()``.
  public var nuclearNorm: Scalar {
    get throws { try singularValues().reduce(0, +) }
  }

  /// The 2-norm condition number `σ_max / σ_min`: infinity for a singular matrix, as NumPy's
  /// `cond`.
  /// - Throws: as ``singularValues()``, and ``BlockNumericsError/invalidArgument(operation:message:)``
  ///   for an empty matrix.
  /// - Complexity: O(m·n·min(m, n)), one ``singularValues()``.
  public var conditionNumber: Scalar {
    get throws {
      let s = try singularValues()
      guard let largest = s.first, let smallest = s.last else {
        throw BlockNumericsError.invalidArgument(operation: "Matrix.conditionNumber", message: "an empty \(shapeDescription) matrix has no condition number")
      }
      return smallest == 0 ? .infinity : largest / smallest
    }
  }

  /// The number of singular values above `tolerance`; by default NumPy's
  /// `σ_max · max(m, n) · ε`.
  /// - Throws: as ``singularValues()``.
  /// - Complexity: O(m·n·min(m, n)), one ``singularValues()``.
  public func rank(tolerance: Scalar? = nil) throws -> Int {
    let s = try singularValues()
    let threshold = tolerance ?? (s.first ?? 0) * Scalar(Swift.max(rows, columns)) * Scalar.ulpOfOne
    return s.filter { $0 > threshold }.count
  }

  /// The Moore–Penrose pseudoinverse `V·diag(1/s)·Uᵀ` (`n × m`), singular values at or
  /// below `rcond · σ_max` treated as zero (NumPy's `pinv`; default `rcond` is
  /// `max(m, n) · ε`).
  /// - Throws: as ``SVD/init(_:vectors:driver:)``.
  /// - Complexity: O(m·n·min(m, n)).
  public func pseudoinverse(rcond: Scalar? = nil) throws -> Matrix {
    let svd = try SVD(self, driver: .gesdd)
    let cutoff = (rcond ?? Scalar(Swift.max(rows, columns)) * Scalar.ulpOfOne) * (svd.singularValues.first ?? 0)
    let r = svd.singularValues.count
    // Vᵀ rows scaled by 1/s, then (diag(1/s)·Vᵀ)ᵀ·Uᵀ = V·diag(1/s)·Uᵀ in one gemm.
    var scaledVt = svd.vt
    for i in 0..<r {
      let factor: Scalar = svd.singularValues[i] > cutoff ? 1 / svd.singularValues[i] : 0
      for j in 0..<columns { scaledVt._storage[i * columns + j] *= factor }
    }
    var result = Matrix(rows: columns, columns: rows)
    try Matrix.multiply(scaledVt, svd.u, transposeA: true, transposeB: true, into: &result)
    return result
  }

  /// The best rank-`rank` approximation in the Frobenius and spectral norms (Eckart–Young).
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` when `rank` lies
  ///   outside `0...min(m, n)`, and as ``SVD/init(_:vectors:driver:)``.
  /// - Complexity: O(m·n·min(m, n)).
  public func lowRankApproximation(rank: Int) throws -> Matrix {
    let svd = try SVD(self, driver: .gesdd)
    try svd._checkRank(rank, "Matrix.lowRankApproximation(rank:)")
    return svd.reconstruction(rank: rank)
  }
}
