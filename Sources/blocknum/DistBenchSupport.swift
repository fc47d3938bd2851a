// Shared machinery of `blocknum dist bench …`: options, the grid argument, interleaved timing
// of a distributed run (every process) against a reference run (process 0 alone, on all the
// node's cores, the others asleep), and result rows.

import ArgumentParser
import BlockNumerics
import BlockNumericsDistributed
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A process grid shape given as `PxQ`, e.g. `2x2`.
struct GridShape: ExpressibleByArgument, CustomStringConvertible {
  var rows: Int
  var columns: Int

  init(rows: Int, columns: Int) {
    self.rows = rows
    self.columns = columns
  }

  init?(argument: String) {
    let parts = argument.lowercased().split(separator: "x")
    guard parts.count == 2, let rows = Int(parts[0]), let columns = Int(parts[1]), rows > 0, columns > 0 else { return nil }
    self.init(rows: rows, columns: columns)
  }

  /// The squarest `p × q = processes` with `p ≤ q`.
  static func squarest(_ processes: Int) -> GridShape {
    var rows = Int(Double(processes).squareRoot())
    while processes % rows != 0 { rows -= 1 }
    return GridShape(rows: rows, columns: processes / rows)
  }

  var description: String { "\(rows)x\(columns)" }
}

/// Options every `dist bench` subcommand takes.
struct DistBenchOptions: ParsableArguments {
  @Option(help: "Process grid PxQ (default: the squarest grid of all processes).")
  var grid: GridShape?

  @Option(help: "Block size b of the b × b blocks.")
  var block = 128

  @Option(help: "Timed runs of each side, after one warm-up run of each.")
  var repeats = 3

  @Option(help: "BLAS threads of the one-process reference (default: the node's cores).")
  var referenceThreads: Int?

  @Flag(help: "Skip the one-process reference.")
  var noReference = false

  @Flag(help: "Time Float (ps… routines) instead of Double.")
  var float = false

  @Flag(help: "Print a JSON array of result rows on standard output instead of a table.")
  var json = false

  mutating func validate() throws {
    if block < 1 { throw ValidationError("--block must be at least 1, got \(block)") }
    if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    if let referenceThreads, referenceThreads < 1 { throw ValidationError("--reference-threads must be at least 1") }
  }
}

/// What a `dist bench` run works with: the world, its grid (and the grid's shape), the
/// stopwatch and the block size.
struct DistBenchSetup {
  let world: Communicator
  let shape: GridShape
  let grid: ProcessGrid
  let stopwatch: DistributedStopwatch
  let block: Int
}

extension DistBenchOptions {
  /// Starts MPI, builds the grid (`--grid`, or the squarest one), and prints the header of
  /// `blocknum dist bench <name>` on process 0 (on standard error under `--json`).
  func start(_ name: String, detail: String) throws -> DistBenchSetup {
    let world = try Communicator.world
    let shape = grid ?? .squarest(world.size)
    let processGrid = try ProcessGrid(world, rows: shape.rows, columns: shape.columns)
    let header = distHeader(name, world: world, grid: shape, block: block, detail: detail)
    if world.rank == 0 { json ? printProgress(header) : print(header + "\n") }
    return DistBenchSetup(
      world: world, shape: shape, grid: processGrid,
      stopwatch: DistributedStopwatch(world: world, repeats: repeats, referenceThreads: referenceThreads), block: block)
  }
}

/// Checks a `--n` matrix size.
func validateMatrixSize(_ n: Int) throws {
  if n < 1 { throw ValidationError("--n must be at least 1, got \(n)") }
}

/// One result row (JSON, and the table's source).
struct DistBenchRow: Codable {
  /// `p?gemm`, `Matrix *`, `p?gesvd`, `SVD (gesvd)`.
  var operation: String
  var scalar: String
  var rows: Int
  var columns: Int
  /// Processes that computed (1 for the reference).
  var processes: Int
  /// `PxQ`, or `local` for the reference.
  var grid: String
  var block: Int?
  /// BLAS threads in each computing process.
  var blasThreads: Int
  var bestSeconds: Double
  var medianSeconds: Double
  var samples: [Double]
  /// Nominal floating-point operations / median time.
  var gflops: Double
  /// Process CPU time / wall time of the runs on process 0: how many cores it kept busy.
  var coresBusyOnProcess0: Double
  /// Reference median time / this median time (reference rows: 1).
  var ratio: Double?
}

/// The timing of a distributed operation against a one-process reference.
struct DistributedStopwatch {
  let world: Communicator
  let repeats: Int
  let referenceThreads: Int?

  /// Times `distributed` (on every process, between barriers) and `reference` (process 0
  /// alone on all the node's cores; the others sleep in a barrier), alternating, after one
  /// warm-up of each; warm-ups of 10 s or more count as the first samples (their one-time
  /// costs are small next to them). Returns the samples in seconds (reference: nil when
  /// skipped or not process 0) with process 0's busy cores.
  func measure(
    label: String, referenceLabel: String, distributed: () throws -> Void, reference: (() throws -> Void)?
  ) throws -> (distributed: [Double], distributedCores: Double, reference: [Double]?, referenceCores: Double) {
    var distributedTimes: [Double] = []
    var referenceTimes: [Double] = []
    var distributedCores = 0.0
    var referenceCores = 0.0
    var run = 0
    while distributedTimes.count < repeats {
      try world.barrier()
      let (seconds, cores) = try CPUClock.time {
        try distributed()
        try world.barrier()
      }
      // Every process decides alike whether the warm-up counts: process 0's time, shared.
      let counts = try run > 0 || world.broadcast(world.rank == 0 ? seconds : nil, root: 0) >= 10
      if counts {
        distributedTimes.append(seconds)
        distributedCores += cores
      }
      let what = counts ? "run \(distributedTimes.count)/\(repeats)" : "warm-up"
      progress("\(what): \(label) \(formatSeconds(seconds)) (\(format(cores)) cores busy on process 0)")
      if let reference {
        try world.barrier()
        if world.rank == 0 {
          let (seconds, cores) = try CoreAffinity.onAllCores(threads: referenceThreads ?? BLAS.coreCount) {
            try CPUClock.time(reference)
          }
          if counts {
            referenceTimes.append(seconds)
            referenceCores += cores
          }
          progress("\(what): \(referenceLabel) \(formatSeconds(seconds)) (\(format(cores)) cores busy)")
        }
        // The others wait asleep, leaving their cores to the reference.
        try world.barrier(sleepingBetweenChecks: .milliseconds(1))
      }
      run += 1
    }
    let samples = Double(distributedTimes.count)
    return (
      distributedTimes, distributedCores / samples, reference != nil && world.rank == 0 ? referenceTimes : nil,
      referenceCores / max(1, Double(referenceTimes.count))
    )
  }

  /// A progress line on process 0 (standard error, which stays free of JSON).
  func progress(_ message: String) {
    if world.rank == 0 { printProgress(message) }
  }
}

/// Wall time and the process's CPU time (all its threads) around a closure.
enum CPUClock {
  /// The wall seconds `body` takes and the cores it kept busy on average (CPU / wall time).
  static func time(_ body: () throws -> Void) rethrows -> (seconds: Double, cores: Double) {
    let cpuStart = cpuSeconds()
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return (seconds, (cpuSeconds() - cpuStart) / max(seconds, 1e-9))
  }

  static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }
}

/// Widens this thread's CPU affinity for the reference run.
///
/// mpirun binds each of one or two processes to a single core, so process 0 alone could not
/// use the node's cores for the one-process reference: its BLAS threads would share one core
/// and the comparison would flatter the distributed run. OpenBLAS starts the worker threads
/// for a larger thread count from the thread that asks for them, and they inherit its
/// affinity; so the affinity is widened first, the thread count raised second, and both
/// restored after (the workers stay parked on the wide mask). `sched_setaffinity` needs
/// `_GNU_SOURCE`, which Swift's Glibc module does not define; it is looked up at run time.
enum CoreAffinity {
  private typealias Call = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
  private static let maskBytes = 128

  private static func function(_ name: String) -> Call? {
    guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { return nil }
    return unsafeBitCast(symbol, to: Call.self)
  }

  /// Runs `body` with this thread allowed on every core and `threads` BLAS threads.
  static func onAllCores<Result>(threads: Int, _ body: () throws -> Result) rethrows -> Result {
    var saved = [UInt8](repeating: 0, count: maskBytes)
    let get = function("sched_getaffinity")
    let set = function("sched_setaffinity")
    let savedOK = saved.withUnsafeMutableBytes { get?(0, maskBytes, $0.baseAddress!) == 0 }
    var all = [UInt8](repeating: 0xff, count: maskBytes)   // the kernel keeps the cores that exist
    _ = all.withUnsafeMutableBytes { set?(0, maskBytes, $0.baseAddress!) }
    let previousThreads = BLAS.threadCount
    BLAS.threadCount = threads
    defer {
      BLAS.threadCount = previousThreads
      if savedOK { _ = saved.withUnsafeMutableBytes { set?(0, maskBytes, $0.baseAddress!) } }
    }
    return try body()
  }
}

/// The best and median of samples.
func bestAndMedian(_ samples: [Double]) -> (best: Double, median: Double) {
  let sorted = samples.sorted()
  let middle = sorted.count / 2
  let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  return (sorted.first ?? 0, median)
}

/// Prints rows as a table, or as JSON with --json (process 0 only).
func emitDistRows(_ rows: [DistBenchRow], world: Communicator, json: Bool) throws {
  guard world.rank == 0 else { return }
  if json { return try emitJSON(rows) }
  let table = TablePrinter(columns: [
    .init("operation", 12, .left),
    .init("scalar", 6, .left),
    .init("shape", 11),
    .init("procs", 5),
    .init("grid", 5),
    .init("block", 5),
    .init("threads", 7),
    .init("best", 9),
    .init("median", 9),
    .init("GFLOP/s", 8),
    .init("cores", 5),
    .init("ratio", 5),
  ])
  table.printHeader()
  for row in rows {
    table.printLine([
      row.operation, row.scalar, "\(row.rows)×\(row.columns)", String(row.processes), row.grid,
      row.block.map(String.init) ?? "–", String(row.blasThreads), formatSeconds(row.bestSeconds),
      formatSeconds(row.medianSeconds), format(row.gflops), format(row.coresBusyOnProcess0), row.ratio.map { format($0) } ?? "–",
    ])
  }
}

/// A reproducible entry in [0, 1) for `(row, column)` (SplitMix64 of the position): cheap
/// enough that filling distributed operands costs little next to the timed work, and the
/// same on every process, so process 0 builds the reference from the same function.
func benchEntry<Scalar: BinaryFloatingPoint>(_ row: Int, _ column: Int, seed: Int) -> Scalar {
  var z = UInt64(truncatingIfNeeded: (row &* 0x1_0000_0001) ^ (column &* 0x9E37_79B9) ^ (seed &* 0x85EB_CA6B)) &+ 0x9e37_79b9_7f4a_7c15
  z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
  z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
  z ^= z >> 31
  return Scalar(Double(z >> 11) / Double(1 << 53))
}

/// The header every `dist bench` prints on process 0: processes, grid, placement, machine.
func distHeader(_ name: String, world: Communicator, grid: GridShape, block: Int, detail: String) -> String {
  let facts = MachineFacts.current()
  return """
    blocknum dist bench \(name): \(world.size) process\(world.size == 1 ? "" : "es"), grid \(grid), blocks \(block)×\(block), \(detail)
    process 0: \(world.placement)
    machine: \(facts.headerLine)
    """
}
