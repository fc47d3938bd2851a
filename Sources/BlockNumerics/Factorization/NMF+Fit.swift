// Fitting: the public entry points, and the run that validates, starts, solves and measures.
// The solvers live in NMF+HALS.swift and NMF+MultiplicativeUpdates.swift, the checks in
// NMF+Validation.swift, the errors in NMF+Error.swift.

extension NMF {
  /// Factors a dense non-negative `m × n` matrix: `X ≈ W·H`, `W` `m × k`, `H` `k × n`.
  ///
  /// The result's bits do not depend on `BLAS.threadCount`: every BLAS call runs
  /// single-threaded, and the large products are split by rows across the cores instead.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for fewer than one
  ///   component, an empty `X`, a negative entry (naming its position and value), a
  ///   Kullback–Leibler loss with HALS, NNDSVD with more components than `min(m, n)`, or
  ///   settings out of range; ``BlockNumericsError/nonFiniteValue(operation:message:)`` for
  ///   NaN or infinity in `X`, or entries so large that `‖X‖²_F` overflows;
  ///   ``BlockNumericsError/shapeMismatch(operation:message:)`` for custom factors of the
  ///   wrong shape.
  /// - Complexity: O(iterations · (m·n·k + (m + n)·k²)).
  /// - Parameters:
  ///   - x: the `m × n` matrix to factor; entries finite and non-negative.
  ///   - progress: called with the iteration and the relative error each time the error is
  ///     recorded (every ``errorCheckInterval`` iterations), e.g. for a progress bar.
  public func fit(_ x: Matrix<Scalar>, progress: ((_ iteration: Int, _ relativeError: Scalar) -> Void)? = nil) throws -> Result {
    try _fit(DenseNMFInput(x), progress: progress)
  }

  /// Factors a block-sparse non-negative matrix; its products go through the BSR kernels
  /// and it is never densified. Absent blocks are zeros of `X` (as in scikit-learn, where
  /// a sparse `X`'s missing entries are zeros, not unknowns).
  /// - Throws: as `fit(_:progress:)` on a dense matrix.
  /// - Complexity: O(iterations · (stored entries · k + (m + n)·k²)).
  public func fit(_ x: BlockSparseMatrix<Scalar>, progress: ((_ iteration: Int, _ relativeError: Scalar) -> Void)? = nil) throws -> Result {
    try _fit(x, progress: progress)
  }

  /// Solves for `H` (`k × n`) with `W` (`m × k`) held fixed, by this configuration's solver,
  /// iterations and stopping rule. (scikit-learn's `transform`, which solves `W` for new
  /// samples with the components `H` fixed, is `transform(xᵀ, w: hᵀ)ᵀ`.)
  /// - Throws: as `fit(_:progress:)` on a dense matrix, and when `w` is not `m × k` and non-negative.
  /// - Complexity: O(iterations · (m·n·k + n·k²)).
  public func transform(_ x: Matrix<Scalar>, w: Matrix<Scalar>) throws -> Matrix<Scalar> {
    let operation = "NMF.transform(_:w:)"
    let input = DenseNMFInput(x)
    try validate(input, operation: operation)
    try checkFactor(w, rows: x.rows, columns: components, name: "w", operation: operation)
    return BLAS.withSingleThreadedCalls {
      var ht = Matrix<Scalar>(rows: x.columns, columns: components, repeating: (input.entryMean / Scalar(components)).squareRoot())
      var fixedW = w
      _ = solve(input, w: &fixedW, ht: &ht, updatesW: false, progress: nil)
      return ht.transposed
    }
  }

  /// What a solver run did.
  struct IterationHistory {
    /// The iterations run.
    var iterations = 0
    /// Whether the stopping rule was met.
    var converged = false
    /// The relative error after the initialization, then as ``NMF/Result/errorHistory``.
    var errors: [Scalar]
  }

  /// Validates, starts and runs the solver on `x` (or its sketch) and measures the final
  /// error on `x`, all with single-threaded BLAS calls: the bits do not depend on the
  /// thread count (the start's SVD included).
  func _fit<Input: KullbackLeiblerNMFInput>(_ x: Input, progress: ((Int, Scalar) -> Void)?) throws -> Result
  where Input.Scalar == Scalar {
    let operation = "NMF.fit(_:)"
    try validate(x, operation: operation)
    return try BLAS.withSingleThreadedCalls {
      switch compression {
      case .exact:
        var (w, ht) = try initialFactors(x, operation: operation)
        let history = solve(x, w: &w, ht: &ht, updatesW: true, progress: progress)
        // The history's last entry is the final error when it was recorded at the last iteration.
        let recordedLast = history.iterations % errorCheckInterval == 0
        return result(w: w, ht: ht, history, relativeError: recordedLast ? history.errors.last! : relativeError(x, w: w, ht: ht))
      case .randomized(let oversampling, let powerIterations, let seed):
        // The sketch clamps its width to min(m, n); a sum past Int.max is clamped first.
        let (width, overflow) = components.addingReportingOverflow(oversampling)
        let sketch = try SketchedNMFInput(x, width: overflow ? .max : width, powerIterations: powerIterations, seed: seed)
        var (w, ht) = try initialFactors(sketch, operation: operation)
        // The loss is the Frobenius one (validated): the sketch has no Kullback–Leibler pieces.
        let history = solveFrobenius(sketch, w: &w, ht: &ht, updatesW: true, progress: progress)
        return result(w: w, ht: ht, history, relativeError: relativeError(x, w: w, ht: ht))
      }
    }
  }

  func result(w: Matrix<Scalar>, ht: Matrix<Scalar>, _ history: IterationHistory, relativeError: Scalar) -> Result {
    Result(
      w: w, h: ht.transposed, relativeError: relativeError, iterations: history.iterations,
      converged: history.converged, errorHistory: history.errors)
  }

  /// Runs the configured solver and loss on `w` (`m × k`) and `ht` (`Hᵀ`, `n × k`).
  func solve<Input: KullbackLeiblerNMFInput>(
    _ x: Input, w: inout Matrix<Scalar>, ht: inout Matrix<Scalar>, updatesW: Bool, progress: ((Int, Scalar) -> Void)?
  ) -> IterationHistory where Input.Scalar == Scalar {
    guard solver == .multiplicativeUpdate && loss == .kullbackLeibler else {
      return solveFrobenius(x, w: &w, ht: &ht, updatesW: updatesW, progress: progress)
    }
    return multiplicativeUpdates(
      x, w: &w, ht: &ht, updatesW: updatesW, progress: progress,
      terms: { kullbackLeiblerTerms(x, factor: $0, fixed: $1, transposed: $2) },
      loss: { kullbackLeiblerLoss(x, w: $0, ht: $1) })
  }

  /// Runs the configured solver for the Frobenius loss.
  func solveFrobenius<Input: NMFInput>(
    _ x: Input, w: inout Matrix<Scalar>, ht: inout Matrix<Scalar>, updatesW: Bool, progress: ((Int, Scalar) -> Void)?
  ) -> IterationHistory where Input.Scalar == Scalar {
    switch solver {
    case .hals:
      return halsIterations(x, w: &w, ht: &ht, updatesW: updatesW, progress: progress)
    case .multiplicativeUpdate:
      return multiplicativeUpdates(
        x, w: &w, ht: &ht, updatesW: updatesW, progress: progress,
        terms: { frobeniusTerms(x, factor: $0, fixed: $1, transposed: $2) },
        loss: { frobeniusLoss(x, w: $0, ht: $1) })
    }
  }

  /// scikit-learn's regularization amounts: L1 and L2 for W (scaled by n) and for H (by m).
  package func regularization(rows m: Int, columns n: Int) -> (l1W: Scalar, l2W: Scalar, l1H: Scalar, l2H: Scalar) {
    (Scalar(n) * alphaW * l1Ratio, Scalar(n) * alphaW * (1 - l1Ratio),
     Scalar(m) * alphaH * l1Ratio, Scalar(m) * alphaH * (1 - l1Ratio))
  }
}
