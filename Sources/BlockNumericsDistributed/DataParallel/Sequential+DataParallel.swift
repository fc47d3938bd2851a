import BlockNumerics

// Data-parallel training of a Sequential model (PyTorch DistributedDataParallel's
// semantics): every process holds the same data and model and walks the same shuffled
// batches; each computes the gradient of its shard of every batch, one all-reduce per step
// sums the gradients, and every process applies the same optimizer step.

extension Sequential where Scalar: MPIScalar {
  /// Trains the model on `inputs` with one class label per row, as
  /// `fit(inputs:labels:loss:optimizer:epochs:batchSize:seed:shuffle:validationSplit:earlyStoppingPatience:onBatch:onEpoch:)`
  /// does, with every batch shared among the processes of `communicator`.
  ///
  /// Every process calls it with the same data, model (the same layer seeds), optimizer and
  /// arguments. Each batch of `batchSize` rows is split into contiguous shards, one per
  /// process (rows `⌊r·n/P⌋ ..< ⌊(r+1)·n/P⌋` for process `r` of `P`; a process may get
  /// none); each process computes the gradient of its rows with the loss divided by the
  /// whole batch's size, and **one all-reduce per step** sums all parameters' gradients
  /// (flattened into one buffer, with the batch's loss and correct count) so that every
  /// process applies the same optimizer step to the gradient of the whole batch. The
  /// weights therefore stay bit-for-bit identical on every process, and equal those of
  /// single-process training on the same batches up to rounding (the batch's sums are
  /// split among processes). Validation, when asked for, runs on every process alike.
  ///
  /// The history and callbacks are the same on every process (losses and accuracies of the
  /// whole batches); in `Float` the per-batch loss travels as a `Float`. Dropout draws its
  /// masks per process, so with `Dropout` layers training differs from single-process
  /// training (it stays identical across processes).
  ///
  /// - Parameters:
  ///   - inputs: the training samples, `samples × features`, the same on every process.
  ///   - labels: one class index per row of `inputs`, the same on every process.
  ///   - communicator: the processes that train together; every one of them must call this.
  ///   - Other parameters: as in the local `fit`.
  /// - Throws: on every process, the error of the lowest-ranked process that found one:
  ///   the local `fit`'s errors (shape mismatches, invalid arguments, a loss that becomes
  ///   NaN or infinite, which is detected on the summed loss), and
  ///   `BlockNumericsError.invalidArgument` when the processes pass different
  ///   data, starting parameters, epochs, batch sizes, seeds or other arguments (compared
  ///   by value or by fingerprint before the first step), `BlockNumericsError.systemFailure`
  ///   after MPI was finalised.
  /// - Complexity: O(epochs · samples / P · cost of one forward and backward pass per row)
  ///   computation per process, plus per step one all-reduce of the model's parameter count
  ///   (about `2·parameters·(P−1)/P` elements sent per process with a ring all-reduce, or
  ///   `⌈log₂ P⌉` messages of `parameters` elements with recursive doubling), and
  ///   O(samples · features + parameters) once to fingerprint the data and model.
  @discardableResult
  public mutating func fit<O: Optimizer>(
    inputs: Matrix<Scalar>, labels: [Int], loss: Loss, optimizer: O, epochs: Int, batchSize: Int = 32,
    seed: UInt64 = 0, shuffle: Bool = true, validationSplit: Double = 0, earlyStoppingPatience: Int? = nil,
    communicator: Communicator, onBatch: ((BatchReport) -> Void)? = nil, onEpoch: ((EpochReport) -> Void)? = nil
  ) throws -> TrainingHistory where O.Scalar == Scalar {
    let operation = "Sequential.fit(inputs:labels:…, communicator:)"
    try communicator._checkActive(operation)
    var data = _TrainingFingerprint()
    data.combine(inputs)
    data.combine(labels.count)
    for label in labels { data.combine(label) }
    return try _fit(
      inputs: inputs, targets: .labels(labels), loss: loss, optimizer: optimizer, epochs: epochs, batchSize: batchSize,
      seed: seed, shuffle: shuffle, validationSplit: validationSplit, earlyStoppingPatience: earlyStoppingPatience,
      onBatch: onBatch, onEpoch: onEpoch, operation: operation,
      parallelism: _dataParallelism(communicator, data: data, operation: operation))
  }

  /// Trains the model on `inputs` against a target row per sample (`samples × outputs`),
  /// data-parallel over `communicator`, as
  /// ``fit(inputs:labels:loss:optimizer:epochs:batchSize:seed:shuffle:validationSplit:earlyStoppingPatience:communicator:onBatch:onEpoch:)``
  /// does with labels.
  /// - Throws: as the labels version; a shape mismatch (on every process) when `targets`
  ///   is not `inputs.rows × outputs` on some process.
  /// - Complexity: as the labels version.
  @discardableResult
  public mutating func fit<O: Optimizer>(
    inputs: Matrix<Scalar>, targets: Matrix<Scalar>, loss: Loss, optimizer: O, epochs: Int, batchSize: Int = 32,
    seed: UInt64 = 0, shuffle: Bool = true, validationSplit: Double = 0, earlyStoppingPatience: Int? = nil,
    communicator: Communicator, onBatch: ((BatchReport) -> Void)? = nil, onEpoch: ((EpochReport) -> Void)? = nil
  ) throws -> TrainingHistory where O.Scalar == Scalar {
    let operation = "Sequential.fit(inputs:targets:…, communicator:)"
    try communicator._checkActive(operation)
    var data = _TrainingFingerprint()
    data.combine(inputs)
    data.combine(targets)
    return try _fit(
      inputs: inputs, targets: .matrix(targets), loss: loss, optimizer: optimizer, epochs: epochs, batchSize: batchSize,
      seed: seed, shuffle: shuffle, validationSplit: validationSplit, earlyStoppingPatience: earlyStoppingPatience,
      onBatch: onBatch, onEpoch: onEpoch, operation: operation,
      parallelism: _dataParallelism(communicator, data: data, operation: operation))
  }

  /// The hook for `_fit`, agreeing on fingerprints of the data and of the starting model.
  private func _dataParallelism(
    _ communicator: Communicator, data: _TrainingFingerprint, operation: String
  ) -> _DataParallelism<Scalar> {
    var model = _TrainingFingerprint()
    model.combine(layers.count)
    for parameter in parameters { model.combine(parameter) }
    return communicator._dataParallelism(
      fingerprints: [data.value, model.value],
      names: ["training data (its fingerprint)", "starting model parameters (their fingerprint; build the layers from the same seeds)"],
      operation: operation)
  }
}
