import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum train digits|mlp|recommender`: trains the models of Learning/ with a live
/// progress bar on standard error and the results (or one JSON object) on standard output.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train an MLP on the bundled digits or on your own .npy data, or a recommender on ratings.",
    subcommands: [TrainDigits.self, TrainMLP.self, TrainRecommender.self])
}

/// The optimizers a command line can pick, with their default learning rates.
enum OptimizerChoice: String, ExpressibleByArgument, CaseIterable {
  case sgd, momentum, adagrad, rmsprop, adam, adamw

  var defaultLearningRate: Double {
    switch self {
    case .sgd, .momentum: return 0.05
    case .adagrad: return 0.01
    case .rmsprop, .adam, .adamw: return 1e-3
    }
  }

  /// Calls `body` with the chosen optimizer (momentum: SGD with momentum 0.9, Nesterov).
  func with<Result>(learningRate: Double, weightDecay: Double, _ body: (any Optimizer<Double>) throws -> Result) rethrows -> Result {
    switch self {
    case .sgd: return try body(SGD<Double>(learningRate: learningRate))
    case .momentum: return try body(SGD<Double>(learningRate: learningRate, momentum: 0.9, nesterov: true))
    case .adagrad: return try body(AdaGrad<Double>(learningRate: learningRate))
    case .rmsprop: return try body(RMSProp<Double>(learningRate: learningRate))
    case .adam: return try body(Adam<Double>(learningRate: learningRate))
    case .adamw: return try body(AdamW<Double>(learningRate: learningRate, weightDecay: weightDecay))
    }
  }
}

/// The options every MLP training command shares: optimizer, schedule, seed, threads, JSON.
struct MLPTrainingOptions: ParsableArguments {
  @Option(help: "sgd, momentum (SGD 0.9 Nesterov), adagrad, rmsprop, adam or adamw.")
  var optimizer: OptimizerChoice = .adam
  @Option(help: "Learning rate, positive (default: 0.05 for sgd/momentum, 0.01 adagrad, 1e-3 otherwise).")
  var learningRate: Double?
  @Option(help: "AdamW's decoupled weight decay, non-negative.")
  var weightDecay = 0.01
  @Option(help: "Epochs, at least 1.")
  var epochs = 40
  @Option(help: "Rows per batch, at least 1.")
  var batchSize = 32
  @Option(help: "Seed for the weights and the shuffling (and train mlp's held-out rows).")
  var seed: UInt64 = 0
  @OptionGroup var blasThreads: BLASThreadsOption
  @Flag(help: "Print one JSON object on standard output (and no progress bar).")
  var json = false

  func validate() throws {
    if epochs < 1 || batchSize < 1 { throw ValidationError("--epochs and --batch-size must be at least 1") }
    if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive, got \(learningRate)") }
    if !(weightDecay >= 0) { throw ValidationError("--weight-decay must be non-negative, got \(weightDecay)") }
  }

  var rate: Double { learningRate ?? optimizer.defaultLearningRate }

  /// What `--json` prints for an MLP run.
  struct Report: Encodable {
    var model, optimizer: String
    var learningRate, finalLoss, trainAccuracy, seconds: Double
    var testAccuracy: Double?
    var epochs, batchSize, trainRows, testRows, parameters: Int
    var losses, trainAccuracies: [Double]
  }

  /// Trains `model` on `train` with softmax cross-entropy, drawing the progress bar, and
  /// scores it on `test` (when it has rows): the report `--json` prints.
  func train(_ model: inout Sequential<Double>, on train: LabeledDataset<Double>, test: LabeledDataset<Double>, name: String) throws -> Report {
    blasThreads.apply()
    let batchCount = (train.inputs.rows + batchSize - 1) / batchSize
    var bar = ProgressBar(total: epochs * batchCount)
    let (showBar, epochs) = (!json, epochs)
    let clock = ContinuousClock()
    let began = clock.now
    let history = try optimizer.with(learningRate: rate, weightDecay: weightDecay) { chosen in
      try Self.fit(&model, train, chosen, epochs: epochs, batchSize: batchSize, seed: seed) { report in
        guard showBar else { return }
        bar.update(
          (report.epoch - 1) * report.batchCount + report.batch,
          String(format: "epoch %d/%d batch %d/%d loss %.4f accuracy %.4f", report.epoch, epochs, report.batch,
                 report.batchCount, report.loss, report.accuracy))
      }
    }
    let trainingSeconds = seconds(clock.now - began)
    if showBar { bar.finish() }
    return Report(
      model: name, optimizer: optimizer.rawValue, learningRate: rate, finalLoss: history.losses.last!,
      trainAccuracy: history.accuracies.last!, seconds: trainingSeconds,
      testAccuracy: test.inputs.rows > 0 ? model.accuracy(inputs: test.inputs, labels: test.labels) : nil,
      epochs: history.epochs.count, batchSize: batchSize, trainRows: train.inputs.rows, testRows: test.inputs.rows,
      parameters: model.parameters.reduce(0) { $0 + $1.count }, losses: history.losses,
      trainAccuracies: history.accuracies)
  }

  /// Prints `report` as JSON (`--json`) or as lines; `heldOut` says which rows were held out.
  func print(_ report: Report, heldOut: String) throws {
    if json { return try emitJSON(report) }
    Swift.print("\(report.model) (\(report.parameters) parameters), \(report.optimizer) lr \(report.learningRate), "
      + "batch \(report.batchSize), \(report.epochs) epochs on \(report.trainRows) rows")
    Swift.print(String(format: "final training loss %.4f, training accuracy %.4f", report.finalLoss, report.trainAccuracy))
    if let accuracy = report.testAccuracy {
      Swift.print(String(format: "held-out accuracy %.4f on %d rows (%@)", accuracy, report.testRows, heldOut))
    }
    Swift.print(String(format: "training seconds %.3f", report.seconds))
  }

  static func fit<O: Optimizer>(
    _ model: inout Sequential<Double>, _ data: LabeledDataset<Double>, _ optimizer: O, epochs: Int, batchSize: Int,
    seed: UInt64, onBatch: @escaping (BatchReport) -> Void
  ) throws -> TrainingHistory where O.Scalar == Double {
    try model.fit(
      inputs: data.inputs, labels: data.labels, loss: .softmaxCrossEntropy, optimizer: optimizer, epochs: epochs,
      batchSize: batchSize, seed: seed, onBatch: onBatch)
  }
}

struct TrainDigits: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "digits",
    abstract: "64-H-10 ReLU MLP on the bundled UCI digits: rows with index % 5 != 0 train, the rest test.",
    discussion: """
      Pixels are divided by 16 (inputs in [0, 1]). Softmax cross-entropy, Glorot-uniform weights, zero biases. \
      --json adds the per-epoch losses and training accuracies.
      """)

  @OptionGroup var training: MLPTrainingOptions
  @Option(help: "Hidden units, at least 1.")
  var hidden = 64
  @Option(help: "Make the hidden layer block-sparse with this block density in (0, 1].")
  var blockSparse: Double?
  @Option(help: "Block size of the block-sparse hidden layer (must divide 64 and --hidden).")
  var blockSize = 16

  func validate() throws {
    if hidden < 1 { throw ValidationError("--hidden must be at least 1") }
    if let blockSparse {
      if !(blockSparse > 0 && blockSparse <= 1) { throw ValidationError("--block-sparse must be in (0, 1], got \(blockSparse)") }
      if blockSize < 1 || 64 % blockSize != 0 || hidden % blockSize != 0 {
        throw ValidationError("--block-size \(blockSize) must divide the 64 inputs and --hidden \(hidden)")
      }
    }
  }

  func run() throws {
    var all = Datasets.digits()
    all.inputs /= 16
    let train = all.rows { $0 % 5 != 0 }
    let test = all.rows { $0 % 5 == 0 }
    let seed = training.seed
    let first: any Layer<Double> = blockSparse.map {
      BlockSparseDense<Double>(inputs: 64, outputs: hidden, blockSize: blockSize, density: $0, seed: seed &+ 1)
    } ?? Dense<Double>(inputs: 64, outputs: hidden, seed: seed &+ 1)
    var model = Sequential<Double>([first, ReLU(), Dense(inputs: hidden, outputs: 10, seed: seed &+ 2)])
    let layer = blockSparse.map { String(format: "block-sparse %d×%d blocks, density %.3g", blockSize, blockSize, $0) } ?? "dense"
    let report = try training.train(&model, on: train, test: test, name: "digits: 64-\(hidden)-10 ReLU MLP, \(layer) hidden layer")
    try training.print(report, heldOut: "index % 5 == 0")
  }
}
