/// Bayesian probabilistic matrix factorization (BPMF, Salakhutdinov & Mnih 2008) by Gibbs
/// sampling: predictions averaged over the posterior of the factors instead of one point
/// estimate, which is what wins when ratings are sparse.
///
/// The model: a rating is `r_ui = μ + ⟨U_u, V_i⟩ + ε` with `ε ~ N(0, 1/α)` and `μ` the mean
/// training rating; user factors `U_u ~ N(μ_U, Λ_U⁻¹)` and item factors `V_i ~ N(μ_V, Λ_V⁻¹)`
/// with Normal–Wishart hyperpriors `(μ_U, Λ_U) ~ N(μ_0, (β_0·Λ_U)⁻¹)·W(Λ_U; W_0, ν_0)` (the same
/// for items); the noise precision `α` is sampled from its Gamma posterior or set. Each
/// sweep samples the user hyperparameters, then every user's factors from its k-variate
/// Gaussian conditional
///
///     U_u | … ~ N(Λ*⁻¹·(α·Σ_i r_ui·V_i + Λ_U·μ_U), Λ*⁻¹),   Λ* = Λ_U + α·Σ_i V_i·V_iᵀ
///
/// (all users in parallel, each by one Cholesky factorization of `Λ*`), then the same for
/// items, then `α`. After `burnIn` sweeps, every `thinning`-th sample is kept and the
/// prediction is the average over the kept samples.
///
/// Started cold at 5 % observed, the chain can settle in poor modes for hundreds of sweeps:
/// the first sweeps fit the few ratings with an implausibly small noise. Tempering keeps
/// the noise variance the conditionals see high at first, `v₀^(1−t/T)·σ²^(t/T)` in sweep
/// `t < T = temperedSweeps`, from the ratings' variance `v₀` down to the current `σ² = 1/α`;
/// the tempered sweeps must end within the burn-in. A MAP start (``fit(_:startingFrom:validation:onSweep:)``
/// with a model trained by ALS) is the other common remedy.
///
/// Every random draw of a row comes from a stream fixed by the seed, the sweep and the
/// row, so results are identical, bit for bit, for any thread count.
public struct BayesianMatrixFactorization<Scalar: BLASScalar>: Sendable {
  /// The prior on each side's factors.
  public enum FactorPrior: Sendable, Equatable {
    /// The Normal–Wishart hyperprior of Salakhutdinov & Mnih: `μ_0 = 0`, `β_0`, `ν_0`
    /// degrees of freedom (`nil`: the number of factors, the paper's choice) and
    /// `W_0 = scale·I`; the hyperparameters are sampled every sweep.
    case normalWishart(beta0: Double = 2, degreesOfFreedom: Double? = nil, scale: Double = 1)
    /// Factors `N(0, I/precision)`, nothing sampled: the prior of probabilistic matrix
    /// factorization with known hyperparameters.
    case fixed(precision: Double)
  }

  /// The noise precision `α = 1/σ²`.
  public enum NoisePrecision: Sendable, Equatable {
    /// Sampled every sweep from its posterior under a Gamma(`shape`, `rate`) prior.
    case sampled(shape: Double = 1, rate: Double = 1)
    /// Set: `α` is this value.
    case fixed(Double)
  }

  /// The embedding dimension k.
  public var factors: Int
  /// Sweeps before samples are kept.
  public var burnIn: Int
  /// Samples kept after the burn-in (`samples · thinning` sweeps).
  public var samples: Int
  /// Sweeps between kept samples (1 keeps every one).
  public var thinning: Int
  /// Sweeps over which the noise variance is tempered down from the ratings' variance
  /// (0: no tempering); at most `burnIn`.
  public var temperedSweeps: Int
  /// The prior on the user and item factors.
  public var prior: FactorPrior
  /// The noise precision, sampled or set.
  public var noise: NoisePrecision
  /// Seeds the starting factors and every draw.
  public var seed: UInt64
  /// The most cores to use (`nil`: all).
  public var threads: Int?

  /// A sampler; the defaults reach about 1.45× the oracle bound on the 5 %-observed
  /// synthetic ratings (see the Recommenders article for how to choose them).
  public init(
    factors: Int, burnIn: Int = 100, samples: Int = 300, thinning: Int = 1, temperedSweeps: Int = 30,
    prior: FactorPrior = .normalWishart(), noise: NoisePrecision = .sampled(), seed: UInt64 = 0, threads: Int? = nil
  ) {
    self.factors = factors
    self.burnIn = burnIn
    self.samples = samples
    self.thinning = thinning
    self.temperedSweeps = temperedSweeps
    self.prior = prior
    self.noise = noise
    self.seed = seed
    self.threads = threads
  }

  /// The state after one sweep, as ``fit(_:startingFrom:validation:onSweep:)`` reports it.
  public struct Sweep: Sendable, Equatable {
    /// The sweep's number, from 1.
    public var sweep: Int
    /// Whether the sweep is part of the burn-in.
    public var isBurnIn: Bool
    /// The noise precision `α` drawn (or set) in this sweep.
    public var noisePrecision: Double
    /// The RMSE of this sweep's sample on the training ratings.
    public var trainingRMSE: Double
    /// The RMSE of the average over the samples kept so far on the validation ratings
    /// (`nil` before the first kept sample or without validation ratings).
    public var validationRMSE: Double?
  }

  /// What a run returns.
  public struct Posterior: Sendable {
    /// The posterior-mean predictor as a factorization: the kept samples side by side
    /// (`samples · factors` columns, user factors divided by the sample count), so
    /// `predict(user:item:) = μ + (1/S)·Σ_s ⟨U_u^(s), V_i^(s)⟩`, the average prediction, and
    /// batch scoring and recommendations work as for any other model.
    public var model: MatrixFactorization<Scalar>
    /// The last sample's user factors (`users × factors`).
    public var lastUserFactors: Matrix<Scalar>
    /// The last sample's item factors (`items × factors`).
    public var lastItemFactors: Matrix<Scalar>
    /// One report per sweep.
    public var sweeps: [Sweep]
    /// Wall-clock seconds of the run.
    public var seconds: Double
  }

  /// Runs the sampler on `ratings`.
  ///
  /// - Parameters:
  ///   - ratings: the training ratings (`users × items`, at least one).
  ///   - start: starting factors (e.g. from ALS, a MAP start; only its embeddings are used;
  ///     `nil`: normal entries of standard deviation 0.1, seeded).
  ///   - validation: held-out ratings of the same shape, scored after every kept sample.
  ///   - onSweep: called after every sweep.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for no ratings,
  ///   `factors`, `samples` or `thinning` below 1, a negative burn-in, tempered sweeps
  ///   outside `0...burnIn`, a non-positive prior parameter or noise precision, `ν_0 ≤ k − 1`,
  ///   or a start of another shape; ``BlockNumericsError/shapeMismatch(operation:message:)``
  ///   for validation ratings of another shape; ``BlockNumericsError/nonFiniteValue(operation:message:)``
  ///   if the chain leaves the finite numbers.
  /// - Complexity: O(sweeps · (nnz · k² + (users + items) · k³)), spread over the cores;
  ///   memory O(samples · (users + items) · k) for the kept samples.
  public func fit(
    _ ratings: Ratings<Scalar>, startingFrom start: MatrixFactorization<Scalar>? = nil, validation: Ratings<Scalar>? = nil,
    onSweep: ((Sweep) -> Void)? = nil
  ) throws -> Posterior {
    let operation = "BayesianMatrixFactorization.fit(_:startingFrom:validation:onSweep:)"
    try _validate(ratings, start: start, validation: validation, operation: operation)
    let clock = ContinuousClock()
    let began = clock.now
    let (users, items, k) = (ratings.users, ratings.items, factors)
    let mean = Scalar(ratings.meanValue)
    var u = start?.userEmbeddings ?? Matrix.randomNormal(rows: users, columns: k, standardDeviation: 0.1, seed: seed)
    var v = start?.itemEmbeddings ?? Matrix.randomNormal(rows: items, columns: k, standardDeviation: 0.1, seed: seed &+ 1)
    var generator = SeededRandomNumberGenerator(seed: seed &+ 2)
    let ratingVariance = Swift.max(
      ratings.userValues.reduce(0.0) { $0 + (Double($1) - Double(mean)) * (Double($1) - Double(mean)) } / Double(ratings.count), 1e-12)
    var alpha: Double
    switch noise {
    case .fixed(let value): alpha = value
    case .sampled: alpha = 1 / ratingVariance
    }
    let kept = samples
    var keptUsers = Matrix<Scalar>(rows: users, columns: kept * k)
    var keptItems = Matrix<Scalar>(rows: items, columns: kept * k)
    var validationSums = [Double](repeating: 0, count: validation?.count ?? 0)
    var reports: [Sweep] = []
    var keptCount = 0
    let totalSweeps = burnIn + samples * thinning
    for sweep in 1...totalSweeps {
      // Tempering: the noise variance the conditionals see, from v₀ down to 1/α.
      let t = Double(sweep - 1)
      var usedPrecision = alpha
      if sweep <= temperedSweeps {
        let fraction = t / Double(temperedSweeps)
        let variance = Double.exp((1 - fraction) * Double.log(ratingVariance) + fraction * Double.log(1 / alpha))
        usedPrecision = Swift.min(alpha, 1 / variance)
      }
      for (index, side) in [MatrixFactorization<Scalar>._Side.users, .items].enumerated() {
        let sideFactors = side == .users ? u : v
        let (precision, shift) = _hyperparameters(sideFactors, using: &generator)
        let halfSweep = 2 * sweep + index
        if side == .users {
          try _sampleSide(
            &u, fixed: v, starts: ratings.userStarts, indices: ratings.userItems, values: ratings.userValues, offset: mean,
            priorPrecision: precision, priorShift: shift, noisePrecision: Scalar(usedPrecision), halfSweep: halfSweep, operation: operation)
        } else {
          try _sampleSide(
            &v, fixed: u, starts: ratings.itemStarts, indices: ratings.itemUsers, values: ratings.itemValues, offset: mean,
            priorPrecision: precision, priorShift: shift, noisePrecision: Scalar(usedPrecision), halfSweep: halfSweep, operation: operation)
        }
      }
      let squaredError = Self._squaredError(ratings, u, v, mean: mean, threads: threads)
      if case .sampled(let shape, let rate) = noise {
        alpha = RandomSampling.gamma(shape: shape + Double(ratings.count) / 2, using: &generator) / (rate + squaredError / 2)
      }
      var report = Sweep(
        sweep: sweep, isBurnIn: sweep <= burnIn, noisePrecision: alpha,
        trainingRMSE: (squaredError / Double(ratings.count)).squareRoot(), validationRMSE: nil)
      if sweep > burnIn && (sweep - burnIn) % thinning == 0 {
        Self._store(u, into: &keptUsers, slot: keptCount, k: k)
        Self._store(v, into: &keptItems, slot: keptCount, k: k)
        keptCount += 1
        if let validation {
          var squared = 0.0
          var position = 0
          for user in 0..<users {
            for e in validation.userStarts[user]..<validation.userStarts[user + 1] {
              let item = validation.userItems[e]
              var dot: Scalar = 0
              for f in 0..<k { dot += u[user, f] * v[item, f] }
              validationSums[position] += Double(dot)
              let error = Double(mean) + validationSums[position] / Double(keptCount) - Double(validation.userValues[e])
              squared += error * error
              position += 1
            }
          }
          report.validationRMSE = (squared / Double(validation.count)).squareRoot()
        }
      }
      guard report.trainingRMSE.isFinite, alpha.isFinite else {
        throw BlockNumericsError.nonFiniteValue(
          operation: operation, message: "the chain left the finite numbers in sweep \(sweep); check the ratings' scale and the priors")
      }
      reports.append(report)
      onSweep?(report)
    }
    keptUsers /= Scalar(kept)
    var model = MatrixFactorization<Scalar>(users: users, items: items, factors: kept * k, initialScale: 0, seed: 0)
    model.parameters[0] = keptUsers
    model.parameters[1] = keptItems
    model.globalMean = mean
    return Posterior(model: model, lastUserFactors: u, lastItemFactors: v, sweeps: reports, seconds: _seconds(clock.now - began))
  }

  func _validate(
    _ ratings: Ratings<Scalar>, start: MatrixFactorization<Scalar>?, validation: Ratings<Scalar>?, operation: String
  ) throws {
    func invalid(_ message: String) -> BlockNumericsError { .invalidArgument(operation: operation, message: message) }
    guard ratings.count > 0 else { throw invalid("no ratings given") }
    guard factors >= 1, samples >= 1, thinning >= 1, burnIn >= 0 else {
      throw invalid("factors, samples and thinning must be at least 1 and burnIn non-negative, got \(factors), \(samples), \(thinning), \(burnIn)")
    }
    guard temperedSweeps >= 0, temperedSweeps <= burnIn else {
      throw invalid("temperedSweeps must be in 0...burnIn (\(burnIn)) so that no kept sample is tempered, got \(temperedSweeps)")
    }
    switch prior {
    case .normalWishart(let beta0, let degreesOfFreedom, let scale):
      guard beta0 > 0, beta0.isFinite, scale > 0, scale.isFinite else {
        throw invalid("the Normal–Wishart prior needs positive finite beta0 and scale, got \(beta0) and \(scale)")
      }
      if let degreesOfFreedom, !(degreesOfFreedom > Double(factors - 1) && degreesOfFreedom.isFinite) {
        throw invalid("the Wishart degrees of freedom must exceed factors − 1 = \(factors - 1), got \(degreesOfFreedom)")
      }
    case .fixed(let precision):
      guard precision > 0, precision.isFinite else { throw invalid("the fixed prior precision must be positive and finite, got \(precision)") }
    }
    switch noise {
    case .fixed(let value):
      guard value > 0, value.isFinite else { throw invalid("the noise precision must be positive and finite, got \(value)") }
    case .sampled(let shape, let rate):
      guard shape > 0, rate > 0, shape.isFinite, rate.isFinite else {
        throw invalid("the Gamma prior on the noise precision needs positive finite shape and rate, got \(shape) and \(rate)")
      }
    }
    if let start, start.users != ratings.users || start.items != ratings.items || start.factors != factors {
      throw invalid(
        "the start has \(start.users) users × \(start.items) items and \(start.factors) factors; the ratings \(ratings.users) × \(ratings.items) and the sampler \(factors) factors")
    }
    if let validation, validation.users != ratings.users || validation.items != ratings.items {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "the validation ratings are \(validation.users) × \(validation.items), the training ratings \(ratings.users) × \(ratings.items)")
    }
  }

  /// Draws `(Λ, Λ·μ)` for one side given its factors: from the Normal–Wishart posterior,
  /// or the fixed prior's `(precision·I, 0)`.
  func _hyperparameters(_ factorsOfSide: Matrix<Scalar>, using generator: inout SeededRandomNumberGenerator) -> (
    precision: [Scalar], shift: [Scalar]
  ) {
    let k = factors
    switch prior {
    case .fixed(let precision):
      var lambda = [Scalar](repeating: 0, count: k * k)
      for f in 0..<k { lambda[f * k + f] = Scalar(precision) }
      return (lambda, [Scalar](repeating: 0, count: k))
    case .normalWishart(let beta0, let degreesOfFreedom, let scale):
      let (lambda, mu) = Self._sampleNormalWishart(
        factorsOfSide, beta0: beta0, degreesOfFreedom: degreesOfFreedom ?? Double(k), scale: scale, using: &generator)
      var shift = [Double](repeating: 0, count: k)
      for i in 0..<k {
        for j in 0..<k { shift[i] += lambda[i * k + j] * mu[j] }
      }
      return (lambda.map { Scalar($0) }, shift.map { Scalar($0) })
    }
  }

  /// One draw of `(Λ, μ)` from the Normal–Wishart posterior given the `n × k` rows of
  /// `x` (Salakhutdinov & Mnih 2008, eq. 14) with `μ_0 = 0` and `W_0 = scale·I`:
  /// `Λ ~ W(W*, ν_0 + n)`, `μ ~ N(μ*, ((β_0 + n)·Λ)⁻¹)`.
  static func _sampleNormalWishart(
    _ x: Matrix<Scalar>, beta0: Double, degreesOfFreedom nu0: Double, scale: Double, using generator: inout SeededRandomNumberGenerator
  ) -> (precision: [Double], mean: [Double]) {
    let (n, k) = (x.rows, x.columns)
    var average = [Double](repeating: 0, count: k)
    for row in 0..<n {
      for f in 0..<k { average[f] += Double(x[row, f]) }
    }
    if n > 0 { average = average.map { $0 / Double(n) } }
    // W*⁻¹ = W_0⁻¹ + Σ (x − x̄)(x − x̄)ᵀ + β_0·n/(β_0 + n)·x̄·x̄ᵀ.
    var inverseScale = [Double](repeating: 0, count: k * k)
    var centered = [Double](repeating: 0, count: k)
    for row in 0..<n {
      for f in 0..<k { centered[f] = Double(x[row, f]) - average[f] }
      for i in 0..<k {
        for j in 0...i { inverseScale[i * k + j] += centered[i] * centered[j] }
      }
    }
    let betaStar = beta0 + Double(n)
    let shrink = beta0 * Double(n) / betaStar
    for i in 0..<k {
      for j in 0...i { inverseScale[i * k + j] += shrink * average[i] * average[j] }
      inverseScale[i * k + i] += 1 / scale
    }
    let factored = inverseScale.withUnsafeMutableBufferPointer { RecommenderKernels.choleskyFactor($0.baseAddress!, k) }
    precondition(factored, "BayesianMatrixFactorization: W*⁻¹ is positive definite by construction")
    for i in 0..<k {
      for j in (i + 1)..<Swift.max(i + 1, k) { inverseScale[i * k + j] = 0 }
    }
    let lambda = RandomSampling.wishart(inverseScaleFactor: inverseScale, k: k, degreesOfFreedom: nu0 + Double(n), using: &generator)
    // μ = μ* + L⁻ᵀ·z with L·Lᵀ = β*·Λ, μ* = n·x̄/β*.
    var scaled = lambda.map { $0 * betaStar }
    var mean = (0..<k).map { _ in generator.nextStandardNormal() }
    scaled.withUnsafeMutableBufferPointer { l in
      mean.withUnsafeMutableBufferPointer { z in
        let ok = RecommenderKernels.choleskyFactor(l.baseAddress!, k)
        precondition(ok, "BayesianMatrixFactorization: a Wishart draw with ν > k − 1 is positive definite")
        RecommenderKernels.solveLowerTransposed(l.baseAddress!, k, z.baseAddress!)
      }
    }
    for f in 0..<k { mean[f] += Double(n) * average[f] / betaStar }
    return (lambda, mean)
  }

  /// Samples every row of one side from its Gaussian conditional, in parallel.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _sampleSide(
    _ solved: inout Matrix<Scalar>, fixed: Matrix<Scalar>, starts: [Int], indices: [Int], values: [Scalar], offset: Scalar,
    priorPrecision: [Scalar], priorShift: [Scalar], noisePrecision: Scalar, halfSweep: Int, operation: String
  ) throws {
    let (rows, k, seed) = (solved.rows, factors, seed)
    var failures = [Bool](repeating: false, count: rows)
    fixed.withUnsafeBufferPointer { y in
      priorPrecision.withUnsafeBufferPointer { lambda in
        priorShift.withUnsafeBufferPointer { shift in
          solved.withUnsafeMutableBufferPointer { x in
            failures.withUnsafeMutableBufferPointer { failed in
              let y = UnsafeSendablePointer(readOnly: y._viewBase)
              let lambda = UnsafeSendablePointer(readOnly: lambda._viewBase)
              let shift = UnsafeSendablePointer(readOnly: shift._viewBase)
              let (x, failed) = (UnsafeSendablePointer(x._viewBase), UnsafeSendablePointer(failed._viewBase))
              RecommenderKernels.forEachChunk(count: rows, threads: threads) { range in
                let workspace = UnsafeMutablePointer<Scalar>.allocate(capacity: k * k + k)
                defer { workspace.deallocate() }
                for row in range {
                  var generator = SeededRandomNumberGenerator(seed: RandomSampling.rowSeed(seed, halfSweep: halfSweep, row: row))
                  let ok = Self._sampleRow(
                    x.base + row * k, k: k, entries: starts[row]..<starts[row + 1], indices: indices, values: values,
                    offset: offset, fixed: y.base, priorPrecision: lambda.base, priorShift: shift.base,
                    noisePrecision: noisePrecision, workspace: workspace, using: &generator)
                  if !ok { failed.base[row] = true }
                }
              }
            }
          }
        }
      }
    }
    if let row = failures.firstIndex(of: true) {
      throw BlockNumericsError.nonFiniteValue(
        operation: operation, message: "the conditional precision of row \(row) is not positive definite; check the ratings' scale and the priors")
    }
  }

  /// Draws one row from `N(Λ*⁻¹·h, Λ*⁻¹)`, `Λ* = Λ + α·Σ y yᵀ`, `h = α·Σ (r − offset)·y + Λμ`:
  /// with `Λ* = L·Lᵀ`, solve `L·w = h`, add standard normals `z`, solve `Lᵀ·x = w + z`.
  /// `workspace` holds `k² + k` scalars. Returns `false` when `Λ*` is not positive definite.
  @inline(__always)
  static func _sampleRow(
    _ x: UnsafeMutablePointer<Scalar>, k: Int, entries: Range<Int>, indices: [Int], values: [Scalar], offset: Scalar,
    fixed y: UnsafePointer<Scalar>, priorPrecision: UnsafePointer<Scalar>, priorShift: UnsafePointer<Scalar>,
    noisePrecision alpha: Scalar, workspace: UnsafeMutablePointer<Scalar>, using generator: inout SeededRandomNumberGenerator
  ) -> Bool {
    let a = workspace
    let h = workspace + k * k
    a.update(from: priorPrecision, count: k * k)
    h.update(from: priorShift, count: k)
    for e in entries {
      let yi = y + indices[e] * k
      for i in 0..<k {
        let scaled = alpha * yi[i]
        for j in 0...i { a[i * k + j] += scaled * yi[j] }
      }
      RecommenderKernels.axpy(alpha * (values[e] - offset), yi, h, k)
    }
    guard RecommenderKernels.choleskyFactor(a, k) else { return false }
    RecommenderKernels.solveLower(a, k, h)
    for f in 0..<k { h[f] += Scalar(generator.nextStandardNormal()) }
    RecommenderKernels.solveLowerTransposed(a, k, h)
    x.update(from: h, count: k)
    return true
  }

  /// Σ (r − μ − ⟨U_u, V_i⟩)² over the training ratings, per user in parallel, summed in
  /// user order.
  static func _squaredError(_ ratings: Ratings<Scalar>, _ u: Matrix<Scalar>, _ v: Matrix<Scalar>, mean: Scalar, threads: Int?) -> Double {
    let k = u.columns
    var perUser = [Double](repeating: 0, count: ratings.users)
    u.withUnsafeBufferPointer { ub in
      v.withUnsafeBufferPointer { vb in
        perUser.withUnsafeMutableBufferPointer { out in
          let (ub, vb, out) = (
            UnsafeSendablePointer(readOnly: ub._viewBase), UnsafeSendablePointer(readOnly: vb._viewBase),
            UnsafeSendablePointer(out._viewBase)
          )
          RecommenderKernels.forEachChunk(count: ratings.users, threads: threads) { range in
            for user in range {
              var sum = 0.0
              for e in ratings.userStarts[user]..<ratings.userStarts[user + 1] {
                let prediction = mean + RecommenderKernels.dot(ub.base + user * k, vb.base + ratings.userItems[e] * k, k)
                let error = Double(ratings.userValues[e] - prediction)
                sum += error * error
              }
              out.base[user] = sum
            }
          }
        }
      }
    }
    return perUser.reduce(0, +)
  }

  /// Copies `x` into columns `slot·k ..< (slot + 1)·k` of `kept`.
  static func _store(_ x: Matrix<Scalar>, into kept: inout Matrix<Scalar>, slot: Int, k: Int) {
    let width = kept.columns
    x.withUnsafeBufferPointer { source in
      kept.withUnsafeMutableBufferPointer { target in
        for row in 0..<x.rows {
          for f in 0..<k { target[row * width + slot * k + f] = source[row * k + f] }
        }
      }
    }
  }
}
