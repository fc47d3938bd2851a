extension MatrixFactorization {
  /// Trains on explicit ratings by alternating least squares with weighted-λ
  /// regularization (ALS-WR, Zhou, Wilkinson, Schreiber & Pan 2008), the method of Spark
  /// MLlib's `ALS`, here with user and item biases.
  ///
  /// ``globalMean`` becomes the mean training rating `μ`. Each iteration first fixes the
  /// items and solves, for every user `u` with `n_u` ratings, the ridge regression
  ///
  ///     min over (P_u, b_u) of  Σ_i (r_ui − μ − c_i − b_u − ⟨P_u, Q_i⟩)² + λ·n_u·(‖P_u‖² + b_u²)
  ///
  /// (`k + 1` unknowns with biases, `k` without: the normal equations `(XᵀX + λ·n_u·I)·w = Xᵀy`
  /// over the rows `X_i = [Q_i, 1]`, solved by Cholesky), then fixes the users and solves
  /// the same for every item. A user or item without ratings gets zero factors and bias.
  /// Only the current item factors matter at the start (the first step overwrites the
  /// users'), so the result depends on the seed given to ``init(users:items:factors:initialScale:seed:)``.
  ///
  /// Rows are solved in parallel on up to `threads` cores; each row's result depends on that
  /// row alone, so the model is identical, bit for bit, for any thread count.
  ///
  /// - Parameters:
  ///   - ratings: the training ratings; their shape must be `users × items` of the model.
  ///   - regularization: λ (non-negative); ``selectRegularization(_:factors:grid:validationFraction:iterations:biases:seed:threads:)``
  ///     picks one by held-out RMSE.
  ///   - iterations: user-then-item sweeps (at least 1).
  ///   - biases: whether to fit `b` and `c` (when `false` they stay zero).
  ///   - threads: the most cores to use (`nil`: all).
  ///   - validation: held-out ratings whose RMSE is recorded after every iteration.
  ///   - onIteration: called after every iteration with its number (from 1), the training
  ///     RMSE and the validation RMSE (`nil` without validation ratings).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when a ratings shape
  ///   differs from the model's; ``BlockNumericsError/invalidArgument(operation:message:)``
  ///   for no ratings, `iterations` below 1, a negative or non-finite λ, or (with λ = 0) a row
  ///   whose normal equations are singular, naming the row.
  /// - Complexity: O(iterations · (nnz · d² + (users + items) · d³)) with `d = factors + 1`
  ///   (`factors` without biases), spread over the cores.
  @discardableResult
  public mutating func fitALS(
    _ ratings: Ratings<Scalar>, regularization: Scalar = 0.05, iterations: Int = 10, biases: Bool = true,
    threads: Int? = nil, validation: Ratings<Scalar>? = nil,
    onIteration: ((_ iteration: Int, _ trainingRMSE: Double, _ validationRMSE: Double?) -> Void)? = nil
  ) throws -> History {
    let operation = "MatrixFactorization.fitALS(_:regularization:iterations:…)"
    try _checkShape(ratings, operation, name: "ratings")
    if let validation { try _checkShape(validation, operation, name: "validation ratings") }
    guard ratings.count > 0 else { throw BlockNumericsError.invalidArgument(operation: operation, message: "no ratings given") }
    guard iterations >= 1, regularization >= 0, regularization.isFinite else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "iterations must be at least 1 and regularization finite and non-negative, got \(iterations) and \(regularization)")
    }
    let clock = ContinuousClock()
    let began = clock.now
    globalMean = Scalar(ratings.meanValue)
    if !biases {
      parameters[2] = Matrix(rows: users, columns: 1)
      parameters[3] = Matrix(rows: items, columns: 1)
    }
    var history = History()
    for iteration in 1...iterations {
      for side in [_Side.users, .items] {
        if let failed = _alsHalfStep(side, ratings, regularization: regularization, biases: biases, threads: threads) {
          throw BlockNumericsError.invalidArgument(
            operation: operation,
            message: "the normal equations of \(side == .users ? "user" : "item") \(failed) are singular; use a positive regularization")
        }
      }
      let rmse = try rootMeanSquaredError(ratings)
      history.trainingRMSE.append(rmse)
      let validationRMSE = try validation.map { try rootMeanSquaredError($0) }
      if let validationRMSE { history.validationRMSE.append(validationRMSE) }
      onIteration?(iteration, rmse, validationRMSE)
    }
    history.seconds = _seconds(clock.now - began)
    return history
  }

  /// Which factors a half step solves for.
  enum _Side { case users, items }

  /// Solves every row of `side` with the other side fixed; returns the first row whose
  /// system is singular, or `nil`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  mutating func _alsHalfStep(_ side: _Side, _ ratings: Ratings<Scalar>, regularization: Scalar, biases: Bool, threads: Int?) -> Int? {
    let (solvedSlot, fixedSlot) = side == .users ? (0, 1) : (1, 0)
    let (starts, indices, values) =
      side == .users
      ? (ratings.userStarts, ratings.userItems, ratings.userValues) : (ratings.itemStarts, ratings.itemUsers, ratings.itemValues)
    let rows = side == .users ? users : items
    let k = factors
    let d = biases ? k + 1 : k
    let mean = globalMean
    let fixed = parameters[fixedSlot]
    let fixedBias = parameters[fixedSlot + 2]
    var solved = parameters[solvedSlot]
    var solvedBias = parameters[solvedSlot + 2]
    parameters[solvedSlot] = Matrix._empty  // so `solved` is uniquely referenced
    parameters[solvedSlot + 2] = Matrix._empty
    var failures = [Bool](repeating: false, count: rows)
    fixed.withUnsafeBufferPointer { y in
      fixedBias.withUnsafeBufferPointer { c in
        solved.withUnsafeMutableBufferPointer { x in
          solvedBias.withUnsafeMutableBufferPointer { b in
            failures.withUnsafeMutableBufferPointer { failed in
              let (y, c) = (UnsafeSendablePointer(readOnly: y._viewBase), UnsafeSendablePointer(readOnly: c._viewBase))
              let (x, b, failed) = (UnsafeSendablePointer(x._viewBase), UnsafeSendablePointer(b._viewBase), UnsafeSendablePointer(failed._viewBase))
              RecommenderKernels.forEachChunk(count: rows, threads: threads) { range in
                let a = UnsafeMutablePointer<Scalar>.allocate(capacity: d * d)
                let rhs = UnsafeMutablePointer<Scalar>.allocate(capacity: d)
                defer {
                  a.deallocate()
                  rhs.deallocate()
                }
                for row in range {
                  let entries = starts[row]..<starts[row + 1]
                  guard !entries.isEmpty else {
                    for f in 0..<k { x.base[row * k + f] = 0 }
                    b.base[row] = 0
                    continue
                  }
                  a.update(repeating: 0, count: d * d)
                  rhs.update(repeating: 0, count: d)
                  for e in entries {
                    let other = indices[e]
                    let factorsOfOther = y.base + other * k
                    let target = values[e] - mean - (biases ? c.base[other] : 0)
                    // Lower triangle of Σ x xᵀ, x = [Q_i, 1].
                    for i in 0..<k {
                      let xi = factorsOfOther[i]
                      for j in 0...i { a[i * d + j] += xi * factorsOfOther[j] }
                      rhs[i] += target * xi
                    }
                    if biases {
                      for j in 0..<k { a[k * d + j] += factorsOfOther[j] }
                      a[k * d + k] += 1
                      rhs[k] += target
                    }
                  }
                  let ridge = regularization * Scalar(entries.count)
                  for i in 0..<d { a[i * d + i] += ridge }
                  guard RecommenderKernels.choleskySolve(a, d, rhs) else {
                    failed.base[row] = true
                    continue
                  }
                  for f in 0..<k { x.base[row * k + f] = rhs[f] }
                  b.base[row] = biases ? rhs[k] : 0
                }
              }
            }
          }
        }
      }
    }
    parameters[solvedSlot] = solved
    parameters[solvedSlot + 2] = solvedBias
    return failures.firstIndex(of: true)
  }

  /// Throws unless `ratings` has the model's `users × items` shape.
  func _checkShape(_ ratings: Ratings<Scalar>, _ operation: String, name: String) throws {
    guard ratings.users == users, ratings.items == items else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation, message: "the \(name) are \(ratings.users) users × \(ratings.items) items, the model \(users) × \(items)")
    }
  }

  /// The root-mean-square error of the predictions on `ratings`.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` for a shape other
  ///   than the model's; ``BlockNumericsError/invalidArgument(operation:message:)`` when
  ///   there are no ratings.
  /// - Complexity: O(count · factors).
  public func rootMeanSquaredError(_ ratings: Ratings<Scalar>) throws -> Double {
    let operation = "MatrixFactorization.rootMeanSquaredError(_:)"
    try _checkShape(ratings, operation, name: "ratings")
    guard ratings.count > 0 else { throw BlockNumericsError.invalidArgument(operation: operation, message: "no ratings given") }
    var sum = 0.0
    for u in 0..<ratings.users {
      for e in ratings.userStarts[u]..<ratings.userStarts[u + 1] {
        let error = Double(_predict(user: u, item: ratings.userItems[e]) - ratings.userValues[e])
        sum += error * error
      }
    }
    return (sum / Double(ratings.count)).squareRoot()
  }
}

/// Seconds of a duration.
func _seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}
