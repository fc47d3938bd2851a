internal import CMPI
import BlockNumerics

/// A `rows × columns` grid of processes over a communicator: the BLACS process grid that
/// ScaLAPACK distributes matrices over.
///
/// Process `r < rows · columns` of the communicator sits at grid position
/// `(r / columns, r % columns)` (row-major); processes beyond `rows · columns` are outside
/// the grid. They take part in every collective call on the grid's matrices (they get the
/// same results and errors: singular values, norms, gathered matrices when they are the
/// root) but hold no entries and compute nothing.
///
/// ```
///   communicator of 5, grid 2 × 2:     rank 0 → (0, 0)   rank 1 → (0, 1)
///                                       rank 2 → (1, 0)   rank 3 → (1, 1)
///                                       rank 4 → outside
/// ```
///
/// Building a grid is collective over the communicator. A grid lives as long as any
/// matrix on it.
public final class ProcessGrid: @unchecked Sendable {
  /// The communicator the grid was built over.
  public let communicator: Communicator
  /// The number of process rows.
  public let rows: Int
  /// The number of process columns.
  public let columns: Int
  /// This process's grid row, or nil outside the grid.
  public let row: Int?
  /// This process's grid column, or nil outside the grid.
  public let column: Int?
  /// This grid's number among the grids of ``communicator`` (the same on every process).
  let serial: Int
  /// The BLACS context that ScaLAPACK sees: the transposed `columns × rows` grid (see
  /// ``DistributedMatrix``), -1 outside the grid.
  let context: Int32
  /// A `1 × size` BLACS context over the whole communicator, for redistribution between
  /// grids (`p?gemr2d` needs one that spans both).
  let wholeContext: Int32

  /// A `rows × columns` grid over the first `rows · columns` processes of `communicator`.
  ///
  /// - Throws: `BlockNumericsError.invalidArgument` on every process for
  ///   a non-positive size, when processes pass different sizes, or when their environments
  ///   set different PBLAS logical block sizes (``pblasLogicalBlockSize``);
  ///   `BlockNumericsError.systemFailure` when the grid needs more
  ///   processes than the communicator has (the message says how to start more).
  /// - Complexity: collective; a few messages over the communicator.
  public init(_ communicator: Communicator, rows: Int, columns: Int) throws {
    let operation = "ProcessGrid(_:rows:columns:)"
    try communicator._checkActive(operation)
    var failure: BlockNumericsError? = nil
    let (processes, overflow) = rows.multipliedReportingOverflow(by: columns)
    if rows < 1 || columns < 1 {
      failure = .invalidArgument(operation: operation, message: "a grid needs at least one row and one column, got \(rows)×\(columns)")
    } else if overflow || processes > communicator.size {
      let how = communicator.placement.launcher == nil
        ? "this process was not started by mpirun, so MPI runs it alone: start the program with mpirun -n \(overflow ? "<p·q>" : String(processes))"
        : "start at least \(overflow ? "p·q" : String(processes)) processes (mpirun -n …)"
      failure = .systemFailure(
        operation: operation,
        message: "a \(rows)×\(columns) grid needs \(overflow ? "more than Int.max" : String(processes)) processes, but the communicator has \(communicator.size); \(how)")
    }
    try communicator._agree(
      failure, values: [rows, columns, ProcessGrid.pblasLogicalBlockSize],
      names: ["the grid's rows", "the grid's columns", "PBLAS's logical block size (BLOCKNUMERICS_PBLAS_BLOCK)"], operation: operation)

    self.communicator = communicator
    self.rows = rows
    self.columns = columns
    self.serial = communicator._nextGridSerial()
    let inside = communicator.rank < processes
    self.row = inside ? communicator.rank / columns : nil
    self.column = inside ? communicator.rank % columns : nil

    MPIRuntime.blacsInUse.store(true, ordering: .releasing)
    var processNumber: Int32 = 0
    var processCount: Int32 = 0
    Cblacs_pinfo(&processNumber, &processCount)   // sets BLACS up on first use
    let system = Csys2blacs_handle(communicator.internalHandle)
    // ScaLAPACK sees the transpose of every row-major matrix, on the transposed grid:
    // BLACS rows are our columns. Column-major order over a columns × rows BLACS grid puts
    // rank r at BLACS (r % columns, r / columns), which is our (r / columns, r % columns).
    var context = system
    Cblacs_gridinit(&context, "C", Int32(columns), Int32(rows))
    var whole = system
    Cblacs_gridinit(&whole, "R", 1, Int32(communicator.size))
    Cfree_blacs_system_handle(system)
    self.context = inside ? context : -1
    self.wholeContext = whole
    #if BLOCKNUMERICS_INTERNAL_CHECKS
    _checkInvariants()
    #endif
  }

  deinit {
    guard MPIRuntime.isActive else { return }
    if context >= 0 { Cblacs_gridexit(context) }
    if wholeContext >= 0 { Cblacs_gridexit(wholeContext) }
  }

  /// Whether this process is one of the grid's `rows · columns` processes.
  public var containsThisProcess: Bool { row != nil }

  /// `rows×columns`, the form messages use.
  public var shapeDescription: String { "\(rows)×\(columns)" }

  /// The communicator rank of the process at grid position `(row, column)`.
  public func rank(row: Int, column: Int) -> Int { row * columns + column }

  /// Checks that BLACS placed this process where the row-major numbering says.
  func _checkInvariants() {
    var blacsRows: Int32 = -1
    var blacsColumns: Int32 = -1
    var myRow: Int32 = -1
    var myColumn: Int32 = -1
    if context >= 0 { Cblacs_gridinfo(context, &blacsRows, &blacsColumns, &myRow, &myColumn) }
    if let row, let column {
      precondition(
        blacsRows == Int32(columns) && blacsColumns == Int32(rows) && myRow == Int32(column) && myColumn == Int32(row),
        "ProcessGrid: BLACS put rank \(communicator.rank) at (\(myRow), \(myColumn)) of \(blacsRows)×\(blacsColumns), expected (\(column), \(row)) of \(columns)×\(rows)")
    }
  }
}
