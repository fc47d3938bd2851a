import BlockNumerics

// The iterations of the distributed NMF: MPI-FAUN's loop (Kannan, Ballard & Park 2018,
// algorithm 3) around the local library's own updates. Each process updates only its slice
// of W and of Hᵀ, with the same HALS sweep (`_coordinateDescentSweep`) or multiplicative
// step (`_multiplicativeStep`) the local NMF runs on all rows: the updates of different rows
// never read each other, so the slices together do exactly the local NMF's work.

/// What a distributed solver run did.
struct DistributedIterationHistory<Scalar: BLASScalar> {
  /// The iterations run.
  var iterations = 0
  /// Whether the stopping rule was met.
  var converged = false
  /// The relative error after the initialization, then every `errorCheckInterval` iterations.
  var errors: [Scalar] = []
  /// The relative error after the last iteration.
  var finalError: Scalar = 0
}

extension NMF where Scalar: ScaLAPACKScalar {
  /// Runs the configured solver (Frobenius loss) on this process's slices `w` (`W`-side)
  /// and `ht` (`Hᵀ`-side) of the factors of `distribution`'s X.
  ///
  /// One iteration communicates, per factor: an all-reduce of its `k × k` Gram matrix, an
  /// all-gather of the other factor's panel along one grid axis and a reduce-scatter of the
  /// products along the other. The stopping rule's numbers ride along: the HALS violation
  /// of each half-iteration is summed in the next Gram all-reduce, and an error due after
  /// iteration `j` is measured from the products iteration `j + 1` computes anyway (one
  /// scalar all-reduce). So a decision is taken one product pass late, before the next
  /// update: the factors, iterations and errors are those of the local NMF.
  /// - Complexity: O(iterations · (m·n·k / P + (m + n)·k² / P + k²)) flops per process.
  func _distributedIterations(
    _ distribution: FactorDistribution<Scalar>, w: inout Matrix<Scalar>, ht: inout Matrix<Scalar>, squaredNormX: Scalar,
    progress: ((Int, Scalar) -> Void)?
  ) -> DistributedIterationHistory<Scalar> {
    let d = distribution
    let k = components
    let (l1W, l2W, l1H, l2H) = regularization(rows: d.rowSide.extent, columns: d.columnSide.extent)
    var history = DistributedIterationHistory<Scalar>()
    var cross = Matrix<Scalar>(rows: w.rows, columns: k)  // X·Hᵀ, this process's W rows
    var crossT = Matrix<Scalar>(rows: ht.rows, columns: k)  // Xᵀ·W, this process's Hᵀ rows
    var denominator = Matrix<Scalar>(rows: 0, columns: 0)
    var ridged = Matrix<Scalar>(rows: k, columns: k)
    var scratch = [Scalar](repeating: 0, count: Swift.max(w.rows, ht.rows) * k)
    let checksViolation = solver == .hals && tolerance > 0
    var gramW = d.gram(w).gram
    var gramH = Matrix<Scalar>(rows: k, columns: k)
    var pending: Int? = 0  // the initial error is due first
    var initialLoss: Scalar = 0
    var previousLoss: Scalar = 0
    var initialViolation: Scalar = 0
    var violationW: Scalar = 0  // the last iteration's, summed over the processes
    var violationH: Scalar? = nil  // the last iteration's, not yet summed over the processes

    /// Records an error due after `iteration`; returns whether the multiplicative rule stops.
    func record(_ iteration: Int, _ error: Scalar) -> Bool {
      history.errors.append(error)
      if iteration > 0 { progress?(iteration, error) }
      guard solver == .multiplicativeUpdate else { return false }
      let loss = error * squaredNormX.squareRoot()
      if iteration == 0 {
        initialLoss = loss
        previousLoss = loss
        return false
      }
      if tolerance > 0 && initialLoss > 0 && (previousLoss - loss) / initialLoss < tolerance { return true }
      previousLoss = loss
      return false
    }

    /// `factor ← update(factor)` for one side, HALS or multiplicative.
    func update(_ factor: inout Matrix<Scalar>, gram: Matrix<Scalar>, cross: inout Matrix<Scalar>, l1: Scalar, l2: Scalar) -> Scalar {
      switch solver {
      case .hals:
        if l1 != 0 { cross.withUnsafeMutableBufferPointer { entries in for index in entries.indices { entries[index] -= l1 } } }
        return _coordinateDescentSweep(&factor, gram: _withRidge(gram, l2, scratch: &ridged), cross: cross, scratch: &scratch, cores: d.cores)
      case .multiplicativeUpdate:
        if denominator.rows != factor.rows || denominator.columns != k { denominator = Matrix(rows: factor.rows, columns: k) }
        if factor.rows > 0 { try! Matrix.multiply(factor, gram, into: &denominator) }
        _multiplicativeStep(&factor, numerator: cross, denominator: &denominator, l1: l1, l2: l2, epsilon: Self.epsilon)
        return 0
      }
    }

    while true {
      // The products with the current H: for the next W update, and for what is due.
      let (newGramH, sums) = d.gram(ht, extras: violationH.map { [$0] } ?? [])
      gramH = newGramH
      d.applied(ht, into: &cross)
      var stop = false
      if let violation = sums.first.map({ violationW + $0 }) {
        if history.iterations == 1 { initialViolation = violation }
        if initialViolation == 0 || violation / initialViolation <= tolerance {
          history.converged = true
          stop = true
        }
      }
      if pending != nil || stop || history.iterations == maxIterations {
        let error = relativeError(d, w: w, cross: cross, gramW: gramW, gramH: gramH, squaredNormX: squaredNormX)
        if let iteration = pending, record(iteration, error) {
          history.converged = true
          stop = true
        }
        pending = nil
        if stop || history.iterations == maxIterations {
          history.finalError = error
          return history
        }
      }
      history.iterations += 1
      let localViolationW = update(&w, gram: gramH, cross: &cross, l1: l1W, l2: l2W)
      // The products with the new W, for the H update; W's violation rides along.
      let (newGramW, sumsW) = d.gram(w, extras: checksViolation ? [localViolationW] : [])
      gramW = newGramW
      violationW = sumsW.first ?? 0
      d.transposeApplied(w, into: &crossT)
      let violation = update(&ht, gram: gramW, cross: &crossT, l1: l1H, l2: l2H)
      violationH = checksViolation ? violation : nil
      if history.iterations % errorCheckInterval == 0 { pending = history.iterations }
    }
  }

  /// `‖X − W·H‖_F / ‖X‖_F` from this process's `W` rows and `X·Hᵀ` rows and the two Gram
  /// matrices: `‖X‖² − 2·Σ⟨W, X·Hᵀ⟩ + ⟨WᵀW, HHᵀ⟩`, the sum over the processes in one
  /// scalar all-reduce; the same on every process.
  func relativeError(
    _ d: FactorDistribution<Scalar>, w: Matrix<Scalar>, cross: Matrix<Scalar>, gramW: Matrix<Scalar>, gramH: Matrix<Scalar>,
    squaredNormX: Scalar
  ) -> Scalar {
    let crossInner = d.sum([_dot(w, cross)])[0]
    guard squaredNormX > 0 else { return 0 }
    return (Swift.max(0, squaredNormX - 2 * crossInner + _dot(gramW, gramH)) / squaredNormX).squareRoot()
  }
}

/// `Σ aᵢⱼ·bᵢⱼ` of two matrices of the same shape, through BLAS `dot`.
func _dot<Scalar: BLASScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Scalar {
  guard a.count > 0 else { return 0 }
  return a.withUnsafeBufferPointer { a in
    b.withUnsafeBufferPointer { b in
      Scalar.dot(count: Int32(a.count), x: a.baseAddress!, incrementX: 1, y: b.baseAddress!, incrementY: 1)
    }
  }
}
