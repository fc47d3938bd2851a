import BlockNumerics

// Data-parallel training of the matrix-factorization recommender: every process holds the
// same ratings and model and walks the same shuffled batches; each computes the gradient of
// its shard of every batch, one all-reduce per step sums the gradients, and every process
// applies the same optimizer step.

extension MatrixFactorization where Scalar: MPIScalar {
  /// Trains on observed `ratings` as `fit(_:optimizer:epochs:batchSize:l2:seed:validation:onEpoch:)`
  /// does, with every batch shared among the processes of `communicator`.
  ///
  /// Every process calls it with the same ratings, model (the same seed), optimizer and
  /// arguments. Each batch of `batchSize` ratings is split into contiguous shards, one per
  /// process (a process may get none); each process computes the gradient of its ratings
  /// divided by the whole batch's size, and **one all-reduce per step** sums the gradients
  /// of `[P, Q, b, c]` (flattened into one buffer of `(users + items)·(factors + 1)`
  /// elements, with the batch's squared errors), so that every process applies the same
  /// optimizer step. The parameters therefore stay bit-for-bit identical on every process,
  /// and equal those of single-process training up to rounding. Validation RMSE is computed
  /// on every process alike; the history is the same everywhere.
  ///
  /// - Parameters:
  ///   - ratings: the (user, item, rating) triples, the same on every process.
  ///   - communicator: the processes that train together; every one of them must call this.
  ///   - Other parameters: as in the local `fit`.
  /// - Throws: on every process, the error of the lowest-ranked process that found one:
  ///   the local `fit`'s errors (no ratings, indices outside the model, invalid epochs, batch
  ///   size or `l2`, a training error that becomes NaN or infinite), and
  ///   `BlockNumericsError.invalidArgument` when the processes pass different
  ///   ratings, starting parameters or arguments (compared by value or by fingerprint before
  ///   the first step), `BlockNumericsError.systemFailure` after MPI was finalised.
  /// - Complexity: O(epochs · ratings / P · factors) computation per process, plus per
  ///   step the optimizer's O((users + items) · factors) and one all-reduce of as many
  ///   elements; O(ratings + parameters) once for the fingerprints.
  @discardableResult
  public mutating func fit<O: Optimizer>(
    _ ratings: [Rating<Scalar>], optimizer: O, epochs: Int, batchSize: Int = 256, l2: Scalar = 0,
    seed: UInt64 = 0, validation: [Rating<Scalar>] = [], communicator: Communicator,
    onEpoch: ((_ epoch: Int, _ trainingRMSE: Double, _ validationRMSE: Double?) -> Void)? = nil
  ) throws -> History where O.Scalar == Scalar {
    let operation = "MatrixFactorization.fit(_:optimizer:epochs:…, communicator:)"
    try communicator._checkActive(operation)
    var data = _TrainingFingerprint()
    for list in [ratings, validation] {
      data.combine(list.count)
      for rating in list {
        data.combine(rating.user)
        data.combine(rating.item)
        data.combine(Double(rating.value).bitPattern)
      }
    }
    var model = _TrainingFingerprint()
    for parameter in parameters { model.combine(parameter) }
    let parallelism: _DataParallelism<Scalar> = communicator._dataParallelism(
      fingerprints: [data.value, model.value],
      names: ["ratings (their fingerprint)", "starting model parameters (their fingerprint; build the model from the same seed)"],
      operation: operation)
    return try _fit(
      ratings, optimizer: optimizer, epochs: epochs, batchSize: batchSize, l2: l2, seed: seed, validation: validation,
      onEpoch: onEpoch, operation: operation, parallelism: parallelism)
  }
}
