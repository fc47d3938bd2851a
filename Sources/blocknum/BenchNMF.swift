import ArgumentParser
import BlockNumerics

/// `blocknum bench nmf`: HALS, multiplicative updates and randomized HALS on a noisy
/// low-rank matrix (or on a `.npy` file, for side-by-side runs with scikit-learn), time and
/// relative error.
struct BenchNMF: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nmf", abstract: "NMF: HALS, multiplicative updates and randomized HALS, time and relative error.")

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

  @Option(help: "Solvers to run: comma-separated hals, mu, and rhals (HALS on a randomized sketch of X).")
  var solvers = "hals,mu,rhals"

  @OptionGroup var options: BenchmarkOptions

  func run() throws {
    if let threads = options.threads { BLAS.threadCount = threads }
    let x: Matrix<Double>
    if let input {
      x = try Matrix<Double>(contentsOfNPYFile: input)
    } else {
      x = Matrix<Double>.random(rows: rows, columns: rank, seed: 1) * Matrix<Double>.random(rows: rank, columns: columns, seed: 2)
        + Matrix<Double>.random(rows: rows, columns: columns, seed: 3) * 0.01
    }
    let facts = MachineFacts.current()
    let header = "blocknum bench nmf: \(facts.headerLine)"
    let table = TablePrinter(columns: [
      .init(title: "solver", width: 6, alignment: .left), .init(title: "X", width: 11, alignment: .left),
      .init(title: "k", width: 3, alignment: .right), .init(title: "iterations", width: 10, alignment: .right),
      .init(title: "seconds", width: 9, alignment: .right), .init(title: "relative error", width: 14, alignment: .right),
    ])
    if options.json {
      printProgress(header)
    } else {
      print(header)
      print("nndsvda start, tolerance 0; the time includes the initialization")
      print()
      table.printHeader()
    }
    var rows: [BenchmarkRow] = []
    let choices: [String: (NMF<Double>.Solver, NMF<Double>.Compression)] = [
      "hals": (.hals, .exact), "mu": (.multiplicativeUpdate, .exact), "rhals": (.hals, .randomized()),
    ]
    for name in solvers.split(separator: ",").map(String.init) {
      guard let (solver, compression) = choices[name] else {
        throw ValidationError("unknown solver '\(name)' (hals, mu, rhals)")
      }
      let nmf = NMF<Double>(
        components: rank, solver: solver, initialization: .nndsvda, maxIterations: iterations, tolerance: 0, compression: compression)
      let (seconds, fit) = try Stopwatch.time { try nmf.fit(x) }
      rows.append(
        BenchmarkRow(
          operation: "NMF \(name)", scalar: "Double", size: x.rows, seconds: seconds, samples: 1,
          checksum: Double(fit.relativeError), note: "\(x.shapeDescription), k \(rank), \(fit.iterations) iterations; checksum = relative error"))
      if !options.json {
        table.printLine([name, x.shapeDescription, String(rank), String(fit.iterations), String(format: "%.3f", seconds), String(format: "%.4e", fit.relativeError)])
      }
    }
    try options.emit(rows)
  }
}
