import ArgumentParser
import BlockNumerics
import BlockNumericsDistributed

/// `blocknum dist bench gemm`: `n × n · n × n` by ScaLAPACK's `p?gemm` over a process grid
/// against `Matrix *` on one process with all the node's cores, in the same run.
struct DistBenchGEMM: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gemm",
    abstract: "n × n times n × n: p?gemm over the grid vs Matrix * on one process.",
    discussion: """
      ratio = reference median / p?gemm median: the throughput of all processes together \
      over that of one process using the node's cores. The product is checked against the \
      reference (relative Frobenius error).
      """)

  @Option(help: "Matrix size n.")
  var n = 4096

  @OptionGroup var options: DistBenchOptions

  func validate() throws {
    try validateMatrixSize(n)
  }

  func run() throws {
    if options.float { try run(Float.self) } else { try run(Double.self) }
  }

  private func run<Scalar: ScaLAPACKScalar>(_: Scalar.Type) throws {
    let setup = try options.start("gemm", detail: "n = \(n), \(Scalar.self)")
    let (world, shape, grid, stopwatch, block) = (setup.world, setup.shape, setup.grid, setup.stopwatch, setup.block)

    stopwatch.progress("filling A and B (\(n)×\(n)) on every process, each its own blocks")
    let a = try DistributedMatrix<Scalar>(rows: n, columns: n, blockRows: block, blockColumns: block, grid: grid) { benchEntry($0, $1, seed: 1) }
    let b = try DistributedMatrix<Scalar>(rows: n, columns: n, blockRows: block, blockColumns: block, grid: grid) { benchEntry($0, $1, seed: 2) }
    var localA: Matrix<Scalar>? = nil
    var localB: Matrix<Scalar>? = nil
    if world.rank == 0 && !options.noReference {
      stopwatch.progress("filling the reference's A and B on process 0")
      localA = try Matrix(rows: n, columns: n, elements: (0..<n * n).map { benchEntry($0 / n, $0 % n, seed: 1) })
      localB = try Matrix(rows: n, columns: n, elements: (0..<n * n).map { benchEntry($0 / n, $0 % n, seed: 2) })
    }

    var product: DistributedMatrix<Scalar>? = nil
    var localProduct: Matrix<Scalar>? = nil
    let threads = BLAS.threadCount
    let times = try stopwatch.measure(
      label: "p?gemm", referenceLabel: "Matrix *",
      distributed: { product = try a.multiplied(by: b) },
      reference: options.noReference ? nil : { if let localA, let localB { localProduct = localA * localB } })

    stopwatch.progress("checking the product against the reference")
    let gathered = options.noReference ? nil : try product!.gathered(root: 0)
    let flops = 2 * Double(n) * Double(n) * Double(n)
    let (best, median) = bestAndMedian(times.distributed)
    var rows = [
      DistBenchRow(
        operation: "p\(Scalar.routinePrefix)gemm", scalar: "\(Scalar.self)", rows: n, columns: n, processes: grid.rows * grid.columns,
        grid: shape.description, block: block, blasThreads: threads, bestSeconds: best, medianSeconds: median,
        samples: times.distributed, gflops: flops / median / 1e9, coresBusyOnProcess0: times.distributedCores, ratio: nil)
    ]
    if let referenceTimes = times.reference, let localProduct, let gathered {
      let (referenceBest, referenceMedian) = bestAndMedian(referenceTimes)
      rows[0].ratio = referenceMedian / median
      rows.append(
        DistBenchRow(
          operation: "Matrix *", scalar: "\(Scalar.self)", rows: n, columns: n, processes: 1, grid: "local", block: nil,
          blasThreads: options.referenceThreads ?? BLAS.coreCount, bestSeconds: referenceBest, medianSeconds: referenceMedian,
          samples: referenceTimes, gflops: flops / referenceMedian / 1e9, coresBusyOnProcess0: times.referenceCores, ratio: 1))
      let error = (gathered - localProduct).frobeniusNorm / localProduct.frobeniusNorm
      stopwatch.progress("relative Frobenius error of p?gemm against Matrix *: \(error)")
    }
    try emitDistRows(rows, world: world, json: options.json)
    if world.rank == 0 && !options.json, let ratio = rows[0].ratio {
      print("\np\(Scalar.routinePrefix)gemm on \(shape) (\(threads) BLAS thread\(threads == 1 ? "" : "s") per process) / Matrix * on one process (\(rows[1].blasThreads) BLAS threads): \(format(ratio)) (medians of \(options.repeats))")
    }
  }
}
