internal import CMPI
import BlockNumerics
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Starts MPI once per process (``Communicator/world``) and finalises it when the process
/// exits.
///
/// MPI's own failures after start-up (a peer process died, a network error) abort the whole
/// job, as MPI does by default: a collective call that failed on one process would leave
/// every other process waiting in it forever. BlockNumericsDistributed checks everything a
/// caller can get wrong before it makes a collective call, so bad input never gets that far.
enum MPIRuntime {
  private enum State {
    case notStarted
    case started(Communicator)
    case failed(BlockNumericsError)
  }

  private static let state = Mutex<State>(.notStarted)
  /// Whether BLACS has set up process grids (so ``finalizeAtExit`` must release them).
  static let blacsInUse = Atomic<Bool>(false)
  /// Whether this process started MPI (and so must finalise it).
  private static let ownsMPI = Atomic<Bool>(false)
  /// Set once the exit handler ran: handles must not be freed after `MPI_Finalize`.
  static let finished = Atomic<Bool>(false)

  /// The world communicator, starting MPI on first use.
  static func world() throws -> Communicator {
    try state.withLock { state throws -> Communicator in
      switch state {
      case .started(let world):
        return world
      case .failed(let error):
        throw error
      case .notStarted:
        do {
          let world = try start()
          state = .started(world)
          return world
        } catch let error as BlockNumericsError {
          state = .failed(error)
          throw error
        }
      }
    }
  }

  /// Whether MPI can still be called: started and not finalised.
  static var isActive: Bool {
    if finished.load(ordering: .acquiring) { return false }
    var finalized: Int32 = 0
    MPI_Finalized(&finalized)
    return finalized == 0
  }

  private static func start() throws -> Communicator {
    let operation = "Communicator.world"
    var initialized: Int32 = 0
    var finalized: Int32 = 0
    MPI_Initialized(&initialized)
    MPI_Finalized(&finalized)
    guard finalized == 0 else {
      throw BlockNumericsError.systemFailure(
        operation: operation, message: "MPI was already finalized in this process and cannot start again")
    }
    // Read before MPI_Init: a singleton Open MPI sets the launcher's variables for itself.
    let environment = ProcessEnvironment.current
    var provided: Int32 = 0
    if initialized == 0 {
      if environment.launcher == nil && environment["OMPI_MCA_ess_singleton_isolated"] == nil {
        // Started without mpirun: Open MPI would fork a helper daemon (orted, from
        // openmpi-bin) for a world of one; an isolated singleton needs none.
        setenv("OMPI_MCA_ess_singleton_isolated", "1", 0)
      }
      // SERIALIZED: callers may reach BlockNumericsDistributed from any thread (a test
      // runner, a Swift task), one call at a time; our own parallel loops never call MPI.
      let code = MPI_Init_thread(nil, nil, bn_mpi_thread_serialized(), &provided)
      guard code == MPI_SUCCESS else {
        throw BlockNumericsError.systemFailure(
          operation: operation, message: "MPI_Init_thread failed (\(errorString(code))); is Open MPI installed (scripts/bootstrap) and was the program started by mpirun or srun?")
      }
      ownsMPI.store(true, ordering: .releasing)
      atexit(finalizeAtExit)
      guard provided >= bn_mpi_thread_serialized() else {
        throw BlockNumericsError.systemFailure(
          operation: operation,
          message: "this MPI library provides thread level \(threadLevelName(provided)); BlockNumericsDistributed needs MPI_THREAD_SERIALIZED or above (Open MPI built with thread support)")
      }
    } else {
      // Someone else started MPI; we use it as they configured it and leave finalising to them.
      MPI_Query_thread(&provided)
    }
    let placement = ProcessPlacement.measure(threadLevel: threadLevelName(provided), environment: environment)
    return Communicator(handle: bn_mpi_comm_world(), owningHandle: false, placement: placement)
  }

  /// `atexit` handler: releases BLACS's grids and finalises MPI, so that mpirun sees every
  /// process end cleanly.
  private static let finalizeAtExit: @convention(c) () -> Void = {
    MPIRuntime.finished.store(true, ordering: .releasing)
    guard MPIRuntime.ownsMPI.load(ordering: .acquiring) else { return }
    var finalized: Int32 = 0
    MPI_Finalized(&finalized)
    guard finalized == 0 else { return }
    // 1: leave MPI running; we finalise it ourselves just below.
    if MPIRuntime.blacsInUse.load(ordering: .acquiring) { Cblacs_exit(1) }
    MPI_Finalize()
  }

  /// MPI's text for an error code.
  static func errorString(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: Int(bn_mpi_max_error_string()) + 1)
    var length: Int32 = 0
    guard MPI_Error_string(code, &buffer, &length) == MPI_SUCCESS else { return "MPI error \(code)" }
    return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  static func threadLevelName(_ level: Int32) -> String {
    switch level {
    case bn_mpi_thread_single(): return "MPI_THREAD_SINGLE"
    case bn_mpi_thread_funneled(): return "MPI_THREAD_FUNNELED"
    case bn_mpi_thread_serialized(): return "MPI_THREAD_SERIALIZED"
    case bn_mpi_thread_multiple(): return "MPI_THREAD_MULTIPLE"
    default: return "level \(level)"
    }
  }
}
