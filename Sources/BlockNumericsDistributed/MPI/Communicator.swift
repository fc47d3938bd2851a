internal import CMPI
import BlockNumerics
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A group of processes that compute together: an MPI communicator.
///
/// Every process of an MPI program runs the same code; ``rank`` tells them apart. Start with
/// ``world`` (every process mpirun started), cut it with ``split(color:key:)``, and build
/// ``ProcessGrid``s over it. Collective calls (``barrier()``, all-reduce, broadcast,
/// all-gather, split) must be made by every process of the communicator, in the same order.
///
/// Nothing here hangs on bad input: arguments that must agree across processes (counts,
/// shapes, roots) are checked together in one small all-reduce before any data moves, and a
/// failure on any process is thrown as the same `BlockNumericsError` on every process.
///
/// Messages that BlockNumericsDistributed sends travel on a private duplicate of the MPI
/// communicator, so they never match messages a program sends on its own. MPI runs with
/// `MPI_THREAD_SERIALIZED`: calls may come from any thread, but not from two at once.
public final class Communicator: @unchecked Sendable {
  /// The MPI communicator this value stands for (`MPI_COMM_WORLD` or a split of it).
  let handle: MPI_Comm
  /// A duplicate of ``handle`` that carries all of BlockNumericsDistributed's messages.
  let internalHandle: MPI_Comm
  /// Whether ``handle`` was created here (by a split) and must be freed here.
  private let ownsHandle: Bool
  /// Counts the process grids built over this communicator; grid creation is collective, so
  /// every process numbers its grids alike, which lets operations check that all processes
  /// passed the same grid before they communicate on it.
  private let gridCount = Mutex<Int>(0)

  /// This process's number in the communicator, `0..<size`.
  public let rank: Int
  /// The number of processes in the communicator.
  public let size: Int
  /// Where this process runs: processes and cores on its node, BLAS threads, launcher.
  public let placement: ProcessPlacement

  init(handle: MPI_Comm, owningHandle: Bool, placement: ProcessPlacement) {
    var rank: Int32 = 0
    var size: Int32 = 0
    MPI_Comm_rank(handle, &rank)
    MPI_Comm_size(handle, &size)
    var duplicate: MPI_Comm? = nil
    MPI_Comm_dup(handle, &duplicate)
    self.handle = handle
    self.internalHandle = duplicate!
    self.ownsHandle = owningHandle
    self.rank = Int(rank)
    self.size = Int(size)
    self.placement = placement
  }

  deinit {
    // Freeing a communicator is collective in MPI's terms but local in Open MPI (no message
    // is sent), so processes may release their copies at different times.
    guard MPIRuntime.isActive else { return }
    var duplicate: MPI_Comm? = internalHandle
    MPI_Comm_free(&duplicate)
    if ownsHandle {
      var own: MPI_Comm? = handle
      MPI_Comm_free(&own)
    }
  }

  /// Every process that mpirun (or srun) started, with MPI started on first use.
  ///
  /// MPI is initialised once per process with `MPI_THREAD_SERIALIZED` (calls may come from
  /// any thread, one at a time) and finalised when the process exits. Starting also sets
  /// `BLAS.threadCount` for one process among several on a node (see
  /// ``ProcessPlacement``). A program started without mpirun runs as a world of one process.
  /// - Throws: `BlockNumericsError.systemFailure` when MPI cannot start,
  ///   provides too little thread support, or was already finalised.
  public static var world: Communicator {
    get throws { try MPIRuntime.world() }
  }

  /// Waits until every process of the communicator has called it.
  /// - Throws: `BlockNumericsError.systemFailure` after MPI was finalised.
  /// - Complexity: O(log size) messages.
  public func barrier() throws {
    try _checkActive("Communicator.barrier()")
    MPI_Barrier(internalHandle)
  }

  /// Waits until every process has called it, sleeping `interval` between checks instead
  /// of spinning, so a waiting process leaves its core to processes still computing (a
  /// benchmark's reference run on one process, say). MPI's own waits poll and keep a core
  /// busy.
  /// - Throws: as ``barrier()``.
  public func barrier(sleepingBetweenChecks interval: Duration) throws {
    try _checkActive("Communicator.barrier(sleepingBetweenChecks:)")
    var request: MPI_Request? = bn_mpi_request_null()
    MPI_Ibarrier(internalHandle, &request)
    let (seconds, attoseconds) = interval.components
    var pause = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    while true {
      var done: Int32 = 0
      MPI_Test(&request, &done, bn_mpi_status_ignore())
      if done != 0 { return }
      nanosleep(&pause, nil)
    }
  }

  /// Splits the communicator into one new communicator per `color`: processes passing the
  /// same color end up together, ordered by `key` (then by rank); processes passing nil get
  /// nil and belong to none (MPI's `MPI_Comm_split`).
  /// - Parameters:
  ///   - color: a non-negative group number, or nil to stay out.
  ///   - key: the order within the group; this process's rank by default.
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when any process passes a negative color or a color or key beyond 32 bits.
  /// - Complexity: one collective over the communicator.
  public func split(color: Int?, key: Int? = nil) throws -> Communicator? {
    let operation = "Communicator.split(color:key:)"
    try _checkActive(operation)
    var failure: BlockNumericsError? = nil
    if let color, color < 0 || color > Int(Int32.max) {
      failure = .invalidArgument(operation: operation, message: "process \(rank) passed color \(color); colors must lie in 0...\(Int32.max), or be nil to stay out")
    } else if let key, Int32(exactly: key) == nil {
      failure = .invalidArgument(operation: operation, message: "process \(rank) passed key \(key), which does not fit in 32 bits")
    }
    try _agree(failure, operation: operation)
    var newHandle: MPI_Comm? = nil
    MPI_Comm_split(handle, color.map { Int32($0) } ?? bn_mpi_undefined(), Int32(key ?? rank), &newHandle)
    guard color != nil, let newHandle else { return nil }
    return Communicator(handle: newHandle, owningHandle: true, placement: placement)
  }

  /// The next grid number on this communicator (see `gridCount`).
  func _nextGridSerial() -> Int {
    gridCount.withLock { count in
      count += 1
      return count
    }
  }

  /// Throws when MPI can no longer be called (it was finalised at exit).
  func _checkActive(_ operation: String) throws {
    guard MPIRuntime.isActive else {
      throw BlockNumericsError.systemFailure(operation: operation, message: "MPI has been finalized; no communication is possible any more")
    }
  }
}
