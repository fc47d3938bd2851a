import BlockNumerics

#if canImport(Glibc)
import Glibc
#endif

/// A dense matrix dealt out block-cyclically over a ``ProcessGrid``: ScaLAPACK's
/// distributed matrix, with BlockNumerics' row-major storage.
///
/// A distributed matrix is its global shape, its block size and its grid
/// (``BlockCyclicLayout``); each process holds only its own blocks, in one local row-major
/// matrix. Every process of the grid's communicator runs the same calls: operations are
/// collective, check their arguments on every process before any data moves, and throw the
/// same `BlockNumericsError` on every process when anything fails anywhere. Processes
/// outside the grid hold nothing but take part, so they get the same results and errors.
///
/// **Row-major storage is ScaLAPACK's transpose.** A process's local row-major `lr × lc`
/// matrix is, read column-major, the `lc × lr` local part of `Aᵀ` distributed in
/// `blockColumns × blockRows` blocks over the transposed `columns × rows` BLACS grid. So
/// ScaLAPACK works on `Aᵀ` in place, never on a copy: a product `C = A·B` runs as
/// `Cᵀ = Bᵀ·Aᵀ` (`p?gemm` with the operands swapped), an SVD `Aᵀ = V·Σ·Uᵀ` hands back `V` as
/// our `Vᵀ` and `Uᵀ` as our `U`, exactly as `SVD` does with LAPACK.
///
/// ```
///   A, 4 × 6 in 2 × 3 blocks, grid 1 × 2       process (0, 1), local 4 × 3 row-major:
///   ┌──────────┬──────────┐                      a03 a04 a05 a13 a14 a15 a23 …
///   │ (0, 0)   │ (0, 1)   │                      = column-major 3 × 4: the local part of
///   │          │          │                        Aᵀ (6 × 4, blocks 3 × 2, BLACS grid 2 × 1)
///   └──────────┴──────────┘
/// ```
///
/// `DistributedMatrix` is a value type; copies share local storage until one is mutated.
public struct DistributedMatrix<Scalar: ScaLAPACKScalar>: Sendable {
  /// Global shape, block size and grid shape.
  public let layout: BlockCyclicLayout
  /// The grid the blocks are dealt over.
  public let grid: ProcessGrid
  /// This process's blocks: a row-major ``localRows`` × ``localColumns`` matrix.
  var _local: [Scalar]

  /// A matrix from its parts, unchecked: `local` must hold this process's entries.
  init(_unchecked layout: BlockCyclicLayout, grid: ProcessGrid, local: [Scalar]) {
    self.layout = layout
    self.grid = grid
    self._local = local
    #if BLOCKNUMERICS_INTERNAL_CHECKS
    precondition(local.count == localRows * localColumns, "DistributedMatrix: \(local.count) local entries for \(localRows)×\(localColumns)")
    #endif
  }

  /// A `rows × columns` zero matrix in `blockRows × blockColumns` blocks over `grid`.
  ///
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   for negative sizes, non-positive block sizes, sizes beyond ScaLAPACK's 32-bit
  ///   integers, or arguments that differ between processes;
  ///   `BlockNumericsError.systemFailure` when a process's share does
  ///   not fit its memory.
  /// - Complexity: collective (one small all-reduce); O(local entries).
  public init(rows: Int, columns: Int, blockRows: Int, blockColumns: Int, grid: ProcessGrid) throws {
    let layout = try Self._checkedLayout(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, grid: grid,
      operation: "DistributedMatrix(rows:columns:blockRows:blockColumns:grid:)")
    self.init(_zeros: layout, grid: grid)
  }

  /// A zero matrix of a checked layout.
  init(_zeros layout: BlockCyclicLayout, grid: ProcessGrid) {
    let count = grid.row.map { layout.localRows(processRow: $0) * layout.localColumns(processColumn: grid.column!) } ?? 0
    self.init(_unchecked: layout, grid: grid, local: [Scalar](repeating: 0, count: count))
  }

  /// The number of rows of the whole matrix.
  public var rows: Int { layout.rows }
  /// The number of columns of the whole matrix.
  public var columns: Int { layout.columns }
  /// The height of a block (the last block row may be lower).
  public var blockRows: Int { layout.blockRows }
  /// The width of a block (the last block column may be narrower).
  public var blockColumns: Int { layout.blockColumns }
  /// The shape as `rows×columns`, the form every message uses.
  public var shapeDescription: String { "\(rows)×\(columns)" }

  /// The number of rows this process holds (0 outside the grid).
  public var localRows: Int { grid.row.map { layout.localRows(processRow: $0) } ?? 0 }
  /// The number of columns this process holds (0 outside the grid).
  public var localColumns: Int { grid.column.map { layout.localColumns(processColumn: $0) } ?? 0 }

  /// This process's entries as one row-major ``localRows`` × ``localColumns`` matrix (a copy).
  /// - Complexity: O(local entries).
  public var localMatrix: Matrix<Scalar> {
    try! Matrix(rows: localRows, columns: localColumns, elements: _local)
  }

  /// The ScaLAPACK descriptor of the transposed view (see the type's discussion).
  var _descriptor: ScaLAPACKDescriptor {
    ScaLAPACKDescriptor(
      context: grid.context, rows: Int32(columns), columns: Int32(rows), blockRows: Int32(blockColumns),
      blockColumns: Int32(blockRows), leadingDimension: Int32(localColumns))
  }

  /// Calls `body` with the local entries; a process holding none gets a valid dummy pointer
  /// (ScaLAPACK never reads it, but Fortran wants an address).
  func _withLocal<Result>(_ body: (UnsafePointer<Scalar>) throws -> Result) rethrows -> Result {
    try _local.withUnsafeBufferPointer { buffer in
      try body(buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Scalar>.alignment)!)
    }
  }

  /// Calls `body` with mutable local entries; see ``_withLocal(_:)``.
  mutating func _withMutableLocal<Result>(_ body: (UnsafeMutablePointer<Scalar>) throws -> Result) rethrows -> Result {
    try _local.withUnsafeMutableBufferPointer { buffer in
      try body(buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Scalar>.alignment)!)
    }
  }

  /// The layout for these arguments after every process checked them: sizes, blocks,
  /// 32-bit limits, this process's memory, and that all processes passed the same values
  /// and the same grid. Collective over the grid's communicator.
  static func _checkedLayout(
    rows: Int, columns: Int, blockRows: Int, blockColumns: Int, grid: ProcessGrid, operation: String,
    failure given: BlockNumericsError? = nil
  ) throws -> BlockCyclicLayout {
    try grid.communicator._checkActive(operation)
    let layout = BlockCyclicLayout(
      rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, gridRows: grid.rows, gridColumns: grid.columns)
    var failure = given ?? layout._validationFailure(operation: operation)
    if failure == nil, let row = grid.row, let column = grid.column {
      failure = _memoryFailure(entries: layout.localRows(processRow: row) * layout.localColumns(processColumn: column), operation: operation, rank: grid.communicator.rank)
    }
    try grid.communicator._agree(
      failure, values: [rows, columns, blockRows, blockColumns, grid.serial],
      names: ["the number of rows", "the number of columns", "the block rows", "the block columns", "the process grid"],
      operation: operation)
    return layout
  }

  /// A failure when `entries` scalars would not fit this node's physical memory: Swift
  /// arrays stop the process when an allocation fails, so the obvious cases are caught first.
  static func _memoryFailure(entries: Int, operation: String, rank: Int) -> BlockNumericsError? {
    #if canImport(Glibc)
    let pages = sysconf(Int32(_SC_PHYS_PAGES))
    let pageSize = sysconf(Int32(_SC_PAGESIZE))
    guard pages > 0 && pageSize > 0 else { return nil }
    let (bytes, overflow) = entries.multipliedReportingOverflow(by: MemoryLayout<Scalar>.stride)
    let memory = pages * pageSize
    if overflow || bytes > memory {
      return .systemFailure(
        operation: operation,
        message: "process \(rank) would need \(overflow ? "more than Int.max" : String(bytes)) bytes for its \(entries) entries, more than its node's \(memory) bytes of memory; use more processes or nodes")
    }
    #endif
    return nil
  }
}
