import ArgumentParser
import BlockNumerics

/// `blocknum bench nmf`: HALS, multiplicative updates and randomized HALS on a noisy
/// low-rank matrix (or on a `.npy` file, for side-by-side runs with scikit-learn), time and
/// relative error.
struct BenchNMF: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nmf", abstract: "NMF: HALS, multiplicative updates and randomized HALS, time and relative error.")

  /// The solvers the benchmark can run.
  enum Solver: String, CaseIterable {
    /// HALS on X itself.
    case hals
    /// Multiplicative updates (Frobenius loss).
    case mu
    /// HALS on a randomized sketch of X.
    case rhals

    var configuration: (NMF<Double>.Solver, NMF<Double>.Compression) {
      switch self {
      case .hals: return (.hals, .exact)
      case .mu: return (.multiplicativeUpdate, .exact)
      case .rhals: return (.hals, .randomized())
      }
    }
  }

  @Option(help: "Read X from this .npy file instead of generating it.")
  var input: String?

  @Option(help: "Rows of the generated X = W0·H0 + 0.01·U.")
  var rows = 2000

  @Option(help: "Columns of the generated X.")
  var columns = 1000

  @Option(help: "Rank of the generated X and number of components.")
  var rank = 20

  @Option(help: "Iterations (tolerance 0: every one runs).")
  var iterations = 500

  @Option(help: "Solvers to run, comma-separated: hals, mu, rhals (HALS on a randomized sketch of X).")
  var solvers = ChoiceList<Solver>(Solver.allCases)

  @OptionGroup var options: BenchmarkOptions

  func validate() throws {
    if rows < 1 || columns < 1 || rank < 1 {
      throw ValidationError("--rows, --columns and --rank must be at least 1, got \(rows), \(columns) and \(rank)")
    }
    if iterations < 0 { throw ValidationError("--iterations must be non-negative, got \(iterations)") }
  }

  func run() throws {
    let report = BenchmarkReport(
      command: "nmf", options: options, method: ["nndsvda start, tolerance 0; the time includes the initialization"])
    let x: Matrix<Double>
    if let input {
      x = try Matrix<Double>(contentsOfNPYFile: input)
    } else {
      x = Matrix<Double>.random(rows: rows, columns: rank, seed: 1) * Matrix<Double>.random(rows: rank, columns: columns, seed: 2)
        + Matrix<Double>.random(rows: rows, columns: columns, seed: 3) * 0.01
    }
    let table = report.table([
      .init("solver", 6, .left), .init("X", 11, .left), .init("k", 3), .init("iterations", 10), .init("seconds", 9),
      .init("relative error", 14),
    ])
    var results: [BenchmarkRow] = []
    for solver in solvers.values {
      let (kind, compression) = solver.configuration
      let nmf = NMF<Double>(
        components: rank, solver: kind, initialization: .nndsvda, maxIterations: iterations, tolerance: 0, compression: compression)
      let (seconds, fit) = try Stopwatch.time { try nmf.fit(x) }
      results.append(
        BenchmarkRow(
          operation: "NMF \(solver.rawValue)", scalar: "Double", size: x.rows, seconds: seconds, samples: 1,
          checksum: Double(fit.relativeError),
          note: "\(x.shapeDescription), k \(rank), \(fit.iterations) iterations; checksum = relative error"))
      table.printLine([
        solver.rawValue, x.shapeDescription, String(rank), String(fit.iterations), String(format: "%.3f", seconds),
        String(format: "%.4e", fit.relativeError),
      ])
    }
    try report.finish(results)
  }
}
