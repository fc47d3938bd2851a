import ArgumentParser
import BlockNumerics
import BlockNumericsDistributed
import Foundation

/// `blocknum dist nmf X.npy | --random M N --components K`: the distributed NMF on every
/// process, and in the same run the local `NMF` on process 0 (one BLAS thread) on the same
/// data, start and iterations, for the time ratio and both errors.
struct DistNMF: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nmf",
    abstract: "Distributed NMF (MPI-FAUN layout) against the local NMF on one process, in the same run.",
    discussion: """
      X is a .npy file read by process 0 and scattered, or --random M N (uniform entries in \
      [0, 1), each process filling its own blocks). Both fits start from .random(seed:) (or \
      --initialization nndsvda) and run exactly --iterations iterations (tolerance 0). The \
      reference runs on process 0 alone, with one BLAS thread and the cores mpirun gave it \
      (one when it binds processes to cores), while the others sleep; runs alternate. \
      Communication is counted per iteration and set against MPI-FAUN's model.
      """)

  @Argument(help: "X as a .npy file (float64 or float32, 2-d), read by process 0.")
  var file: String?

  @Option(parsing: .upToNextOption, help: ArgumentHelp("A random M × N matrix instead of a file.", valueName: "M N"))
  var random: [Int] = []

  @Option(help: "The number of components k.")
  var components: Int

  @Option(help: "hals or mu.")
  var solver: NMFCommand.SolverChoice = .hals

  @Option(help: "Iterations (every one runs: tolerance 0).")
  var iterations = 50

  @Option(help: "random or nndsvda.")
  var initialization: Start = .random

  @Option(help: "Seed of the random start.")
  var seed: UInt64 = 0

  @Option(help: "Process grid PxQ (default: the one MPI-FAUN's model sends least on, p/q near m/n).")
  var grid: GridShape?

  @Option(help: "Block size b of X's b × b blocks.")
  var block = 256

  @Option(help: "Timed runs of each side (medians are compared).")
  var repeats = 1

  @Flag(help: "Skip the local reference.")
  var noReference = false

  @Flag(help: "Print a JSON report on standard output (progress stays on standard error).")
  var json = false

  enum Start: String, ExpressibleByArgument, CaseIterable { case random, nndsvda }

  func validate() throws {
    if (file == nil) == random.isEmpty { throw ValidationError("give either a .npy file or --random M N") }
    if !random.isEmpty && (random.count != 2 || random.contains { $0 < 1 }) { throw ValidationError("--random needs two positive sizes M N") }
    if components < 1 { throw ValidationError("--components must be at least 1, got \(components)") }
    if iterations < 0 { throw ValidationError("--iterations must be non-negative, got \(iterations)") }
    if block < 1 || repeats < 1 { throw ValidationError("--block and --repeats must be at least 1") }
  }

  func run() throws {
    let world = try Communicator.world
    // Only process 0 reads the file; every process learns its shape from the scatter.
    var whole: Matrix<Double>? = nil
    if let file, world.rank == 0 { whole = try readDenseMatrix(file) }
    let shape = try world.broadcast(world.rank == 0 ? [whole?.rows ?? random[0], whole?.columns ?? random[1]] : nil, root: 0)
    let (m, n) = (shape[0], shape[1])
    let gridShape = grid ?? Self.leastCommunicatingGrid(processes: world.size, rows: m, columns: n)
    let processGrid = try ProcessGrid(world, rows: gridShape.rows, columns: gridShape.columns)
    func say(_ message: String) { if world.rank == 0 { printProgress(message) } }
    let facts = MachineFacts.current()
    say("blocknum dist nmf: \(world.size) process\(world.size == 1 ? "" : "es"), grid \(gridShape), X \(m)×\(n) in \(block)×\(block) blocks, k = \(components), \(solver.rawValue), \(iterations) iterations, start \(initialization.rawValue)")
    say("process 0: \(world.placement)")
    say("machine: \(facts.headerLine)")

    let x: DistributedMatrix<Double>
    if file != nil {
      x = try DistributedMatrix(scattering: whole, root: 0, blockRows: block, blockColumns: block, grid: processGrid)
    } else {
      x = try DistributedMatrix(rows: m, columns: n, blockRows: block, blockColumns: block, grid: processGrid) { benchEntry($0, $1, seed: 7) }
      if world.rank == 0 && !noReference {
        whole = try Matrix(rows: m, columns: n, elements: (0..<m * n).map { benchEntry($0 / n, $0 % n, seed: 7) })
      }
    }
    let nmf = NMF<Double>(
      components: components, solver: solver == .hals ? .hals : .multiplicativeUpdate,
      initialization: initialization == .random ? .random(seed: seed) : .nndsvda, maxIterations: iterations, tolerance: 0)

    var distributedTimes: [Double] = []
    var distributedCores: [Double] = []
    var localTimes: [Double] = []
    var localCores: [Double] = []
    var fit: DistributedNMFResult<Double>? = nil
    var localError: Double? = nil
    for run in 1...repeats {
      try world.barrier()
      let start = ContinuousClock.now
      let (seconds, cores) = try CPUClock.time {
        fit = try nmf.fit(x) { iteration, error in
          let elapsed = ContinuousClock.now - start
          say(String(format: "  distributed: iteration %d, relative error %.6e, %.2f s", iteration, error, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        }
        try world.barrier()
      }
      distributedTimes.append(seconds)
      distributedCores.append(cores)
      say("run \(run)/\(repeats): distributed \(formatSeconds(seconds)) (\(format(cores)) cores busy on process 0), relative error \(String(format: "%.10e", fit!.relativeError))")
      guard !noReference else { continue }
      try world.barrier()
      if world.rank == 0, let whole {
        let (seconds, cores) = try BLAS.withThreadCount(1) { try CPUClock.time { localError = try nmf.fit(whole).relativeError } }
        localTimes.append(seconds)
        localCores.append(cores)
        say("run \(run)/\(repeats): local NMF \(formatSeconds(seconds)) (\(format(cores)) cores busy), relative error \(String(format: "%.10e", localError!))")
      }
      // The others wait asleep, leaving their cores to the reference.
      try world.barrier(sleepingBetweenChecks: .milliseconds(1))
    }

    guard let fit else { return }
    let perIteration = fit.communication.divided(by: Swift.max(fit.iterations, 1))
    let model = Self.model(m: m, n: n, k: components, grid: gridShape)
    let distributedMedian = bestAndMedian(distributedTimes).median
    let localMedian = localTimes.isEmpty ? nil : bestAndMedian(localTimes).median
    let report = DistNMFReport(
      processes: world.size, grid: gridShape.description, rows: m, columns: n, components: components, solver: solver.rawValue,
      iterations: fit.iterations, blasThreadsPerProcess: BLAS.threadCount, distributedSeconds: distributedTimes,
      distributedMedianSeconds: distributedMedian, coresBusyOnProcess0: bestAndMedian(distributedCores).median,
      localSeconds: localTimes.isEmpty ? nil : localTimes, localMedianSeconds: localMedian,
      localCoresBusy: localCores.isEmpty ? nil : bestAndMedian(localCores).median,
      ratio: localMedian.map { distributedMedian / $0 }, relativeError: fit.relativeError, localRelativeError: localError,
      bytesPerIteration: fit.communication.bytes / Swift.max(fit.iterations, 1), messagesPerIteration: perIteration.messages,
      collectivesPerIteration: perIteration.collectives, modelBytesPerIteration: model.bytes, modelMessagesPerIteration: model.messages,
      machine: facts)
    guard world.rank == 0 else { return }
    if json { return try emitJSON(report) }
    print("""
      distributed NMF on \(world.size) process\(world.size == 1 ? "" : "es") (grid \(gridShape), \(BLAS.threadCount) BLAS thread\(BLAS.threadCount == 1 ? "" : "s") each): \(formatSeconds(distributedMedian)) (median of \(repeats)), relative error \(String(format: "%.10e", fit.relativeError))
      communication per iteration and process: \(report.bytesPerIteration) bytes, \(report.messagesPerIteration) messages, \(report.collectivesPerIteration) collectives (MPI-FAUN's model: \(model.bytes) bytes, \(model.messages) messages)
      """)
    if let localMedian, let localError, let ratio = report.ratio {
      print("""
        local NMF on process 0 (1 BLAS thread, \(format(report.localCoresBusy ?? 0)) cores busy): \(formatSeconds(localMedian)), relative error \(String(format: "%.10e", localError))
        time ratio distributed / local: \(String(format: "%.3f", ratio)); error difference \(String(format: "%.2e", abs(fit.relativeError - localError)))
        """)
    }
  }

  /// The `p × q = processes` grid that MPI-FAUN's model sends least on: per iteration
  /// `(p − 1)/p·(n/q)·k + (q − 1)/q·(m/p)·k` words each way, so `p/q` near `m/n`.
  static func leastCommunicatingGrid(processes: Int, rows m: Int, columns n: Int) -> GridShape {
    let candidates = (1...processes).filter { processes % $0 == 0 }.map { GridShape(rows: $0, columns: processes / $0) }
    func words(_ g: GridShape) -> Double {
      let (p, q) = (Double(g.rows), Double(g.columns))
      return (p - 1) / p * Double(n) / q + (q - 1) / q * Double(m) / p
    }
    return candidates.min { words($0) < words($1) }!
  }

  /// MPI-FAUN's communication per iteration and process (Kannan, Ballard & Park 2018,
  /// table 2) on a `p × q` grid of `P` processes, in bytes of Double and messages: both
  /// factors' panel all-gathers and product reduce-scatters, and two `k × k` Gram all-reduces.
  static func model(m: Int, n: Int, k: Int, grid: GridShape) -> (bytes: Int, messages: Int) {
    let (p, q) = (Double(grid.rows), Double(grid.columns))
    let processes = grid.rows * grid.columns
    let panels = 2 * ((p - 1) / p * Double(n) / q + (q - 1) / q * Double(m) / p) * Double(k)
    let grams = processes > 1 ? 2 * 2 * Double(processes - 1) / Double(processes) * Double(k * k) : 0
    func log2Ceiling(_ x: Int) -> Int { x <= 1 ? 0 : Int.bitWidth - (x - 1).leadingZeroBitCount }
    let messages = 2 * (log2Ceiling(grid.rows) + log2Ceiling(grid.columns)) + 2 * 2 * log2Ceiling(processes)
    return (Int((panels + grams) * 8), messages)
  }
}

/// `blocknum dist nmf --json`: one run's figures.
struct DistNMFReport: Codable {
  var processes: Int
  var grid: String
  var rows: Int
  var columns: Int
  var components: Int
  var solver: String
  var iterations: Int
  var blasThreadsPerProcess: Int
  var distributedSeconds: [Double]
  var distributedMedianSeconds: Double
  /// Process CPU time / wall time on process 0 during the distributed runs.
  var coresBusyOnProcess0: Double
  var localSeconds: [Double]?
  var localMedianSeconds: Double?
  var localCoresBusy: Double?
  /// Distributed median / local median: below 1 is faster than the local NMF.
  var ratio: Double?
  var relativeError: Double
  var localRelativeError: Double?
  /// Counted by the distributed NMF (``CommunicationVolume``), per iteration and process.
  var bytesPerIteration: Int
  var messagesPerIteration: Int
  var collectivesPerIteration: Int
  /// MPI-FAUN's model for the same grid and sizes.
  var modelBytesPerIteration: Int
  var modelMessagesPerIteration: Int
  var machine: MachineFacts
}
