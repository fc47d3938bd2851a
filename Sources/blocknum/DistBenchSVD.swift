import ArgumentParser
import BlockNumerics
import BlockNumericsDistributed

/// `blocknum dist bench svd`: the thin SVD of an `n × n` matrix by ScaLAPACK's `p?gesvd`
/// against `SVD` (LAPACK `?gesvd`) on one process with all the node's cores, in the same run.
struct DistBenchSVD: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "svd",
    abstract: "Thin SVD of n × n: p?gesvd over the grid vs SVD (gesvd) on one process.",
    discussion: """
      GFLOP/s counts Golub and Van Loan's nominal flops for both sides, 22n³ with thin \
      vectors (14mn² + 8n³ at m = n) and 8n³/3 for values only, so the ratio is the time \
      ratio. With vectors most of LAPACK's time goes to the QR iteration's rotations of U \
      and Vᵀ on one core (gesvd at 2000² takes about a minute here); p?gesvd gives each \
      process its share of those rows. The singular values are checked against the reference.
      """)

  // Not 1024: LAPACK's rotations of U and Vᵀ walk columns 8 KiB apart at n = 1024, which
  // alias in the caches (gesvd took 10 s at 1024² and 2.7 s at 1000² here).
  @Option(help: "Matrix size n.")
  var n = 1000

  @Flag(help: "Singular values only (no vectors), on both sides.")
  var valuesOnly = false

  @OptionGroup var options: DistBenchOptions

  func validate() throws {
    try validateMatrixSize(n)
  }

  func run() throws {
    if options.float { try run(Float.self) } else { try run(Double.self) }
  }

  private func run<Scalar: ScaLAPACKScalar>(_: Scalar.Type) throws {
    let vectors = valuesOnly ? "values only" : "thin vectors"
    let setup = try options.start("svd", detail: "n = \(n), \(Scalar.self), \(vectors)")
    let (world, shape, grid, stopwatch, block) = (setup.world, setup.shape, setup.grid, setup.stopwatch, setup.block)

    stopwatch.progress("filling A (\(n)×\(n)) on every process, each its own blocks")
    let a = try DistributedMatrix<Scalar>(rows: n, columns: n, blockRows: block, blockColumns: block, grid: grid) { benchEntry($0, $1, seed: 3) }
    var localA: Matrix<Scalar>? = nil
    if world.rank == 0 && !options.noReference {
      localA = try Matrix(rows: n, columns: n, elements: (0..<n * n).map { benchEntry($0 / n, $0 % n, seed: 3) })
    }
    var values: [Scalar] = []
    var referenceValues: [Scalar] = []
    let threads = BLAS.threadCount
    let times = try stopwatch.measure(
      label: "p\(Scalar.routinePrefix)gesvd", referenceLabel: "SVD",
      distributed: { values = try a.svd(vectors: valuesOnly ? .none : .thin).singularValues },
      reference: options.noReference ? nil : { if let localA { referenceValues = try SVD(localA, vectors: valuesOnly ? .none : .thin).singularValues } })

    let flops = (valuesOnly ? 8.0 / 3 : 22) * Double(n) * Double(n) * Double(n)
    let (best, median) = bestAndMedian(times.distributed)
    var rows = [
      DistBenchRow(
        operation: "p\(Scalar.routinePrefix)gesvd", scalar: "\(Scalar.self)", rows: n, columns: n, processes: grid.rows * grid.columns,
        grid: shape.description, block: block, blasThreads: threads, bestSeconds: best, medianSeconds: median,
        samples: times.distributed, gflops: flops / median / 1e9, coresBusyOnProcess0: times.distributedCores, ratio: nil)
    ]
    if let referenceTimes = times.reference {
      let (referenceBest, referenceMedian) = bestAndMedian(referenceTimes)
      rows[0].ratio = referenceMedian / median
      rows.append(
        DistBenchRow(
          operation: "SVD (gesvd)", scalar: "\(Scalar.self)", rows: n, columns: n, processes: 1, grid: "local", block: nil,
          blasThreads: options.referenceThreads ?? BLAS.coreCount, bestSeconds: referenceBest, medianSeconds: referenceMedian,
          samples: referenceTimes, gflops: flops / referenceMedian / 1e9, coresBusyOnProcess0: times.referenceCores, ratio: 1))
      let error = zip(values, referenceValues).map { abs(Double($0) - Double($1)) }.max() ?? 0
      stopwatch.progress("largest singular value difference against SVD: \(error) (σ₁ = \(referenceValues.first ?? 0))")
    }
    try emitDistRows(rows, world: world, json: options.json)
    if world.rank == 0 && !options.json, let ratio = rows[0].ratio {
      print("\np\(Scalar.routinePrefix)gesvd on \(shape) (\(threads) BLAS thread\(threads == 1 ? "" : "s") per process) / SVD on one process (\(rows[1].blasThreads) BLAS threads): \(format(ratio)) (medians of \(options.repeats))")
    }
  }
}
