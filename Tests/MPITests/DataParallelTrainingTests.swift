import BlockNumerics
import BlockNumericsDistributed

// Data-parallel training (Sequential and MatrixFactorization with a communicator): the
// trained parameters must be bit-for-bit identical on every process and equal, up to
// rounding, to single-process training on the same batches; a process whose shard of a
// batch is empty must take part; every error must be thrown on every process.

/// Whether every matrix is the same, bit for bit, on every process of `world` (its
/// element-wise maximum and minimum over processes equal it).
private func identicalOnEveryProcess<Scalar: BLASScalar & MPIScalar>(_ matrices: [Matrix<Scalar>], _ world: Communicator) throws -> Bool {
  var identical = true
  for matrix in matrices {
    let largest = try world.allReduce(matrix, .maximum)
    let smallest = try world.allReduce(matrix, .minimum)
    identical = identical && largest.elements == matrix.elements && smallest.elements == matrix.elements
  }
  // A process that found a difference tells the others.
  return try world.allReduce(identical ? 1 : 0, .minimum) == 1
}

/// The largest relative Frobenius distance between corresponding matrices.
private func relativeDistance<Scalar: BLASScalar>(_ a: [Matrix<Scalar>], _ b: [Matrix<Scalar>]) -> Double {
  zip(a, b).map { Double(($0 - $1).frobeniusNorm) / Swift.max(Double($1.frobeniusNorm), .leastNormalMagnitude) }.max() ?? 0
}

/// A small classification problem: `rows × 8` inputs in [-0.5, 0.5) and 4 classes that depend
/// on them (the sign pattern of two sums), the same on every process.
private func classification<Scalar: BLASScalar>(rows: Int, seed: Int) -> (inputs: Matrix<Scalar>, labels: [Int]) {
  let inputs: Matrix<Scalar> = localMatrix(rows, 8, seed: seed)
  let labels = (0..<rows).map { row in
    let first = (0..<4).reduce(Scalar(0)) { $0 + inputs[row, $1] }
    let second = (4..<8).reduce(Scalar(0)) { $0 + inputs[row, $1] }
    return (first > 0 ? 1 : 0) + (second > 0 ? 2 : 0)
  }
  return (inputs, labels)
}

private func classifier<Scalar: BLASScalar>(_: Scalar.Type, seed: UInt64 = 1) -> Sequential<Scalar> {
  Sequential<Scalar>([Dense(inputs: 8, outputs: 12, seed: seed), ReLU(), Dense(inputs: 12, outputs: 4, seed: seed &+ 1)])
}

/// Ratings of a small synthetic recommender, the same on every process.
private func ratings<Scalar: BLASScalar>(_: Scalar.Type) throws -> [Rating<Scalar>] {
  let dataset: RatingsDataset<Scalar> = try Datasets.syntheticRatings(
    users: 40, items: 30, rank: 3, density: 0.25, noise: 0.1, seed: 7, as: Scalar.self)
  return dataset.ratings
}

func dataParallelTrainingTests<Scalar: BLASScalar & MPIScalar>(
  _ runner: inout TestRunner, _: Scalar.Type, tolerance: Double
) throws {
  let world = runner.world
  let type = "\(Scalar.self)"

  // Batch sizes: 32 leaves a ragged last batch (150 = 4·32 + 22); 3 leaves process 3 of 4
  // without rows in every batch, and 1 leaves all processes but the last without rows.
  for batchSize in [32, 3, 1] {
    runner.test("data-parallel: Sequential, \(type), batch \(batchSize), 5 epochs, identical everywhere and equal to one process") { t in
      let rows = batchSize == 1 ? 40 : 150
      let trainingRows = rows - Int((0.2 * Double(rows)).rounded())
      let data: (inputs: Matrix<Scalar>, labels: [Int]) = classification(rows: rows, seed: 11)
      var local = classifier(Scalar.self)
      let localHistory = try local.fit(
        inputs: data.inputs, labels: data.labels, loss: .softmaxCrossEntropy, optimizer: Adam<Scalar>(learningRate: 0.01),
        epochs: 5, batchSize: batchSize, seed: 3, validationSplit: 0.2)
      var distributed = classifier(Scalar.self)
      var batches = 0
      let history = try distributed.fit(
        inputs: data.inputs, labels: data.labels, loss: .softmaxCrossEntropy, optimizer: Adam<Scalar>(learningRate: 0.01),
        epochs: 5, batchSize: batchSize, seed: 3, validationSplit: 0.2, communicator: world, onBatch: { _ in batches += 1 })
      t.check(try identicalOnEveryProcess(distributed.parameters, world), "weights differ between processes")
      let distance = relativeDistance(distributed.parameters, local.parameters)
      t.check(distance <= tolerance, "relative distance to one-process training \(distance) > \(tolerance) (seed 11, batch \(batchSize))")
      t.check(history.epochs.count == 5 && batches == 5 * ((trainingRows + batchSize - 1) / batchSize), "\(batches) batches reported")
      let lossGap = zip(history.losses, localHistory.losses).map { abs($0 - $1) / abs($1) }.max() ?? 1
      t.check(lossGap <= Swift.max(tolerance, 1e-6), "losses differ from one process's by \(lossGap)")
      t.check(history.accuracies == localHistory.accuracies, "training accuracies \(history.accuracies) vs \(localHistory.accuracies)")
      if world.size == 1 {
        t.check(distributed.parameters == local.parameters, "one process: not bit-identical to local training")
      }
    }
  }

  runner.test("data-parallel: Sequential with early stopping, \(type), the same epoch kept everywhere") { t in
    // Noisy labels and a large learning rate, so that the validation loss turns up early.
    let data: (inputs: Matrix<Scalar>, labels: [Int]) = classification(rows: 100, seed: 41)
    let labels = data.labels.enumerated().map { $0.offset % 3 == 0 ? ($0.element + 1) % 4 : $0.element }
    func train(_ communicator: Communicator?) throws -> (Sequential<Scalar>, TrainingHistory) {
      var model = classifier(Scalar.self)
      let optimizer = Adam<Scalar>(learningRate: 0.1)
      let history = try communicator.map {
        try model.fit(inputs: data.inputs, labels: labels, loss: .softmaxCrossEntropy, optimizer: optimizer, epochs: 30,
                      batchSize: 8, seed: 5, validationSplit: 0.3, earlyStoppingPatience: 2, communicator: $0)
      } ?? model.fit(inputs: data.inputs, labels: labels, loss: .softmaxCrossEntropy, optimizer: optimizer, epochs: 30,
                     batchSize: 8, seed: 5, validationSplit: 0.3, earlyStoppingPatience: 2)
      return (model, history)
    }
    let (local, localHistory) = try train(nil)
    let (distributed, history) = try train(world)
    t.check(localHistory.stoppedEarly, "one process's training did not stop early: the test no longer tests early stopping")
    t.check(history.stoppedEarly == localHistory.stoppedEarly && history.bestEpoch == localHistory.bestEpoch,
            "stopped early \(history.stoppedEarly), best epoch \(history.bestEpoch ?? 0); one process: \(localHistory.stoppedEarly), \(localHistory.bestEpoch ?? 0)")
    t.check(try identicalOnEveryProcess(distributed.parameters, world), "weights differ between processes")
    let distance = relativeDistance(distributed.parameters, local.parameters)
    t.check(distance <= tolerance, "relative distance to one-process training \(distance) > \(tolerance)")
  }

  runner.test("data-parallel: Sequential with regression targets, \(type)") { t in
    let inputs: Matrix<Scalar> = localMatrix(90, 8, seed: 21)
    let targets: Matrix<Scalar> = localMatrix(90, 2, seed: 22)
    func model() -> Sequential<Scalar> {
      Sequential<Scalar>([Dense(inputs: 8, outputs: 6, seed: 5), Tanh(), Dense(inputs: 6, outputs: 2, seed: 6)])
    }
    var local = model()
    try local.fit(inputs: inputs, targets: targets, loss: .meanSquaredError, optimizer: SGD<Scalar>(learningRate: 0.1, momentum: 0.9),
                  epochs: 5, batchSize: 16, seed: 4)
    var distributed = model()
    try distributed.fit(inputs: inputs, targets: targets, loss: .meanSquaredError, optimizer: SGD<Scalar>(learningRate: 0.1, momentum: 0.9),
                        epochs: 5, batchSize: 16, seed: 4, communicator: world)
    t.check(try identicalOnEveryProcess(distributed.parameters, world), "weights differ between processes")
    let distance = relativeDistance(distributed.parameters, local.parameters)
    t.check(distance <= tolerance, "relative distance to one-process training \(distance) > \(tolerance)")
  }

  // Batch 1: every batch has one rating, which only the last process computes.
  for batchSize in [64, 1] {
    runner.test("data-parallel: MatrixFactorization, \(type), batch \(batchSize), identical everywhere and equal to one process") { t in
      let all = try ratings(Scalar.self)
      let (training, validation) = (Array(all.dropLast(40)), Array(all.suffix(40)))
      let epochs = batchSize == 1 ? 2 : 5
      var local = MatrixFactorization<Scalar>(users: 40, items: 30, factors: 4, seed: 9)
      let localHistory = try local.fit(
        training, optimizer: Adam<Scalar>(learningRate: 0.03), epochs: epochs, batchSize: batchSize, l2: 0.01, seed: 2,
        validation: validation)
      var distributed = MatrixFactorization<Scalar>(users: 40, items: 30, factors: 4, seed: 9)
      let history = try distributed.fit(
        training, optimizer: Adam<Scalar>(learningRate: 0.03), epochs: epochs, batchSize: batchSize, l2: 0.01, seed: 2,
        validation: validation, communicator: world)
      t.check(try identicalOnEveryProcess(distributed.parameters, world), "parameters differ between processes")
      let distance = relativeDistance(distributed.parameters, local.parameters)
      t.check(distance <= tolerance, "relative distance to one-process training \(distance) > \(tolerance) (batch \(batchSize))")
      t.check(distributed.globalMean == local.globalMean, "global mean \(distributed.globalMean) vs \(local.globalMean)")
      let gap = zip(history.validationRMSE, localHistory.validationRMSE).map { abs($0 - $1) }.max() ?? 1
      t.check(history.validationRMSE.count == epochs && gap <= Swift.max(tolerance, 1e-6), "validation RMSE differs by \(gap)")
    }
  }
}

func dataParallelTrainingErrorTests(_ runner: inout TestRunner) throws {
  let world = runner.world
  let size = world.size
  let last = size - 1
  func isInvalid(_ e: BlockNumericsError, containing text: String = "") -> Bool {
    if case .invalidArgument(_, let message) = e { return text.isEmpty || message.contains(text) } else { return false }
  }
  func isShapeMismatch(_ e: BlockNumericsError) -> Bool { if case .shapeMismatch = e { return true } else { return false } }
  func isNonFinite(_ e: BlockNumericsError) -> Bool { if case .nonFiniteValue = e { return true } else { return false } }

  runner.test("errors: data-parallel Sequential.fit") { t in
    let data: (inputs: Matrix<Double>, labels: [Int]) = classification(rows: 40, seed: 31)
    func fit(
      inputs: Matrix<Double>? = nil, labels: [Int]? = nil, model: Sequential<Double> = classifier(Double.self),
      epochs: Int = 2, batchSize: Int = 8, seed: UInt64 = 0, validationSplit: Double = 0,
      learningRate: Double = 0.01
    ) throws {
      var model = model
      try model.fit(
        inputs: inputs ?? data.inputs, labels: labels ?? data.labels, loss: .softmaxCrossEntropy,
        optimizer: SGD<Double>(learningRate: learningRate), epochs: epochs, batchSize: batchSize, seed: seed,
        validationSplit: validationSplit, communicator: world)
    }
    t.expectError("a label count that differs from the rows on the last process", isShapeMismatch) {
      try fit(labels: world.rank == last ? Array(data.labels.dropLast()) : data.labels)
    }
    t.expectError("a label outside the classes on process 0", { isInvalid($0, containing: "label 9") }) {
      try fit(labels: world.rank == 0 ? [9] + data.labels.dropFirst() : data.labels)
    }
    t.expectError("batch size 0 on every process", { isInvalid($0, containing: "batchSize") }) { try fit(batchSize: 0) }
    t.expectError("a validation split that leaves nothing on the last process", { isInvalid($0) }) {
      try fit(validationSplit: world.rank == last ? 0.999 : 0)
    }
    t.expectError("a NaN target, in one process's shard only", isNonFinite) {
      // (A NaN input would not do: ReLU maps NaN to 0, and the loss stays finite.)
      var targets: Matrix<Double> = localMatrix(40, 4, seed: 32)
      targets[5, 3] = .nan
      var model = classifier(Double.self)
      try model.fit(
        inputs: data.inputs, targets: targets, loss: .meanSquaredError, optimizer: SGD<Double>(learningRate: 0.01), epochs: 1,
        batchSize: 8, communicator: world)
    }
    t.expectError("a learning rate that makes training diverge", isNonFinite) { try fit(epochs: 50, learningRate: 1e300) }
    if size > 1 {   // one process cannot disagree with itself
      t.expectError("epochs that differ between processes", { isInvalid($0, containing: "disagree on epochs") }) {
        try fit(epochs: world.rank == last ? 3 : 2)
      }
      t.expectError("seeds that differ between processes", { isInvalid($0, containing: "seed") }) {
        try fit(seed: UInt64(world.rank))
      }
      t.expectError("inputs that differ on the last process", { isInvalid($0, containing: "training data") }) {
        var inputs = data.inputs
        if world.rank == last { inputs[0, 0] += 1 }
        try fit(inputs: inputs)
      }
      t.expectError("models built from different seeds", { isInvalid($0, containing: "starting model") }) {
        try fit(model: classifier(Double.self, seed: UInt64(1 + world.rank)))
      }
    }
  }

  runner.test("errors: data-parallel MatrixFactorization.fit") { t in
    let all = try ratings(Double.self)
    func fit(_ training: [Rating<Double>]? = nil, batchSize: Int = 16, l2: Double = 0.01, modelSeed: UInt64 = 1) throws {
      var model = MatrixFactorization<Double>(users: 40, items: 30, factors: 3, seed: modelSeed)
      try model.fit(training ?? all, optimizer: Adam<Double>(learningRate: 0.01), epochs: 1, batchSize: batchSize, l2: l2, communicator: world)
    }
    t.expectError("a negative l2 on the last process", { isInvalid($0, containing: "l2") }) {
      try fit(l2: world.rank == last ? -1 : 0.01)
    }
    t.expectError("a rating outside the model on process 0", { isInvalid($0, containing: "outside") }) {
      try fit(world.rank == 0 ? all + [Rating(user: 40, item: 0, value: 1)] : all)
    }
    t.expectError("no ratings anywhere", { isInvalid($0, containing: "no ratings") }) { try fit([]) }
    t.expectError("a NaN rating (found before training)", isNonFinite) {
      var ratings = all
      ratings[3].value = .nan
      try fit(ratings)
    }
    if size > 1 {
      t.expectError("batch sizes that differ between processes", { isInvalid($0, containing: "batchSize") }) {
        try fit(batchSize: 16 + world.rank)
      }
      t.expectError("ratings that differ on the last process", { isInvalid($0, containing: "ratings") }) {
        var ratings = all
        if world.rank == last { ratings[0].value += 1 }
        try fit(ratings)
      }
      t.expectError("models with different seeds", { isInvalid($0, containing: "starting model") }) {
        try fit(modelSeed: UInt64(world.rank + 1))
      }
    }
  }
}

/// Every data-parallel training test: Double against one process at 1e-10, Float at 1e-4,
/// and the error paths.
func dataParallelTrainingTests(_ runner: inout TestRunner) throws {
  try dataParallelTrainingTests(&runner, Double.self, tolerance: 1e-10)
  try dataParallelTrainingTests(&runner, Float.self, tolerance: 1e-4)
  try dataParallelTrainingErrorTests(&runner)
}
