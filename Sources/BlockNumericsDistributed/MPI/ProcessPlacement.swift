internal import CMPI
import BlockNumerics
import Foundation

/// Where this process runs and how many BLAS threads it uses, as ``Communicator/world``
/// found and set it when MPI started.
///
/// **BLAS threads per process.** Unless the environment says otherwise, starting MPI sets
/// `BLAS.threadCount` to
///
///     max(1, min(coresAvailableToThisProcess, coresOnThisNode / processesOnThisNode))
///
/// so that `mpirun -n 2` on two cores runs one BLAS thread per process instead of two
/// each, and a process that mpirun bound to one core does not start threads that would
/// share it. Override it by setting `BLOCKNUMERICS_BLAS_THREADS` (used as given), or
/// OpenBLAS's own `OPENBLAS_NUM_THREADS` / `OMP_NUM_THREADS` (then left to OpenBLAS), or by
/// setting `BLAS.threadCount` after ``Communicator/world``. For one process per socket
/// with one BLAS thread per core, start one process per socket (`mpirun --map-by socket
/// --bind-to socket`): each sees its socket's cores and uses all of them.
public struct ProcessPlacement: Sendable, Equatable, CustomStringConvertible {
  /// How many processes of the world communicator run on this node (share its memory).
  public let processesOnThisNode: Int
  /// The node's online cores.
  public let coresOnThisNode: Int
  /// The cores this process may run on (its affinity mask: 1 when mpirun bound it to a core).
  public let coresAvailableToThisProcess: Int
  /// The BLAS thread count in effect after start-up.
  public let blasThreadCount: Int
  /// Where ``blasThreadCount`` came from: `"default"`, or the environment variable that set it.
  public let blasThreadSource: String
  /// The launcher that started this process (`"mpirun"`, `"srun"`, …), or nil when it was
  /// started directly and MPI runs it as a world of one process (a singleton).
  public let launcher: String?
  /// The thread level MPI provides (`MPI_THREAD_SERIALIZED`, …).
  public let threadLevel: String

  /// One line for logs: processes, cores, threads, launcher.
  public var description: String {
    "\(processesOnThisNode) process\(processesOnThisNode == 1 ? "" : "es") on this node of \(coresOnThisNode) cores, "
      + "\(coresAvailableToThisProcess) available to this one, \(blasThreadCount) BLAS thread\(blasThreadCount == 1 ? "" : "s") (\(blasThreadSource)), "
      + "started by \(launcher ?? "no launcher (a one-process MPI world)"), \(threadLevel)"
  }

  /// Measures the placement and applies the default BLAS thread count; MPI must be running,
  /// `environment` is the one the process started with.
  static func measure(threadLevel: String, environment: ProcessEnvironment) -> ProcessPlacement {
    var nodeCommunicator: MPI_Comm? = nil
    var processesOnNode: Int32 = 1
    if MPI_Comm_split_type(bn_mpi_comm_world(), bn_mpi_comm_type_shared(), 0, bn_mpi_info_null(), &nodeCommunicator) == MPI_SUCCESS,
      nodeCommunicator != nil
    {
      MPI_Comm_size(nodeCommunicator, &processesOnNode)
      MPI_Comm_free(&nodeCommunicator)
    }
    let cores = BLAS.coreCount
    let available = affinityCoreCount() ?? cores
    let perNode = Swift.max(1, Int(processesOnNode))
    let source: String
    if let text = environment["BLOCKNUMERICS_BLAS_THREADS"], let threads = Int(text), threads >= 1 {
      BLAS.threadCount = threads
      source = "BLOCKNUMERICS_BLAS_THREADS"
    } else if let name = ["OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS"].first(where: { environment[$0] != nil }) {
      source = name
    } else {
      BLAS.threadCount = defaultBLASThreadCount(cores: cores, available: available, processesOnNode: perNode)
      source = "default"
    }
    return ProcessPlacement(
      processesOnThisNode: perNode, coresOnThisNode: cores, coresAvailableToThisProcess: available,
      blasThreadCount: BLAS.threadCount, blasThreadSource: source, launcher: environment.launcher,
      threadLevel: threadLevel)
  }

  /// The default BLAS threads per process: the node's cores shared among its processes,
  /// no more than the cores this process may run on, at least one.
  static func defaultBLASThreadCount(cores: Int, available: Int, processesOnNode: Int) -> Int {
    Swift.max(1, Swift.min(available, cores / Swift.max(1, processesOnNode)))
  }

  /// The number of cores in this thread's affinity mask (the kernel's `Cpus_allowed`), nil
  /// if unknown. mpirun binds each process to a core when it starts one or two per node.
  static func affinityCoreCount() -> Int? {
    for path in ["/proc/thread-self/status", "/proc/self/status"] {
      guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
      for line in status.split(separator: "\n") where line.hasPrefix("Cpus_allowed:") {
        let mask = line.dropFirst("Cpus_allowed:".count).filter { $0.isHexDigit }
        let count = mask.reduce(0) { $0 + ($1.hexDigitValue ?? 0).nonzeroBitCount }
        return count > 0 ? count : nil
      }
    }
    return nil
  }
}

/// The environment variables BlockNumericsDistributed reads.
struct ProcessEnvironment {
  let variables: [String: String]

  static var current: ProcessEnvironment { ProcessEnvironment(variables: ProcessInfo.processInfo.environment) }

  subscript(name: String) -> String? { variables[name] }

  /// The launcher named by the variables it sets for its processes, nil for none.
  var launcher: String? {
    if variables["OMPI_COMM_WORLD_SIZE"] != nil { return "mpirun" }
    if variables["SLURM_PROCID"] != nil { return "srun" }
    if variables["PMIX_RANK"] != nil || variables["PMI_RANK"] != nil { return "a PMI launcher" }
    return nil
  }
}
