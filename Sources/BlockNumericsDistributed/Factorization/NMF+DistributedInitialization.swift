import BlockNumerics

extension NMF where Scalar: ScaLAPACKScalar {
  /// This process's slices of the starting `W` (`W`-side) and `Hᵀ` (`Hᵀ`-side), equal to
  /// the rows of the local fit's start (see the distributed `fit(_:progress:)`).
  /// `start` has been checked on every process.
  /// - Complexity: collective for the NNDSVD starts (a randomized SVD);
  ///   O((m + n)·k) on every process for `.random(seed:)`, nothing sent.
  func _distributedStart(
    _ d: FactorDistribution<Scalar>, start: Initialization, mean: Scalar, operation: String
  ) throws -> (w: Matrix<Scalar>, ht: Matrix<Scalar>) {
    let k = components
    switch start {
    case .random(let seed):
      // scikit-learn's scale, as the local start: |N(0, 1)|·sqrt(mean(X) / k). Every process
      // draws the whole stream (W's entries row by row, then Hᵀ's) and keeps its rows.
      let scale = (mean / Scalar(k)).squareRoot()
      var generator = SeededRandomNumberGenerator(seed: seed)
      func draw(_ side: FactorSlices) -> Matrix<Scalar> {
        var position = [Int](repeating: -1, count: side.extent)
        for (slot, index) in side.globalIndices.enumerated() { position[index] = slot }
        var slice = Matrix<Scalar>(rows: side.count, columns: k)
        slice.withUnsafeMutableBufferPointer { entries in
          for index in 0..<side.extent {
            let slot = position[index]
            for column in 0..<k {
              let value = scale * Scalar(abs(generator.nextStandardNormal()))
              if slot >= 0 { entries[slot * k + column] = value }
            }
          }
        }
        return slice
      }
      let w = draw(d.rowSide)
      return (w, draw(d.columnSide))
    case .custom(let w, let h):
      return (d.rowSide.slice(of: w), d.columnSide.slice(of: h.transposed))
    case .nndsvd, .nndsvda, .nndsvdar:
      let (u, values, vt) = try d.randomizedSVD(rank: k, oversampling: 10, powerIterations: 7, seed: 0, operation: operation)
      // The norms of each left vector's positive and negative parts, over the whole column.
      var parts = [Scalar](repeating: 0, count: 2 * k)
      u.withUnsafeBufferPointer { entries in
        for row in 0..<u.rows {
          for column in 0..<k {
            let value = entries[row * k + column]
            if value > 0 { parts[2 * column] += value * value } else { parts[2 * column + 1] += value * value }
          }
        }
      }
      let summed = d.sum(parts)
      var (w, htWhole) = Self.nndsvd(
        u: u, singularValues: values, vt: vt, leftPartSquaredNorms: (0..<k).map { (summed[2 * $0], summed[2 * $0 + 1]) })
      var ht = d.columnSide.slice(of: htWhole)
      htWhole = Matrix(rows: 0, columns: 0)
      if case .nndsvda = start {
        w.apply { $0 == 0 ? mean : $0 }
        ht.apply { $0 == 0 ? mean : $0 }
      }
      return (w, ht)
    }
  }
}
