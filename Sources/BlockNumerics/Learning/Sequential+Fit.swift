/// What happened in one training epoch (epochs count from 1).
public struct EpochReport: Sendable, Equatable {
  /// The epoch, from 1.
  public var epoch: Int
  /// The mean training loss over the epoch's batches (weighted by batch size), each taken
  /// before that batch's update.
  public var loss: Double
  /// The fraction of training rows classified correctly during the epoch (the class of each
  /// row before its batch's update).
  public var accuracy: Double
  /// The loss on the validation rows after the epoch, when there are any.
  public var validationLoss: Double?
  /// The accuracy on the validation rows after the epoch, when there are any.
  public var validationAccuracy: Double?
  /// Wall-clock seconds of the epoch (training and validation).
  public var seconds: Double
}

/// Progress inside an epoch, reported after every batch.
public struct BatchReport: Sendable, Equatable {
  /// The epoch, from 1.
  public var epoch: Int
  /// The batch just trained, from 1.
  public var batch: Int
  /// The number of batches per epoch.
  public var batchCount: Int
  /// The mean training loss of the epoch so far.
  public var loss: Double
  /// The training accuracy of the epoch so far.
  public var accuracy: Double
}

/// The per-epoch record of a ``Sequential/fit(inputs:labels:loss:optimizer:epochs:batchSize:seed:shuffle:validationSplit:earlyStoppingPatience:onBatch:onEpoch:)`` run.
public struct TrainingHistory: Sendable, Equatable {
  /// One report per epoch run.
  public var epochs: [EpochReport] = []
  /// Whether early stopping ended the run before the last epoch.
  public var stoppedEarly = false
  /// With early stopping, the epoch (from 1) whose parameters the model was left with.
  public var bestEpoch: Int?

  /// The training loss of each epoch.
  public var losses: [Double] { epochs.map(\.loss) }
  /// The training accuracy of each epoch.
  public var accuracies: [Double] { epochs.map(\.accuracy) }
  /// The validation loss of each epoch (empty without validation rows).
  public var validationLosses: [Double] { epochs.compactMap(\.validationLoss) }
  /// The validation accuracy of each epoch (empty without validation rows).
  public var validationAccuracies: [Double] { epochs.compactMap(\.validationAccuracy) }
  /// The total wall-clock seconds of all epochs.
  public var seconds: Double { epochs.reduce(0) { $0 + $1.seconds } }
}

extension Sequential {
  /// Trains the model on `inputs` (`samples × features`) with one class label per row by
  /// mini-batch gradient descent with `optimizer`.
  ///
  /// Each epoch visits every training row once, in an order shuffled by a generator seeded
  /// from `seed` (so the same seed, model and optimizer give the same trained weights), in
  /// batches of `batchSize` rows (the last one smaller). With `validationSplit > 0` the last
  /// `round(validationSplit · samples)` rows (before shuffling, as Keras does) are held out
  /// and evaluated after each epoch; with `earlyStoppingPatience` training stops once the
  /// validation loss has not improved for that many epochs, and the model keeps the best
  /// epoch's parameters.
  ///
  /// - Parameters:
  ///   - inputs: the training samples, `samples × features`.
  ///   - labels: one class index per row of `inputs`, below the number of outputs.
  ///   - loss: see ``Loss``.
  ///   - optimizer: the update rule (a copy is used; its state starts fresh).
  ///   - epochs: passes over the training rows (at least 1).
  ///   - batchSize: rows per gradient step (at least 1).
  ///   - seed: seeds the shuffling (and nothing else: weights come from the layers' seeds).
  ///   - shuffle: whether each epoch visits the rows in a new order.
  ///   - validationSplit: the fraction of rows, taken from the end, held out for validation.
  ///   - earlyStoppingPatience: epochs without a better validation loss before stopping.
  ///   - onBatch: called after every batch (for progress bars).
  ///   - onEpoch: called after every epoch with its loss, accuracy and seconds.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the label count
  ///   differs from `inputs.rows` or a layer cannot take its input,
  ///   ``BlockNumericsError/invalidArgument(operation:message:)`` for a label outside the
  ///   model's classes, epochs or batch size below 1, a split outside `[0, 1)` or nothing
  ///   left to train on, ``BlockNumericsError/nonFiniteValue(operation:message:)`` when the
  ///   loss becomes NaN or infinite.
  /// - Complexity: O(epochs · samples · cost of one forward and backward pass per row).
  @discardableResult
  public mutating func fit<O: Optimizer>(
    inputs: Matrix<Scalar>, labels: [Int], loss: Loss, optimizer: O, epochs: Int, batchSize: Int = 32,
    seed: UInt64 = 0, shuffle: Bool = true, validationSplit: Double = 0, earlyStoppingPatience: Int? = nil,
    onBatch: ((BatchReport) -> Void)? = nil, onEpoch: ((EpochReport) -> Void)? = nil
  ) throws -> TrainingHistory where O.Scalar == Scalar {
    try _fit(
      inputs: inputs, targets: .labels(labels), loss: loss, optimizer: optimizer, epochs: epochs, batchSize: batchSize,
      seed: seed, shuffle: shuffle, validationSplit: validationSplit, earlyStoppingPatience: earlyStoppingPatience,
      onBatch: onBatch, onEpoch: onEpoch, operation: "Sequential.fit(inputs:labels:…)", parallelism: nil)
  }

  /// Trains the model on `inputs` against a target row per sample (`samples × outputs`), as
  /// ``fit(inputs:labels:loss:optimizer:epochs:batchSize:seed:shuffle:validationSplit:earlyStoppingPatience:onBatch:onEpoch:)``
  /// does with labels (for regression with `.meanSquaredError`, or multi-label targets with
  /// `.binaryCrossEntropy`). Accuracy compares the argmax of outputs and targets (for a
  /// single output, outputs above 0 — 0.5 for squared error — with targets above 0.5).
  /// - Throws: as the labels version; a shape mismatch when `targets` is not
  ///   `inputs.rows × outputs`.
  /// - Complexity: as the labels version.
  @discardableResult
  public mutating func fit<O: Optimizer>(
    inputs: Matrix<Scalar>, targets: Matrix<Scalar>, loss: Loss, optimizer: O, epochs: Int, batchSize: Int = 32,
    seed: UInt64 = 0, shuffle: Bool = true, validationSplit: Double = 0, earlyStoppingPatience: Int? = nil,
    onBatch: ((BatchReport) -> Void)? = nil, onEpoch: ((EpochReport) -> Void)? = nil
  ) throws -> TrainingHistory where O.Scalar == Scalar {
    try _fit(
      inputs: inputs, targets: .matrix(targets), loss: loss, optimizer: optimizer, epochs: epochs, batchSize: batchSize,
      seed: seed, shuffle: shuffle, validationSplit: validationSplit, earlyStoppingPatience: earlyStoppingPatience,
      onBatch: onBatch, onEpoch: onEpoch, operation: "Sequential.fit(inputs:targets:…)", parallelism: nil)
  }

  /// The training loop of both `fit` methods; with `parallelism`, one process's part of
  /// data-parallel training (see ``_DataParallelism``): the argument checks are agreed across
  /// processes, each batch's rows are shared among them and their gradients summed.
  package mutating func _fit<O: Optimizer>(
    inputs: Matrix<Scalar>, targets: _Targets<Scalar>, loss: Loss, optimizer: O, epochs: Int, batchSize: Int,
    seed: UInt64, shuffle: Bool, validationSplit: Double, earlyStoppingPatience: Int?,
    onBatch: ((BatchReport) -> Void)?, onEpoch: ((EpochReport) -> Void)?, operation: String,
    parallelism: _DataParallelism<Scalar>?
  ) throws -> TrainingHistory where O.Scalar == Scalar {
    try _DataParallelism.checkArguments(
      parallelism, operation: operation,
      values: [inputs.rows, inputs.columns, epochs, batchSize, Int(truncatingIfNeeded: seed), shuffle ? 1 : 0,
               Int(truncatingIfNeeded: validationSplit.bitPattern), earlyStoppingPatience ?? 0, loss._index],
      names: ["the number of samples", "the number of features", "epochs", "batchSize", "seed", "shuffle",
              "validationSplit", "earlyStoppingPatience", "the loss"]
    ) {
      try _checkFit(
        inputs: inputs, targets: targets, loss: loss, epochs: epochs, batchSize: batchSize, validationSplit: validationSplit,
        earlyStoppingPatience: earlyStoppingPatience, operation: operation)
    }
    let samples = inputs.rows
    let validationCount = Int((validationSplit * Double(samples)).rounded())
    let trainingCount = samples - validationCount

    var generator = SeededRandomNumberGenerator(seed: seed)
    var optimizer = optimizer
    var order = Array(0..<trainingCount)
    var workspaces: [Int: _Workspace] = [:]
    var batchLabels: [Int] = []
    var batchTargets = Matrix<Scalar>._empty
    var lossGradient = Matrix<Scalar>._empty
    // The optimizer updates one flat list; each parameter is swapped in from its layer for
    // the step and back, with the previous step's buffer as the stand-in, so nothing is
    // copied or allocated per batch.
    var flatParameters = parameters.map { $0.map { $0 } }
    var flatGradients: [Matrix<Scalar>] = []
    flatGradients.reserveCapacity(flatParameters.count)
    let parameterCounts = layers.map { $0.parameters.count }
    // Data-parallel only: the summed gradients, the all-reduce's buffer, [loss, correct].
    var combinedGradients = parallelism == nil ? [] : parameters.map { Matrix<Scalar>(rows: $0.rows, columns: $0.columns) }
    var combineBuffer: [Scalar] = []
    var statistics = [0.0, 0.0]

    var history = TrainingHistory()
    var bestLoss = Double.infinity
    var bestParameters: [Matrix<Scalar>]?
    var epochsSinceBest = 0
    let clock = ContinuousClock()
    let batchCount = (trainingCount + batchSize - 1) / batchSize

    for epoch in 1...epochs {
      let began = clock.now
      if shuffle { order.shuffle(using: &generator) }
      var lossSum = 0.0
      var correct = 0
      var seen = 0
      for batch in 0..<batchCount {
        let indices = order[batch * batchSize..<Swift.min(trainingCount, (batch + 1) * batchSize)]
        let rows = indices.count
        // Data-parallel: this process's rows of the batch, the loss normalised by all of them.
        var shard = indices
        if let positions = parallelism?.shard(of: rows) {
          shard = indices[(indices.startIndex + positions.lowerBound)..<(indices.startIndex + positions.upperBound)]
        }
        var batchResult: (loss: Double, correct: Int) = (0, 0)
        if !shard.isEmpty {
          var workspace = workspaces.removeValue(forKey: shard.count) ?? _Workspace(layerCount: layers.count)
          workspace.gather(inputs, indices: shard)
          _forward(&workspace, training: true)
          switch targets {
          case .labels(let labels):
            batchLabels.removeAll(keepingCapacity: true)
            for index in shard { batchLabels.append(labels[index]) }
            batchResult = loss._evaluate(
              outputs: workspace.activations[layers.count], targets: .labels(batchLabels), offset: 0, gradient: &lossGradient,
              normalizingRows: rows)
          case .matrix(let t):
            _gatherRows(t, indices: shard, into: &batchTargets)
            batchResult = loss._evaluate(
              outputs: workspace.activations[layers.count], targets: .matrix(batchTargets), offset: 0, gradient: &lossGradient,
              normalizingRows: rows)
          }
          if parallelism == nil {
            try _checkLoss(batchResult.loss, epoch: epoch, batch: batch, operation: operation)
          }
          swap(&lossGradient, &workspace.deltas[layers.count])
          _backward(&workspace)
          swap(&lossGradient, &workspace.deltas[layers.count])
          workspaces[shard.count] = workspace
        }
        if let parallelism {
          // One all-reduce: every parameter's gradient and the batch's loss and correct rows.
          statistics[0] = batchResult.loss
          statistics[1] = Double(batchResult.correct)
          try parallelism.combine(
            shard.isEmpty ? nil : layers.flatMap { $0.gradients }, statistics: &statistics, into: &combinedGradients,
            buffer: &combineBuffer)
          batchResult = (statistics[0], Int(statistics[1].rounded()))
          try _checkLoss(batchResult.loss, epoch: epoch, batch: batch, operation: operation)
        }

        _step(
          &optimizer, flatParameters: &flatParameters, flatGradients: &flatGradients, counts: parameterCounts,
          combined: parallelism == nil ? nil : combinedGradients)

        lossSum += batchResult.loss * Double(rows)
        correct += batchResult.correct
        seen += rows
        onBatch?(BatchReport(
          epoch: epoch, batch: batch + 1, batchCount: batchCount, loss: lossSum / Double(seen),
          accuracy: Double(correct) / Double(seen)))
      }
      var report = EpochReport(
        epoch: epoch, loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
        validationLoss: nil, validationAccuracy: nil, seconds: 0)
      if validationCount > 0 {
        let (validationLoss, validationAccuracy) = try _validate(
          inputs: inputs, targets: targets, rows: trainingCount..<samples, loss: loss)
        report.validationLoss = validationLoss
        report.validationAccuracy = validationAccuracy
      }
      let elapsed = (clock.now - began).components
      report.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
      history.epochs.append(report)
      onEpoch?(report)

      if let patience = earlyStoppingPatience, let validationLoss = report.validationLoss {
        if validationLoss < bestLoss {
          bestLoss = validationLoss
          bestParameters = parameters.map { $0.map { $0 } }
          history.bestEpoch = epoch
          epochsSinceBest = 0
        } else {
          epochsSinceBest += 1
          if epochsSinceBest >= patience {
            history.stoppedEarly = epoch < epochs
            break
          }
        }
      }
    }
    if let bestParameters { parameters = bestParameters }
    return history
  }

  /// One optimizer step on all layers' parameters at once (see `_fit`), with the layers'
  /// gradients or, in data-parallel training, the gradients `combined` over processes.
  mutating func _step<O: Optimizer>(
    _ optimizer: inout O, flatParameters: inout [Matrix<Scalar>], flatGradients: inout [Matrix<Scalar>], counts: [Int],
    combined: [Matrix<Scalar>]? = nil
  ) where O.Scalar == Scalar {
    flatGradients.removeAll(keepingCapacity: true)
    if let combined { flatGradients.append(contentsOf: combined) }
    var k = 0
    for l in layers.indices where counts[l] > 0 {
      if combined == nil { flatGradients.append(contentsOf: layers[l].gradients) }
      for j in 0..<counts[l] { swap(&flatParameters[k + j], &layers[l].parameters[j]) }
      k += counts[l]
    }
    _optimizerStep(&optimizer, parameters: &flatParameters, gradients: flatGradients)
    // Dropped before the next backward pass writes the layers' gradient buffers again.
    flatGradients.removeAll(keepingCapacity: true)
    k = 0
    for l in layers.indices where counts[l] > 0 {
      for j in 0..<counts[l] { swap(&flatParameters[k + j], &layers[l].parameters[j]) }
      k += counts[l]
    }
  }

  /// Throws unless every argument of `_fit` is valid, in the order the checks were always made.
  func _checkFit(
    inputs: Matrix<Scalar>, targets: _Targets<Scalar>, loss: Loss, epochs: Int, batchSize: Int, validationSplit: Double,
    earlyStoppingPatience: Int?, operation: String
  ) throws {
    switch targets {
    case .labels(let labels):
      guard labels.count == inputs.rows else {
        throw BlockNumericsError.shapeMismatch(
          operation: operation, message: "\(inputs.shapeDescription) inputs need one label per row, got \(labels.count) labels")
      }
      let outputs = try outputFeatures(inputFeatures: inputs.columns)
      try loss._checkLabels(labels, outputs: outputs, operation: operation)
    case .matrix(let targets):
      let outputs = try outputFeatures(inputFeatures: inputs.columns)
      guard targets.rows == inputs.rows, targets.columns == outputs else {
        throw BlockNumericsError.shapeMismatch(
          operation: operation,
          message: "\(inputs.shapeDescription) inputs and a model with \(outputs) outputs need \(inputs.rows)×\(outputs) targets, got \(targets.shapeDescription)")
      }
    }
    guard epochs >= 1, batchSize >= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "epochs and batchSize must be at least 1, got \(epochs) and \(batchSize)")
    }
    guard validationSplit >= 0, validationSplit < 1 else {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "validationSplit must be in [0, 1), got \(validationSplit)")
    }
    if let earlyStoppingPatience, earlyStoppingPatience < 1 || validationSplit == 0 {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "earlyStoppingPatience (\(earlyStoppingPatience)) must be at least 1 and needs a validationSplit above 0")
    }
    let samples = inputs.rows
    let validationCount = Int((validationSplit * Double(samples)).rounded())
    guard samples - validationCount >= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "no rows left to train on: \(samples) samples, \(validationCount) held out for validation")
    }
  }

  /// Throws unless a batch's loss is finite.
  func _checkLoss(_ loss: Double, epoch: Int, batch: Int, operation: String) throws {
    guard loss.isFinite else {
      throw BlockNumericsError.nonFiniteValue(
        operation: operation,
        message: "the loss became \(loss) in epoch \(epoch), batch \(batch + 1); lower the learning rate or scale the inputs")
    }
  }

  /// Loss and accuracy on the rows `rows` of the training data, in inference mode.
  func _validate(
    inputs: Matrix<Scalar>, targets: _Targets<Scalar>, rows: Range<Int>, loss: Loss
  ) throws -> (Double, Double) {
    let slice = try inputs.submatrix(rows: rows, columns: 0..<inputs.columns)
    let outputs = try predict(slice)
    var gradient = Matrix<Scalar>._empty
    let result = loss._evaluate(outputs: outputs, targets: targets, offset: rows.lowerBound, gradient: &gradient)
    return (result.loss, Double(result.correct) / Double(rows.count))
  }
}

/// Copies the rows `indices` of `source`, in that order, into `target` (reshaped if needed).
func _gatherRows<Scalar: BLASScalar>(_ source: Matrix<Scalar>, indices: ArraySlice<Int>, into target: inout Matrix<Scalar>) {
  let columns = source.columns
  target._reshapeForReuse(rows: indices.count, columns: columns)
  guard columns > 0 else { return }
  source.withUnsafeBufferPointer { s in
    target.withUnsafeMutableBufferPointer { d in
      var row = 0
      for index in indices {
        (d.baseAddress! + row * columns).update(from: s.baseAddress! + index * columns, count: columns)
        row += 1
      }
    }
  }
}
