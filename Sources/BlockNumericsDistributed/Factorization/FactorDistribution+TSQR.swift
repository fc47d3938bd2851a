import BlockNumerics

extension FactorDistribution {
  /// An orthonormal basis of the columns of a tall `extent × c` matrix held as slices of
  /// `side` (`c ≤ extent`), as this process's slice: the `Q` that LAPACK's Householder QR
  /// (`?geqrf`, then `?orgqr`, as the local `QR`) gives for the whole matrix, up to rounding.
  ///
  /// TSQR with a flat tree (Demmel, Grigori, Hoemmen & Langou 2012): each process factors
  /// its slice `Aₛ = Qₛ·Rₛ` by Householder QR, one all-gather brings every `Rₛ` to every
  /// process, each factors the stacked `R`s identically (`[R₀; R₁; …] = Q̃·R`), and its
  /// slice of `Q` is `Qₛ·Q̃ₛ`. Stable for any conditioning, unlike Cholesky QR.
  ///
  /// Householder QR fixes each column's sign by its reflectors; TSQR's basis differs from it
  /// by column signs only (`Q_H = Q·S`, `S` diagonal of ±1). `S` is recovered from the basis's
  /// first `c` rows by the modified LU of Householder reconstruction (Ballard, Demmel,
  /// Grigori, Jacquelin, Nguyen & Solomonik 2014): each pivot's sign is the one LAPACK's
  /// `?larfg` chooses. So the local and the distributed randomized SVD agree column by column.
  /// - Throws: ``BlockNumerics/BlockNumericsError`` from LAPACK (on every process).
  /// - Complexity: collective; O(count·c²) flops per process, O(P·c³) redundant on every
  ///   process, one all-gather of `P·c²` values and one all-reduce of `c²`.
  func orthonormalized(_ slice: Matrix<Scalar>, side: FactorSlices, operation: String) throws -> Matrix<Scalar> {
    let c = slice.columns
    var failure: BlockNumericsError? = nil
    var local = QR<Scalar>?.none
    do { local = try QR(slice) } catch { failure = _blockNumericsError(error, operation: operation, rank: communicator.rank) }
    try communicator._agree(failure, operation: operation)
    let localQ = local!.q
    let localR = local!.r

    // Every process's R: min(slice rows, c) × c, in rank order.
    let rowCounts = (0..<communicator.size).map { Swift.min(slices(of: side, rank: $0).count, c) }
    let total = rowCounts.reduce(0, +)
    var stacked = Matrix<Scalar>(rows: total, columns: c)
    localR.withUnsafeBufferPointer { send in
      stacked.withUnsafeMutableBufferPointer { communicator._allGather(send, counts: rowCounts.map { $0 * c }, into: $0) }
    }
    let bytes = MemoryLayout<Scalar>.stride
    volume._addAllGather(processes: communicator.size, total: total * c * bytes, own: localR.count * bytes)
    // Every process factors the same stack with single-threaded LAPACK: the same bits everywhere.
    let top: QR<Scalar>
    do {
      top = try BLAS.withSingleThreadedCalls { try QR(stacked) }
    } catch {
      // Every process factors the same bits, so every process fails alike.
      throw _blockNumericsError(error, operation: operation, rank: communicator.rank)
    }
    let offset = rowCounts[0..<communicator.rank].reduce(0, +)
    let mine = rowCounts[communicator.rank]
    var block = Matrix<Scalar>(rows: mine, columns: c)
    top.q.withUnsafeBufferPointer { q in
      block.withUnsafeMutableBufferPointer { $0.baseAddress?.update(from: q.baseAddress! + offset * c, count: mine * c) }
    }
    var q = Matrix<Scalar>(rows: slice.rows, columns: c)
    if mine > 0 { try! Matrix.multiply(localQ, block, into: &q) }

    let signs = householderSigns(firstRows(of: q, side: side), rows: side.extent)
    q.withUnsafeMutableBufferPointer { entries in
      for row in 0..<slice.rows {
        for column in 0..<c where signs[column] < 0 { entries[row * c + column] = -entries[row * c + column] }
      }
    }
    return q
  }

  /// The slices of `side` that process `rank` holds (empty outside the grid).
  func slices(of side: FactorSlices, rank: Int) -> FactorSlices {
    let inside = rank < grid.rows * grid.columns
    return FactorSlices(
      layout: layout, followsRows: side.followsRows, row: inside ? rank / grid.columns : nil, column: inside ? rank % grid.columns : nil)
  }

  /// The first `c` rows (global indices `0..<c`) of a matrix held as slices of `side`, on
  /// every process: each row is held once, the others add zeros, so the sum is exact.
  private func firstRows(of slice: Matrix<Scalar>, side: FactorSlices) -> Matrix<Scalar> {
    let c = slice.columns
    var rows = [Scalar](repeating: 0, count: c * c)
    slice.withUnsafeBufferPointer { entries in
      for (position, index) in side.globalIndices.enumerated() where index < c {
        for column in 0..<c { rows[index * c + column] = entries[position * c + column] }
      }
    }
    return try! Matrix(rows: c, columns: c, elements: sum(rows))
  }
}

/// The signs `s` with `Q·diag(s)` the Householder `Q` of a matrix of `rows` rows whose
/// orthonormal basis `Q` has `top` (`c × c`) as its first rows: the modified LU of
/// `top − diag(s)` without pivoting, each `sᵢ = −sign(pivot)` as `?larfg` sets
/// `βᵢ = −sign(αᵢ)·‖·‖`, except for a last column of length one (`rows == c`), which
/// `?larfg` leaves unreflected (`β = α`).
/// - Complexity: O(c³).
func householderSigns<Scalar: BLASScalar>(_ top: Matrix<Scalar>, rows: Int) -> [Scalar] {
  let c = top.rows
  var a = top.elements
  var signs = [Scalar](repeating: 1, count: c)
  for i in 0..<c {
    let positive = a[i * c + i] >= 0
    let sign: Scalar = i == rows - 1 ? (positive ? 1 : -1) : (positive ? -1 : 1)
    signs[i] = sign
    a[i * c + i] -= sign
    let pivot = a[i * c + i]
    for row in (i + 1)..<Swift.max(i + 1, c) {
      let factor = a[row * c + i] / pivot
      if factor == 0 { continue }
      for column in (i + 1)..<c { a[row * c + column] -= factor * a[i * c + column] }
    }
  }
  return signs
}
