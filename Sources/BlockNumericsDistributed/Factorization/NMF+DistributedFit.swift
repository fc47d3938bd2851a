import BlockNumerics

extension NMF where Scalar: ScaLAPACKScalar {
  /// Factors a distributed non-negative `m × n` matrix, `X ≈ W·H`, with MPI-FAUN's
  /// communication-avoiding layout (Kannan, Ballard & Park, IEEE TKDE 2018): the same
  /// configuration, solvers, stopping rule, regularization and `relativeError` as the local
  /// `fit(_:progress:)`, so a program changes the input's type, not the solver.
  ///
  /// X stays where it is, on its `p × q` grid. `W` is dealt out by rows (each grid row's
  /// rows split among its `q` processes) and `H` by columns (each grid column's columns
  /// split among its `p` processes). Each iteration, for each factor: one all-reduce of a
  /// `k × k` Gram matrix over every process, one all-gather of the other factor's panel
  /// along a grid column (or row), a local product with this process's block of X, and one
  /// reduce-scatter of the products along the grid row (or column). Every process then runs
  /// the local library's own update (the HALS sweep or the multiplicative step) on its rows.
  ///
  /// From the same start and for the same iterations the factors equal the local fit's up
  /// to rounding (about 1e-10 relative in `Double` over a few dozen iterations). Starts:
  /// `.random(seed:)` draws exactly the local start (every process draws the whole stream
  /// and keeps its rows); `.custom(w:h:)` takes the given factors (the same on every
  /// process); `.nndsvd`, `.nndsvda` and `.nndsvdar(seed:)` start from the distributed randomized SVD
  /// (``DistributedMatrix/randomizedSVD(rank:oversampling:powerIterations:seed:)``, 7
  /// power iterations), as the local fit does for `min(m, n) > 500` and `4k ≤ min(m, n)`
  /// (below that the local fit uses an exact SVD, and the starts differ by the randomized
  /// SVD's error).
  ///
  /// `progress` is called on every process with the same values; print from one.
  /// - Throws: on every process, the error of the lowest-ranked process that found one:
  ///   `BlockNumericsError.invalidArgument` for the settings the local `fit` refuses, a
  ///   negative entry (naming its global position and value), a Kullback–Leibler loss or a
  ///   randomized compression (the distributed fit minimises the Frobenius loss on X
  ///   itself), or settings that differ between processes;
  ///   `BlockNumericsError.nonFiniteValue` for NaN or infinity in X or an overflowing
  ///   `‖X‖²_F`; `BlockNumericsError.shapeMismatch` for custom factors of the wrong shape.
  /// - Complexity: collective; per iteration `4·m·n·k / P + O((m + n)·k² / P)` flops per
  ///   process and, per process, about `(m/p + n/q)·k` words and `O(log P)` messages.
  /// - Parameters:
  ///   - x: the `m × n` matrix to factor; entries finite and non-negative.
  ///   - progress: called with the iteration and the relative error each time the error is
  ///     recorded (every `errorCheckInterval` iterations).
  public func fit(
    _ x: DistributedMatrix<Scalar>, progress: ((_ iteration: Int, _ relativeError: Scalar) -> Void)? = nil
  ) throws -> DistributedNMFResult<Scalar> {
    let operation = "NMF.fit(_:) on a DistributedMatrix"
    let communicator = x.grid.communicator
    try communicator._checkActive(operation)
    let m = x.rows
    let n = x.columns
    let k = components
    let start = initialization ?? (k <= Swift.min(m, n) ? .nndsvda : .random(seed: 0))
    var failure = _distributedSettingsFailure(x, start: start, operation: operation)
    if failure == nil { failure = x._firstNegativeOrNonFiniteFailure(operation: operation) }
    if failure == nil, case .custom(let w, let h) = start {
      do {
        try checkFactor(w, rows: m, columns: k, name: "w", operation: operation)
        try checkFactor(h, rows: k, columns: n, name: "h", operation: operation)
      } catch {
        failure = _blockNumericsError(error, operation: operation, rank: communicator.rank)
      }
    }
    let (startCode, startSeed) = Self._code(of: start)
    try communicator._agree(
      failure,
      values: [m, n, x.blockRows, x.blockColumns, x.grid.serial, k, maxIterations, solver == .hals ? 0 : 1, errorCheckInterval,
               startCode, startSeed, _settingsFingerprint(start)],
      names: ["the number of rows", "the number of columns", "the block rows", "the block columns", "the process grid",
              "the components", "maxIterations", "the solver", "errorCheckInterval", "the initialization",
              "the initialization's seed", "the tolerance, regularization and custom factors"],
      operation: operation)

    // ‖X‖² and the mean, summed in Double: the same on every process.
    let (squares, total) = x._local.withUnsafeBufferPointer(_sumOfSquaresAndSum)
    let sums = try communicator.allReduce([squares, total], .sum)
    let squaredNormX = Scalar(sums[0])
    guard squaredNormX.isFinite else {
      throw BlockNumericsError.nonFiniteValue(
        operation: operation,
        message: "‖X‖²_F overflows \(Scalar.self) (entries up to about \(Scalar.greatestFiniteMagnitude.squareRoot()) fit); "
          + "divide X by its largest entry before fitting and multiply W by it afterwards")
    }
    let mean = Scalar(sums[1] / (Double(m) * Double(n)))

    let distribution = try FactorDistribution(x)
    var (w, ht) = try _distributedStart(distribution, start: start, mean: mean, operation: operation)
    distribution.volume = CommunicationVolume()
    let history = _distributedIterations(distribution, w: &w, ht: &ht, squaredNormX: squaredNormX, progress: progress)
    let communication = distribution.volume
    return DistributedNMFResult(
      w: try distribution.rowFactor(w, operation: operation), h: try distribution.columnFactorTransposed(ht, operation: operation),
      relativeError: history.finalError, iterations: history.iterations, converged: history.converged,
      errorHistory: history.errors, communication: communication)
  }

  /// What is wrong with the settings for a distributed fit of `x`, or nil: the local fit's
  /// checks, and what the distributed fit does not do.
  func _distributedSettingsFailure(_ x: DistributedMatrix<Scalar>, start: Initialization, operation: String) -> BlockNumericsError? {
    if let failure = _settingsFailure(rows: x.rows, columns: x.columns, operation: operation) { return failure }
    func invalid(_ message: String) -> BlockNumericsError { .invalidArgument(operation: operation, message: message) }
    guard loss == .frobenius else {
      return invalid("the distributed NMF minimises the Frobenius loss; gather X and use the local NMF for Kullback–Leibler")
    }
    guard compression == .exact else { return invalid("the distributed NMF reads X itself; use compression .exact") }
    let smaller = Swift.min(x.rows, x.columns)
    switch start {
    case .nndsvd, .nndsvda, .nndsvdar:
      guard components <= smaller else {
        return invalid("NNDSVD initialization needs components ≤ min(m, n) = \(smaller), got \(components); use .random(seed:)")
      }
    case .random, .custom:
      break
    }
    // Panels travel in single MPI calls, whose counts are 32-bit.
    let layout = x.layout
    let (panel, overflow) = Swift.max(layout.localRows(processRow: 0), layout.localColumns(processColumn: 0))
      .multipliedReportingOverflow(by: Swift.max(components + 10, 2 * components))
    guard !overflow && panel <= Int(Int32.max) else {
      return invalid("a factor panel of \(x.shapeDescription) with \(components) components exceeds MPI's 32-bit counts; use more processes")
    }
    return nil
  }

  /// A number and a seed that name the initialization, for the agreement across processes.
  static func _code(of start: Initialization) -> (code: Int, seed: Int) {
    switch start {
    case .random(let seed): return (0, Int(bitPattern: UInt(seed)))
    case .nndsvd: return (1, 0)
    case .nndsvda: return (2, 0)
    case .nndsvdar(let seed): return (3, Int(bitPattern: UInt(seed)))
    case .custom: return (4, 0)
    }
  }

  /// A fingerprint of the settings that are not integers (tolerance, regularization) and of
  /// custom factors' entries, so processes given different ones find out before they start.
  func _settingsFingerprint(_ start: Initialization) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ value: Double) { hash = (hash ^ value.bitPattern) &* 0x100_0000_01b3 }
    for value in [tolerance, alphaW, alphaH, l1Ratio] { mix(Double(value)) }
    if case .custom(let w, let h) = start {
      mix(w.elements.reduce(0.0) { $0 + Double($1) })
      mix(h.elements.reduce(0.0) { $0 + Double($1) })
    }
    return Int(bitPattern: UInt(hash >> 1))
  }
}

extension DistributedMatrix {
  /// A failure naming this process's first negative, NaN or infinite entry (global
  /// coordinates), as NMF words it, or nil. Local: nothing is sent.
  /// - Complexity: O(local entries).
  func _firstNegativeOrNonFiniteFailure(operation: String) -> BlockNumericsError? {
    guard let row = grid.row, let column = grid.column,
      let index = _local.withUnsafeBufferPointer({ _firstNegativeOrNonFinite($0) })
    else { return nil }
    let localColumnCount = localColumns
    let globalRow = layout.globalRow(localRow: index / localColumnCount, processRow: row)
    let globalColumn = layout.globalColumn(localColumn: index % localColumnCount, processColumn: column)
    let value = _local[index]
    let place = "X[\(globalRow), \(globalColumn)] (on process \(grid.communicator.rank)) is \(value)"
    return value.isFinite
      ? .invalidArgument(operation: operation, message: "\(place); NMF needs a non-negative X")
      : .nonFiniteValue(operation: operation, message: "\(place); NMF needs finite entries")
  }
}

/// `(Σ x², Σ x)` of `entries`, accumulated in Double. Specialized: from generic code the
/// loop would run through value witnesses, slower than an iteration of the fit.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func _sumOfSquaresAndSum<Scalar: BinaryFloatingPoint>(_ entries: UnsafeBufferPointer<Scalar>) -> (Double, Double) {
  var squares = 0.0
  var total = 0.0
  for value in entries {
    let value = Double(value)
    squares += value * value
    total += value
  }
  return (squares, total)
}
