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
      switch start {
      case .nndsvda:
        w.apply { $0 == 0 ? mean : $0 }
        ht.apply { $0 == 0 ? mean : $0 }
      case .nndsvdar(let seed):
        try _fillZeros(&w, &ht, d, seed: seed, mean: mean)
      default:
        break
      }
      return (w, ht)
    }
  }

  /// NNDSVDAR's fill, as the local start: the zeros of `W` (row by row), then of `Hᵀ`, take
  /// `|mean·N(0, 1)| / 100` from one stream seeded by `seed`, in that order. Each process
  /// needs to know how many zeros precede its rows: one all-reduce of the per-row zero
  /// counts (`m + n` integers), then every process draws the stream up to its last zero.
  /// - Complexity: collective; O((m + n)·k) on every process.
  func _fillZeros(
    _ w: inout Matrix<Scalar>, _ ht: inout Matrix<Scalar>, _ d: FactorDistribution<Scalar>, seed: UInt64, mean: Scalar
  ) throws {
    let k = components
    let (m, n) = (d.rowSide.extent, d.columnSide.extent)
    var zeros = [Int](repeating: 0, count: m + n)
    for (factor, side, base) in [(w, d.rowSide, 0), (ht, d.columnSide, m)] {
      factor.withUnsafeBufferPointer { entries in
        for (slot, index) in side.globalIndices.enumerated() {
          zeros[base + index] = (0..<k).reduce(0) { $0 + (entries[slot * k + $1] == 0 ? 1 : 0) }
        }
      }
    }
    zeros = try d.communicator.allReduce(zeros, .sum)
    var first = [Int](repeating: 0, count: m + n + 1)  // the stream position of each row's first zero
    for row in 0..<(m + n) { first[row + 1] = first[row] + zeros[row] }
    var generator = SeededRandomNumberGenerator(seed: seed)
    let draws = (0..<first[m + n]).map { _ in abs(mean * Scalar(generator.nextStandardNormal()) / 100) }
    func fill(_ factor: inout Matrix<Scalar>, _ side: FactorSlices, base: Int) {
      let indices = side.globalIndices
      factor.withUnsafeMutableBufferPointer { entries in
        for (slot, index) in indices.enumerated() {
          var position = first[base + index]
          for column in 0..<k where entries[slot * k + column] == 0 {
            entries[slot * k + column] = draws[position]
            position += 1
          }
        }
      }
    }
    fill(&w, d.rowSide, base: 0)
    fill(&ht, d.columnSide, base: m)
  }
}
