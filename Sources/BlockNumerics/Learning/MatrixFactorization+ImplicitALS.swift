/// How ``MatrixFactorization/fitImplicitALS(_:regularization:alpha:iterations:solver:threads:onIteration:)``
/// solves each user's (and item's) `k × k` system.
public enum ImplicitALSSolver: Sendable, Equatable {
  /// A few conjugate-gradient steps from the current factors (Takács, Pilászy & Tikk
  /// 2011), as the `implicit` library does with 3: O(nnz_u·k + k²) per step, no k × k
  /// matrix formed per row. Each ALS iteration continues the previous one's solution, so
  /// the inexact solves still converge over iterations.
  case conjugateGradient(steps: Int)
  /// The exact solve: forms `YᵀC_uY + λI` and factors it by Cholesky, O(nnz_u·k² + k³) per row.
  case cholesky
}

extension MatrixFactorization {
  /// Trains on implicit feedback (clicks, plays, purchases) by alternating least squares
  /// with confidence weights (Hu, Koren & Volinsky 2008), the model of the `implicit`
  /// library's `AlternatingLeastSquares` and Spark MLlib's `ALS(implicitPrefs = true)`.
  ///
  /// Every (user, item) pair counts: a stored value `r_ui` is a preference `p_ui = 1` (0 if
  /// `r_ui` is 0) held with confidence `c_ui = 1 + α·r_ui`; an unstored pair is `p_ui = 0`
  /// with confidence 1. The loss is
  ///
  ///     Σ over all (u, i) of c_ui·(p_ui − ⟨P_u, Q_i⟩)² + λ·(Σ_u ‖P_u‖² + Σ_i ‖Q_i‖²),
  ///
  /// λ not scaled by counts (as in `implicit`). Each iteration solves every user's
  /// `(QᵀQ + Qᵀ(C_u − I)Q + λI)·P_u = QᵀC_u·p_u` with the items fixed, then every item's with
  /// the users fixed. `QᵀQ` is formed once per half step (the YᵀY trick), so a row costs
  /// O(nnz_u·k + k²) per conjugate-gradient step rather than O(items·k²). To give `implicit`
  /// the same loss, pass it the matrix `1 + α·r` with its `alpha = 1`: it takes the values
  /// themselves as confidences.
  ///
  /// Biases stay zero and ``globalMean`` becomes 0: scores are `⟨P_u, Q_i⟩`. Training starts
  /// from the model's current factors (seeded at ``init(users:items:factors:initialScale:seed:)``),
  /// so it is deterministic for a seed; rows are solved in parallel on up to `threads` cores
  /// and each row's result depends on that row alone, so the model is identical, bit for
  /// bit, for any thread count.
  ///
  /// - Parameters:
  ///   - interactions: the observed interactions (non-negative values: counts, durations);
  ///     their shape must be the model's.
  ///   - regularization: λ (positive).
  ///   - alpha: α, how much more an observed interaction weighs than an unobserved one
  ///     (non-negative; Hu et al. found 40 good for TV watching counts).
  ///   - iterations: user-then-item sweeps (at least 1).
  ///   - solver: conjugate gradient (default, 3 steps) or the exact Cholesky solve.
  ///   - threads: the most cores to use (`nil`: all).
  ///   - onIteration: called after every iteration with its number (from 1).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` for a shape other
  ///   than the model's; ``BlockNumericsError/invalidArgument(operation:message:)`` for no
  ///   interactions, a negative value (naming its user and item), a non-positive λ, a
  ///   negative α, iterations or CG steps below 1; ``BlockNumericsError/nonFiniteValue(operation:message:)``
  ///   when the factors stop being finite.
  /// - Complexity: O(iterations · (steps · (nnz · k + (users + items) · k²) + (users + items) · k²)),
  ///   spread over the cores.
  @discardableResult
  public mutating func fitImplicitALS(
    _ interactions: Ratings<Scalar>, regularization: Scalar = 0.01, alpha: Scalar = 1, iterations: Int = 15,
    solver: ImplicitALSSolver = .conjugateGradient(steps: 3), threads: Int? = nil,
    onIteration: ((_ iteration: Int) -> Void)? = nil
  ) throws -> History {
    try _fitImplicitALS(
      interactions, regularization: regularization, alpha: alpha, iterations: iterations, solver: solver, threads: threads,
      swiftKernel: false, onIteration: onIteration)
  }

  /// ``fitImplicitALS(_:regularization:alpha:iterations:solver:threads:onIteration:)``, with
  /// `swiftKernel` forcing the conjugate-gradient steps onto the Swift code instead of the C
  /// kernel (tests compare the two).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func _fitImplicitALS(
    _ interactions: Ratings<Scalar>, regularization: Scalar, alpha: Scalar, iterations: Int, solver: ImplicitALSSolver,
    threads: Int?, swiftKernel: Bool, onIteration: ((_ iteration: Int) -> Void)?
  ) throws -> History {
    let operation = "MatrixFactorization.fitImplicitALS(_:regularization:alpha:…)"
    try _checkShape(interactions, operation, name: "interactions")
    guard interactions.count > 0 else { throw BlockNumericsError.invalidArgument(operation: operation, message: "no interactions given") }
    if let negative = interactions.userValues.firstIndex(where: { $0 < 0 }) {
      let user = interactions.userStarts.lastIndex { $0 <= negative }!
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "the interaction of user \(user) with item \(interactions.userItems[negative]) is \(interactions.userValues[negative]); values must be non-negative")
    }
    guard regularization > 0, regularization.isFinite, alpha >= 0, alpha.isFinite, iterations >= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "regularization must be positive, alpha non-negative (both finite) and iterations at least 1, got \(regularization), \(alpha), \(iterations)")
    }
    if case .conjugateGradient(let steps) = solver, steps < 1 {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "the conjugate-gradient solver needs at least 1 step, got \(steps)")
    }
    let clock = ContinuousClock()
    let began = clock.now
    globalMean = 0
    parameters[2] = Matrix(rows: users, columns: 1)
    parameters[3] = Matrix(rows: items, columns: 1)
    for iteration in 1...iterations {
      for side in [_Side.users, .items] {
        _implicitHalfStep(side, interactions, regularization: regularization, alpha: alpha, solver: solver, threads: threads, swiftKernel: swiftKernel)
      }
      guard parameters[0].isFinite, parameters[1].isFinite else {
        throw BlockNumericsError.nonFiniteValue(
          operation: operation, message: "the factors stopped being finite in iteration \(iteration); lower alpha or raise regularization")
      }
      onIteration?(iteration)
    }
    var history = History()
    history.seconds = _seconds(clock.now - began)
    return history
  }

  /// `YᵀY + λI` for the `rows × k` factors at `y`: partial Gram matrices of 16 fixed row
  /// ranges in parallel (single-threaded BLAS), summed in a fixed order, so the bits do
  /// not depend on the thread count.
  static func _gram(_ y: Matrix<Scalar>, regularization: Scalar, threads: Int?) -> [Scalar] {
    let (rows, k) = (y.rows, y.columns)
    let parts = Swift.min(16, Swift.max(1, rows))
    var partial = [Scalar](repeating: 0, count: parts * k * k)
    y.withUnsafeBufferPointer { source in
      partial.withUnsafeMutableBufferPointer { output in
        let (source, output) = (UnsafeSendablePointer(readOnly: source._viewBase), UnsafeSendablePointer(output._viewBase))
        BLAS.withSingleThreadedCalls {
          RecommenderKernels.forEachChunk(count: parts, threads: threads) { range in
            for part in range {
              let (start, end) = (rows * part / parts, rows * (part + 1) / parts)
              guard end > start else { continue }
              let base = source.base
              Scalar.gemm(
                transposeA: true, transposeB: false, m: Int32(k), n: Int32(k), k: Int32(end - start), alpha: 1,
                a: base + start * k, lda: Int32(k), b: base + start * k, ldb: Int32(k), beta: 0,
                c: output.base + part * k * k, ldc: Int32(k))
            }
          }
        }
      }
    }
    var gram = [Scalar](repeating: 0, count: k * k)
    for part in 0..<parts {
      for e in 0..<(k * k) { gram[e] += partial[part * k * k + e] }
    }
    for f in 0..<k { gram[f * k + f] += regularization }
    return gram
  }

  /// Solves every row of `side` with the other side fixed (see ``fitImplicitALS(_:regularization:alpha:iterations:solver:threads:onIteration:)``).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func _implicitHalfStep(
    _ side: _Side, _ interactions: Ratings<Scalar>, regularization: Scalar, alpha: Scalar, solver: ImplicitALSSolver, threads: Int?,
    swiftKernel: Bool = false
  ) {
    let (solvedSlot, fixedSlot) = side == .users ? (0, 1) : (1, 0)
    let (starts, indices, values) =
      side == .users
      ? (interactions.userStarts, interactions.userItems, interactions.userValues)
      : (interactions.itemStarts, interactions.itemUsers, interactions.itemValues)
    let rows = side == .users ? users : items
    let k = factors
    let fixed = parameters[fixedSlot]
    let gram = Self._gram(fixed, regularization: regularization, threads: threads)
    var solved = parameters[solvedSlot]
    parameters[solvedSlot] = Matrix._empty  // so `solved` is uniquely referenced
    fixed.withUnsafeBufferPointer { y in
      gram.withUnsafeBufferPointer { g in
        solved.withUnsafeMutableBufferPointer { x in
          let y = UnsafeSendablePointer(readOnly: y._viewBase)
          let g = UnsafeSendablePointer(readOnly: g._viewBase)
          let x = UnsafeSendablePointer(x._viewBase)
          let kernel = swiftKernel ? nil : Scalar.self as? any _ImplicitALSKernelScalar.Type
          RecommenderKernels.forEachChunk(count: rows, threads: threads) { range in
            let workspace = UnsafeMutablePointer<Scalar>.allocate(capacity: k * k + 3 * k)
            defer { workspace.deallocate() }
            if let kernel, case .conjugateGradient(let steps) = solver {
              starts.withUnsafeBufferPointer { starts in
                indices.withUnsafeBufferPointer { indices in
                  values.withUnsafeBufferPointer { values in
                    kernel._implicitConjugateGradient(
                      gram: g.base, fixed: y.base, solved: x.base, k: k, starts: starts.baseAddress!, indices: indices.baseAddress ?? starts.baseAddress!,
                      values: UnsafeRawPointer(values.baseAddress ?? UnsafePointer(workspace)), alpha: Double(alpha), steps: steps, rows: range,
                      workspace: workspace)
                  }
                }
              }
              return
            }
            for row in range {
              let entries = starts[row]..<starts[row + 1]
              switch solver {
              case .conjugateGradient(let steps):
                Self._conjugateGradientRow(
                  x.base + row * k, gram: g.base, fixed: y.base, k: k, entries: entries, indices: indices, values: values,
                  alpha: alpha, steps: steps, workspace: workspace)
              case .cholesky:
                Self._choleskyRow(
                  x.base + row * k, gram: g.base, fixed: y.base, k: k, entries: entries, indices: indices, values: values,
                  alpha: alpha, workspace: workspace)
              }
            }
          }
        }
      }
    }
    parameters[solvedSlot] = solved
  }

  /// A few conjugate-gradient steps on `(G + Yᵀ(C − I)Y)·x = YᵀC·p` from the current `x`,
  /// with `G = YᵀY + λI`; `workspace` holds at least `3k` scalars.
  @inline(__always)
  static func _conjugateGradientRow(
    _ x: UnsafeMutablePointer<Scalar>, gram: UnsafePointer<Scalar>, fixed y: UnsafePointer<Scalar>, k: Int,
    entries: Range<Int>, indices: [Int], values: [Scalar], alpha: Scalar, steps: Int, workspace: UnsafeMutablePointer<Scalar>
  ) {
    let r = workspace
    let p = workspace + k
    let ap = workspace + 2 * k
    indices.withUnsafeBufferPointer { indices in
      values.withUnsafeBufferPointer { values in
        // r = YᵀC·p − (G + Yᵀ(C − I)Y)·x
        RecommenderKernels.symmetricProduct(gram, x, r, k)
        for f in 0..<k { r[f] = -r[f] }
        for e in entries {
          let yi = y + indices[e] * k
          let value = values[e]
          let excess = alpha * value  // c − 1
          let preference: Scalar = value > 0 ? 1 : 0
          let weight = (1 + excess) * preference - excess * RecommenderKernels.dot(yi, x, k)
          RecommenderKernels.axpy(weight, yi, r, k)
        }
        var rsOld = RecommenderKernels.dot(r, r, k)
        guard rsOld >= 1e-20 else { return }
        p.update(from: r, count: k)
        for _ in 0..<steps {
          RecommenderKernels.symmetricProduct(gram, p, ap, k)
          for e in entries {
            let yi = y + indices[e] * k
            let excess = alpha * values[e]
            RecommenderKernels.axpy(excess * RecommenderKernels.dot(yi, p, k), yi, ap, k)
          }
          let curvature = RecommenderKernels.dot(p, ap, k)
          guard curvature > 0 else { return }
          let step = rsOld / curvature
          RecommenderKernels.axpy(step, p, x, k)
          RecommenderKernels.axpy(-step, ap, r, k)
          let rsNew = RecommenderKernels.dot(r, r, k)
          if rsNew < 1e-20 { return }
          let beta = rsNew / rsOld
          for f in 0..<k { p[f] = r[f] + beta * p[f] }
          rsOld = rsNew
        }
      }
    }
  }

  /// The exact solve of `(G + Yᵀ(C − I)Y)·x = YᵀC·p` by Cholesky; `workspace` holds at
  /// least `k² + k` scalars. A system that is not positive definite (only possible through
  /// rounding) leaves `x` unchanged.
  @inline(__always)
  static func _choleskyRow(
    _ x: UnsafeMutablePointer<Scalar>, gram: UnsafePointer<Scalar>, fixed y: UnsafePointer<Scalar>, k: Int,
    entries: Range<Int>, indices: [Int], values: [Scalar], alpha: Scalar, workspace: UnsafeMutablePointer<Scalar>
  ) {
    let a = workspace
    let b = workspace + k * k
    a.update(from: gram, count: k * k)
    b.update(repeating: 0, count: k)
    for e in entries {
      let yi = y + indices[e] * k
      let excess = alpha * values[e]
      for i in 0..<k {
        let scaled = excess * yi[i]
        for j in 0...i { a[i * k + j] += scaled * yi[j] }
      }
      if values[e] > 0 { RecommenderKernels.axpy(1 + excess, yi, b, k) }
    }
    if RecommenderKernels.choleskySolve(a, k, b) { x.update(from: b, count: k) }
  }
}

