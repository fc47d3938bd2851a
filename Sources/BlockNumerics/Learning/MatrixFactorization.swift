/// A matrix-factorization recommender (Koren, Bell & Volinsky 2009, "biased MF"):
/// `r̂(u, i) = μ + b_u + c_i + ⟨P_u, Q_i⟩`, with user embeddings `P` (`users × factors`),
/// item embeddings `Q` (`items × factors`), user biases `b` (`users × 1`), item biases `c`
/// (`items × 1`) and `μ` the mean training rating.
///
/// ``fit(_:optimizer:epochs:batchSize:l2:seed:validation:onEpoch:)`` minimises, over
/// shuffled mini-batches `B` of observed ratings, `(1/|B|) Σ_{(u,i,r)∈B} (r̂ − r)² +
/// λ(‖P_u‖² + ‖Q_i‖²)` with any ``Optimizer`` (``parameters`` are `[P, Q, b, c]`). ALS trains
/// it too (``fitALS(_:regularization:iterations:biases:threads:validation:onIteration:)``,
/// ``fitImplicitALS(_:regularization:alpha:iterations:solver:threads:onIteration:)``), and
/// ``BayesianMatrixFactorization`` returns one; see the Recommenders article.
public struct MatrixFactorization<Scalar: BLASScalar>: Sendable {
  /// The number of users.
  public let users: Int
  /// The number of items.
  public let items: Int
  /// The embedding dimension.
  public let factors: Int
  /// `[P, Q, b, c]`: `users × factors`, `items × factors`, `users × 1`, `items × 1`.
  public var parameters: [Matrix<Scalar>]
  /// `μ`, the mean rating of the last training set (0 before training).
  public var globalMean: Scalar = 0

  /// Per-epoch root-mean-square errors of a training run.
  public struct History: Sendable, Equatable {
    /// The training RMSE of each epoch (over its batches, each before its update).
    public var trainingRMSE: [Double] = []
    /// The RMSE on the validation ratings after each epoch (empty without them).
    public var validationRMSE: [Double] = []
    /// Wall-clock seconds of the whole run.
    public var seconds: Double = 0
  }

  /// A model with embeddings drawn from a normal distribution with standard deviation
  /// `initialScale` (seeded) and zero biases.
  ///
  /// Sizes below 1 stop with a precondition failure naming them.
  /// - Complexity: O((users + items) · factors).
  public init(users: Int, items: Int, factors: Int, initialScale: Scalar = 0.1, seed: UInt64) {
    precondition(
      users >= 1 && items >= 1 && factors >= 1,
      "MatrixFactorization(users:items:factors:seed:): sizes must be at least 1, got \(users), \(items), \(factors)")
    self.users = users
    self.items = items
    self.factors = factors
    parameters = [
      Matrix.randomNormal(rows: users, columns: factors, standardDeviation: initialScale, seed: seed),
      Matrix.randomNormal(rows: items, columns: factors, standardDeviation: initialScale, seed: seed &+ 1),
      Matrix(rows: users, columns: 1), Matrix(rows: items, columns: 1),
    ]
  }

  /// The user embeddings `P`, `users × factors`.
  public var userEmbeddings: Matrix<Scalar> { parameters[0] }
  /// The item embeddings `Q`, `items × factors`.
  public var itemEmbeddings: Matrix<Scalar> { parameters[1] }

  /// The predicted rating of `item` by `user`; indices outside the model stop with a
  /// precondition failure.
  /// - Complexity: O(factors).
  public func predict(user: Int, item: Int) -> Scalar {
    precondition(
      user >= 0 && user < users && item >= 0 && item < items,
      "MatrixFactorization.predict(user:item:): (\(user), \(item)) is outside \(users) users × \(items) items")
    return _predict(user: user, item: item)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _predict(user: Int, item: Int) -> Scalar {
    let k = factors
    return parameters[0].withUnsafeBufferPointer { p in
      parameters[1].withUnsafeBufferPointer { q in
        var value = globalMean + parameters[2]._storage[user] + parameters[3]._storage[item]
        for f in 0..<k { value += p[user * k + f] * q[item * k + f] }
        return value
      }
    }
  }

  /// The root-mean-square error of the predictions on `ratings`.
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for an empty list
  ///   or a user or item outside the model.
  /// - Complexity: O(ratings · factors).
  public func rootMeanSquaredError(_ ratings: [Rating<Scalar>]) throws -> Double {
    try _check(ratings, "MatrixFactorization.rootMeanSquaredError(_:)")
    var sum = 0.0
    for rating in ratings {
      let error = Double(_predict(user: rating.user, item: rating.item) - rating.value)
      sum += error * error
    }
    return (sum / Double(ratings.count)).squareRoot()
  }

  func _check(_ ratings: [Rating<Scalar>], _ operation: String) throws {
    guard !ratings.isEmpty else {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "no ratings given")
    }
    if let bad = ratings.firstIndex(where: { $0.user < 0 || $0.user >= users || $0.item < 0 || $0.item >= items }) {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "rating \(bad) is for user \(ratings[bad].user), item \(ratings[bad].item), outside \(users) users × \(items) items")
    }
    if let bad = ratings.firstIndex(where: { !$0.value.isFinite }) {
      throw BlockNumericsError.nonFiniteValue(operation: operation, message: "rating \(bad) is \(ratings[bad].value)")
    }
  }

  /// Trains on observed `ratings` with `optimizer` (a copy is used), in shuffled mini-batches
  /// of `batchSize` (seeded), with L2 strength `l2` on the embeddings of each rating's user
  /// and item; sets ``globalMean`` to the mean training rating first.
  ///
  /// - Parameters:
  ///   - ratings: the observed (user, item, rating) triples to train on.
  ///   - optimizer: the update rule for the embeddings and biases.
  ///   - epochs: passes over `ratings` (at least 1).
  ///   - batchSize: ratings per gradient step (at least 1).
  ///   - l2: the penalty per rating on its user's and item's embeddings (non-negative).
  ///   - seed: seeds the shuffling.
  ///   - validation: held-out ratings whose RMSE is recorded after every epoch.
  ///   - onEpoch: called after every epoch with its number (from 1), training RMSE and
  ///     validation RMSE (`nil` without validation ratings).
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for no ratings,
  ///   indices outside the model, epochs or batch size below 1 or a negative `l2`;
  ///   ``BlockNumericsError/nonFiniteValue(operation:message:)`` when training diverges.
  /// - Complexity: O(epochs · (ratings · factors + batches · (users + items) · factors)):
  ///   the optimizer updates every parameter on every batch.
  @discardableResult
  public mutating func fit<O: Optimizer>(
    _ ratings: [Rating<Scalar>], optimizer: O, epochs: Int, batchSize: Int = 256, l2: Scalar = 0,
    seed: UInt64 = 0, validation: [Rating<Scalar>] = [],
    onEpoch: ((_ epoch: Int, _ trainingRMSE: Double, _ validationRMSE: Double?) -> Void)? = nil
  ) throws -> History where O.Scalar == Scalar {
    try _fit(
      ratings, optimizer: optimizer, epochs: epochs, batchSize: batchSize, l2: l2, seed: seed, validation: validation,
      onEpoch: onEpoch, operation: "MatrixFactorization.fit(_:optimizer:epochs:…)", parallelism: nil)
  }

  /// The training loop of ``fit(_:optimizer:epochs:batchSize:l2:seed:validation:onEpoch:)``;
  /// with `parallelism`, one process's part of data-parallel training (see
  /// ``_DataParallelism``): the argument checks are agreed across processes, each batch's
  /// ratings are shared among them and their gradients summed.
  package mutating func _fit<O: Optimizer>(
    _ ratings: [Rating<Scalar>], optimizer: O, epochs: Int, batchSize: Int, l2: Scalar, seed: UInt64,
    validation: [Rating<Scalar>], onEpoch: ((_ epoch: Int, _ trainingRMSE: Double, _ validationRMSE: Double?) -> Void)?,
    operation: String, parallelism: _DataParallelism<Scalar>?
  ) throws -> History where O.Scalar == Scalar {
    try _DataParallelism.checkArguments(
      parallelism, operation: operation,
      values: [ratings.count, validation.count, users, items, factors, epochs, batchSize, Int(truncatingIfNeeded: seed),
               Int(truncatingIfNeeded: Double(l2).bitPattern)],
      names: ["the number of ratings", "the number of validation ratings", "users", "items", "factors", "epochs", "batchSize",
              "seed", "l2"]
    ) {
      try _check(ratings, operation)
      if !validation.isEmpty { try _check(validation, operation) }
      guard epochs >= 1, batchSize >= 1, l2 >= 0 else {
        throw BlockNumericsError.invalidArgument(
          operation: operation, message: "epochs and batchSize must be at least 1 and l2 non-negative, got \(epochs), \(batchSize), \(l2)")
      }
    }
    let clock = ContinuousClock()
    let began = clock.now
    globalMean = Scalar(ratings.reduce(0.0) { $0 + Double($1.value) } / Double(ratings.count))
    var optimizer = optimizer
    var generator = SeededRandomNumberGenerator(seed: seed)
    var order = Array(ratings.indices)
    var gradients = parameters.map { Matrix<Scalar>(rows: $0.rows, columns: $0.columns) }
    // Data-parallel only: the summed gradients, the all-reduce's buffer, [squared errors].
    var combinedGradients = gradients
    var combineBuffer: [Scalar] = []
    var statistics = [0.0]
    var history = History()
    for epoch in 1...epochs {
      order.shuffle(using: &generator)
      var squaredErrors = 0.0
      var start = 0
      while start < order.count {
        let batch = order[start..<Swift.min(order.count, start + batchSize)]
        if let parallelism {
          // This process's ratings of the batch, the gradient normalised by all of them; one
          // all-reduce sums every parameter's gradient and the batch's squared errors.
          let positions = parallelism.shard(of: batch.count)
          let shard = batch[(batch.startIndex + positions.lowerBound)..<(batch.startIndex + positions.upperBound)]
          statistics[0] = _gradients(ratings, batch: shard, normalizingCount: batch.count, l2: l2, into: &gradients)
          try parallelism.combine(gradients, statistics: &statistics, into: &combinedGradients, buffer: &combineBuffer)
          squaredErrors += statistics[0]
          _optimizerStep(&optimizer, parameters: &parameters, gradients: combinedGradients)
        } else {
          squaredErrors += _gradients(ratings, batch: batch, normalizingCount: batch.count, l2: l2, into: &gradients)
          _optimizerStep(&optimizer, parameters: &parameters, gradients: gradients)
        }
        start += batchSize
      }
      let rmse = (squaredErrors / Double(ratings.count)).squareRoot()
      guard rmse.isFinite else {
        throw BlockNumericsError.nonFiniteValue(
          operation: operation, message: "the training error became \(rmse) in epoch \(epoch); lower the learning rate")
      }
      history.trainingRMSE.append(rmse)
      let validationRMSE = validation.isEmpty ? nil : try rootMeanSquaredError(validation)
      if let validationRMSE { history.validationRMSE.append(validationRMSE) }
      onEpoch?(epoch, rmse, validationRMSE)
    }
    let elapsed = (clock.now - began).components
    history.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
    return history
  }

  /// Writes the batch's gradients into `gradients` (zeroed first) and returns the sum of
  /// squared errors before the update.
  func _gradients(
    _ ratings: [Rating<Scalar>], batch: ArraySlice<Int>, l2: Scalar, into gradients: inout [Matrix<Scalar>]
  ) -> Double {
    _gradients(ratings, batch: batch, normalizingCount: batch.count, l2: l2, into: &gradients)
  }

  /// Writes the gradients of `batch`'s ratings into `gradients` (zeroed first), each
  /// rating's term divided by `normalizingCount` (the batch's size; in data-parallel training
  /// the whole batch of which `batch` is this process's part), and returns the sum of
  /// squared errors before the update.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _gradients(
    _ ratings: [Rating<Scalar>], batch: ArraySlice<Int>, normalizingCount: Int, l2: Scalar,
    into gradients: inout [Matrix<Scalar>]
  ) -> Double {
    let k = factors
    let scale = 2 / Scalar(normalizingCount)
    var squaredErrors = 0.0
    // Moved out of the array (and back) so that four of them can be written at once.
    var (gp, gq, gb, gc) = (Matrix<Scalar>._empty, Matrix<Scalar>._empty, Matrix<Scalar>._empty, Matrix<Scalar>._empty)
    swap(&gp, &gradients[0])
    swap(&gq, &gradients[1])
    swap(&gb, &gradients[2])
    swap(&gc, &gradients[3])
    defer {
      swap(&gp, &gradients[0])
      swap(&gq, &gradients[1])
      swap(&gb, &gradients[2])
      swap(&gc, &gradients[3])
    }
    gp.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    gq.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    gb.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    gc.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    parameters[0].withUnsafeBufferPointer { p in
      parameters[1].withUnsafeBufferPointer { q in
        parameters[2].withUnsafeBufferPointer { b in
          parameters[3].withUnsafeBufferPointer { c in
            gp.withUnsafeMutableBufferPointer { dp in
              gq.withUnsafeMutableBufferPointer { dq in
                gb.withUnsafeMutableBufferPointer { db in
                  gc.withUnsafeMutableBufferPointer { dc in
                    for index in batch {
                      let rating = ratings[index]
                      let u = rating.user * k
                      let i = rating.item * k
                      var prediction = globalMean + b[rating.user] + c[rating.item]
                      for f in 0..<k { prediction += p[u + f] * q[i + f] }
                      let error = prediction - rating.value
                      squaredErrors += Double(error * error)
                      let e = scale * error
                      let decay = scale * l2
                      for f in 0..<k {
                        dp[u + f] += e * q[i + f] + decay * p[u + f]
                        dq[i + f] += e * p[u + f] + decay * q[i + f]
                      }
                      db[rating.user] += e
                      dc[rating.item] += e
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return squaredErrors
  }
}
