import BlockNumerics

extension FactorDistribution {
  /// The rank-`rank` randomized SVD of X (Halko, Martinsson & Tropp 2011, algorithms 4.4 and
  /// 5.1), step for step the local `SVD.randomized`: `U` as this process's `W`-side slice,
  /// the singular values and `Vᵀ` (`rank × n`) on every process.
  ///
  /// Every process draws the whole Gaussian test matrix `Ω` (`n × ℓ`, `ℓ = rank +
  /// oversampling` clamped to `min(m, n)`) from `seed` with the local generator and keeps its
  /// `Hᵀ`-side rows: nothing is sent. Products with X go through ``applied(_:into:)`` and
  /// ``transposeApplied(_:into:)``; every basis is orthonormalized by TSQR with LAPACK's
  /// column signs (``orthonormalized(_:side:operation:)``). `Bᵀ = Xᵀ·Q` (`n × ℓ`) is then
  /// all-gathered in global row order, and every process runs the same small `?gesdd`.
  /// The arguments and X's entries must have been checked on every process.
  /// - Complexity: collective; `2·powerIterations + 2` products with X of `ℓ` columns,
  ///   `2·powerIterations + 1` TSQRs, and an `ℓ × n` SVD on every process.
  func randomizedSVD(
    rank: Int, oversampling: Int, powerIterations: Int, seed: UInt64, operation: String
  ) throws -> (u: Matrix<Scalar>, singularValues: [Scalar], vt: Matrix<Scalar>) {
    let m = rowSide.extent
    let n = columnSide.extent
    guard rank > 0 else { return (Matrix(rows: rowSide.count, columns: 0), [], Matrix(rows: 0, columns: n)) }
    let width = Swift.min(rank + oversampling, Swift.min(m, n))
    let omega = columnSide.slice(of: Matrix<Scalar>.randomNormal(rows: n, columns: width, seed: seed))
    var basis = try orthonormalized(applied(omega), side: rowSide, operation: operation)
    for _ in 0..<powerIterations {
      let coBasis = try orthonormalized(transposeApplied(basis), side: columnSide, operation: operation)
      basis = try orthonormalized(applied(coBasis), side: rowSide, operation: operation)
    }
    let bt = gatheredInOrder(transposeApplied(basis), side: columnSide)
    let small: SVD<Scalar>
    do {
      small = try BLAS.withSingleThreadedCalls { try SVD(bt.transposed, driver: .gesdd).truncated(rank: rank) }
    } catch {
      // Every process factors the same bits, so every process fails alike.
      throw _blockNumericsError(error, operation: operation, rank: communicator.rank)
    }
    var u = Matrix<Scalar>(rows: basis.rows, columns: rank)
    if basis.rows > 0 { try! Matrix.multiply(basis, small.u, into: &u) }
    return (u, small.singularValues, small.vt)
  }

  /// A matrix held as slices of `side` (`extent × c`), whole on every process, its rows in
  /// global order: one all-gather over the grid's communicator.
  /// - Complexity: collective; O(extent · c) received per process.
  func gatheredInOrder(_ slice: Matrix<Scalar>, side: FactorSlices) -> Matrix<Scalar> {
    let c = slice.columns
    let everyone = (0..<communicator.size).map { slices(of: side, rank: $0) }
    let counts = everyone.map { $0.count * c }
    var flat = [Scalar](repeating: 0, count: counts.reduce(0, +))
    slice.withUnsafeBufferPointer { send in
      flat.withUnsafeMutableBufferPointer { communicator._allGather(send, counts: counts, into: $0) }
    }
    let bytes = MemoryLayout<Scalar>.stride
    volume._addAllGather(processes: communicator.size, total: flat.count * bytes, own: slice.count * bytes)
    var whole = Matrix<Scalar>(rows: side.extent, columns: c)
    whole.withUnsafeMutableBufferPointer { whole in
      flat.withUnsafeBufferPointer { flat in
        var offset = 0
        for slices in everyone {
          for index in slices.globalIndices {
            (whole.baseAddress! + index * c).update(from: flat.baseAddress! + offset, count: c)
            offset += c
          }
        }
      }
    }
    return whole
  }
}
