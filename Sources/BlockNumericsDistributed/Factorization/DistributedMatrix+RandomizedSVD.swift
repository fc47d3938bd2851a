import BlockNumerics

extension DistributedMatrix {
  /// A rank-`rank` truncated SVD by randomized range finding (Halko, Martinsson & Tropp
  /// 2011, algorithms 4.4 and 5.1), the distributed counterpart of `SVD.randomized`: with
  /// the same arguments it computes the same factorization, up to rounding (on a decaying
  /// spectrum, to about 1e-10 relative in `Double`), sign of every singular pair included,
  /// as long as the `ℓ` sketched columns are numerically independent (a spectrum that falls
  /// below the type's rounding within `ℓ` leaves the trailing basis vectors, and so the
  /// signs LAPACK picks for the small SVD, to rounding).
  ///
  /// Every process draws the Gaussian test matrix from `seed` itself (nothing is sent); the
  /// products with X use MPI-FAUN's layout (all-gather along one grid axis, local `gemm`,
  /// reduce-scatter along the other); each basis is orthonormalized by TSQR across the
  /// processes; the small `ℓ × n` SVD runs on every process (`ℓ = rank + oversampling`,
  /// at most `min(m, n)`). The singular values and `Vᵀ` are on every process, `U` distributed.
  /// - Parameters:
  ///   - rank: the number of singular triplets wanted, `0...min(m, n)`.
  ///   - oversampling: extra test vectors (default 10).
  ///   - powerIterations: rounds of power iteration with `X·Xᵀ` (default 4).
  ///   - seed: the Gaussian test matrix's seed (the local `SVD.randomized`'s default is 0 too).
  /// - Throws: on every process: `BlockNumericsError.invalidArgument` for a rank outside
  ///   `0...min(m, n)`, negative settings, or arguments that differ between processes;
  ///   `BlockNumericsError.nonFiniteValue` when X holds NaN or infinity (naming the entry);
  ///   LAPACK's errors.
  /// - Complexity: collective; `(2·powerIterations + 2)·2mnℓ / P` flops per process for the
  ///   products, `O((m + n)·ℓ² / P + P·ℓ³ + nℓ²)` for the rest; per product one all-gather
  ///   and one reduce-scatter of `ℓ`-column panels.
  public func randomizedSVD(
    rank: Int, oversampling: Int = 10, powerIterations: Int = 4, seed: UInt64 = 0
  ) throws -> DistributedRandomizedSVD<Scalar> {
    let operation = "DistributedMatrix.randomizedSVD(rank:oversampling:powerIterations:seed:)"
    let communicator = grid.communicator
    try communicator._checkActive(operation)
    var failure: BlockNumericsError? = nil
    if rank < 0 || rank > Swift.min(rows, columns) {
      failure = .invalidArgument(operation: operation, message: "rank \(rank) is outside 0...\(Swift.min(rows, columns)) for the \(shapeDescription) matrix")
    } else if oversampling < 0 || powerIterations < 0 {
      failure = .invalidArgument(
        operation: operation, message: "oversampling (\(oversampling)) and powerIterations (\(powerIterations)) must be non-negative")
    } else {
      failure = _firstNonFiniteFailure(operation: operation, need: "SVD needs finite entries")
    }
    try communicator._agree(
      failure, values: [rows, columns, blockRows, blockColumns, grid.serial, rank, oversampling, powerIterations, Int(bitPattern: UInt(seed))],
      names: ["the number of rows", "the number of columns", "the block rows", "the block columns", "the process grid", "the rank",
              "the oversampling", "the power iterations", "the seed"],
      operation: operation)
    let distribution = try FactorDistribution(self)
    let (u, values, vt) = try distribution.randomizedSVD(
      rank: rank, oversampling: oversampling, powerIterations: powerIterations, seed: seed, operation: operation)
    return DistributedRandomizedSVD(singularValues: values, u: try distribution.rowFactor(u, operation: operation), vt: vt)
  }

  /// A `nonFiniteValue` failure naming this process's first NaN or infinite entry (global
  /// coordinates), or nil. Local: nothing is sent.
  /// - Complexity: O(local entries).
  func _firstNonFiniteFailure(operation: String, need: String) -> BlockNumericsError? {
    guard let index = _local.firstIndex(where: { !$0.isFinite }), let row = grid.row, let column = grid.column else { return nil }
    let localColumnCount = localColumns
    let globalRow = layout.globalRow(localRow: index / localColumnCount, processRow: row)
    let globalColumn = layout.globalColumn(localColumn: index % localColumnCount, processColumn: column)
    return .nonFiniteValue(
      operation: operation,
      message: "the \(shapeDescription) matrix holds \(_local[index]) at [\(globalRow), \(globalColumn)] (on process \(grid.communicator.rank)); \(need)")
  }
}
