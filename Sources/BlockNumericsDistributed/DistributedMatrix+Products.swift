import BlockNumerics

extension DistributedMatrix {
  /// The product `self · other` on the same grid, in `blockRows × other.blockColumns`
  /// blocks: one ScaLAPACK `p?gemm` (SUMMA-style panels broadcast along grid rows and
  /// columns; see docs/SCALING.md for its communication).
  ///
  /// - Throws: `BlockNumericsError.shapeMismatch` on every process when
  ///   `columns != other.rows`; `BlockNumericsError.invalidArgument`
  ///   when the operands live on different grids or the processes disagree on them.
  /// - Complexity: collective; O(m·n·k / processes) flops per process.
  public func multiplied(by other: DistributedMatrix) throws -> DistributedMatrix {
    let operation = "DistributedMatrix.multiplied(by:)"
    var failure: BlockNumericsError? = nil
    if columns != other.rows {
      failure = .shapeMismatch(
        operation: operation, message: "cannot multiply \(shapeDescription) by \(other.shapeDescription): inner dimensions \(columns) and \(other.rows) differ")
    } else if other.grid !== grid {
      failure = Self._differentGrids(operation, "the left operand", grid, "the right operand", other.grid)
    }
    let layout = try Self._checkedLayout(
      rows: rows, columns: other.columns, blockRows: blockRows, blockColumns: other.blockColumns, grid: grid,
      operation: operation, failure: failure)
    var product = DistributedMatrix(_zeros: layout, grid: grid)
    try product._gemm(self, other, transposeA: false, transposeB: false, alpha: 1, beta: 0, operation: operation)
    return product
  }

  /// `C ← alpha·op(A)·op(B) + beta·C` in place, `op(X)` being `X` or `Xᵀ`: one ScaLAPACK
  /// `p?gemm`, no temporary distributed matrices. The operands may have different block
  /// sizes but must share one grid.
  ///
  /// With `beta == 0` the previous contents of `c` are not read.
  /// - Throws: `BlockNumericsError.shapeMismatch` on every process
  ///   unless `op(A)` is `m×k`, `op(B)` is `k×n` and `c` is `m×n`;
  ///   `BlockNumericsError.invalidArgument` when the operands live on
  ///   different grids or the processes disagree on them.
  /// - Complexity: collective; O(m·n·k / processes) flops per process.
  public static func multiply(
    _ a: DistributedMatrix, _ b: DistributedMatrix, transposeA: Bool = false, transposeB: Bool = false,
    alpha: Scalar = 1, beta: Scalar = 0, into c: inout DistributedMatrix
  ) throws {
    let operation = "DistributedMatrix.multiply(_:_:transposeA:transposeB:alpha:beta:into:)"
    let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
    let (kB, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
    var failure: BlockNumericsError? = nil
    if k != kB || c.rows != m || c.columns != n {
      let opA = transposeA ? "\(a.shapeDescription)ᵀ" : a.shapeDescription
      let opB = transposeB ? "\(b.shapeDescription)ᵀ" : b.shapeDescription
      failure = .shapeMismatch(
        operation: operation,
        message: k == kB
          ? "op(A)·op(B) = \(opA)·\(opB) is \(m)×\(n), but C is \(c.shapeDescription)"
          : "cannot multiply \(opA) by \(opB): inner dimensions \(k) and \(kB) differ")
    } else if a.grid !== c.grid || b.grid !== c.grid {
      failure = a.grid !== c.grid ? _differentGrids(operation, "A", a.grid, "C", c.grid) : _differentGrids(operation, "B", b.grid, "C", c.grid)
    }
    try c.grid.communicator._agree(
      failure, values: [m, n, k, a.grid.serial, b.grid.serial, c.grid.serial, transposeA ? 1 : 0, transposeB ? 1 : 0],
      names: ["the rows of C", "the columns of C", "the inner dimension", "A's grid", "B's grid", "C's grid", "transposeA", "transposeB"],
      operation: operation)
    try c._gemm(a, b, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: beta, operation: operation)
  }

  /// `self ← alpha·op(A)·op(B) + beta·self` after every check passed.
  mutating func _gemm(
    _ a: DistributedMatrix, _ b: DistributedMatrix, transposeA: Bool, transposeB: Bool, alpha: Scalar, beta: Scalar,
    operation: String
  ) throws {
    guard grid.containsThisProcess, rows > 0, columns > 0 else { return }
    let k = transposeA ? a.rows : a.columns
    // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ; ScaLAPACK holds Aᵀ and
    // Bᵀ, so op(B)ᵀ is the stored Bᵀ itself unless B is transposed.
    let transposeStoredB = UInt8(ascii: transposeB ? "T" : "N")
    let transposeStoredA = UInt8(ascii: transposeA ? "T" : "N")
    let descriptorA = a._descriptor
    let descriptorB = b._descriptor
    let descriptorC = _descriptor
    let (m, n) = (Int32(columns), Int32(rows))
    a._withLocal { aLocal in
      b._withLocal { bLocal in
        _withMutableLocal { cLocal in
          Scalar.pgemm(
            transposeA: transposeStoredB, transposeB: transposeStoredA, m: m, n: n, k: Int32(k),
            alpha: alpha, a: bLocal, descriptorA: descriptorB, b: aLocal, descriptorB: descriptorA,
            beta: beta, c: cLocal, descriptorC: descriptorC)
        }
      }
    }
  }

  /// The failure for operands on different grids.
  static func _differentGrids(_ operation: String, _ first: String, _ firstGrid: ProcessGrid, _ second: String, _ secondGrid: ProcessGrid) -> BlockNumericsError {
    .invalidArgument(
      operation: operation,
      message: "\(first) lives on a \(firstGrid.shapeDescription) grid and \(second) on another \(secondGrid.shapeDescription) grid; operands must share one ProcessGrid (use redistributed(blockRows:blockColumns:grid:) to move one)")
  }
}
