import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum train digits|recommender`: trains the models of Learning/ with a live progress
/// bar on standard error and the results (or one JSON object) on standard output.
struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", abstract: "Train an MLP on the bundled digits or a recommender on synthetic ratings.",
    subcommands: [TrainDigits.self, TrainRecommender.self])
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

struct TrainDigits: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "digits",
    abstract: "64-H-10 ReLU MLP on the bundled UCI digits: rows with index % 5 != 0 train, the rest test.",
    discussion: """
      Pixels are divided by 16 (inputs in [0, 1]). Softmax cross-entropy, Glorot-uniform weights, zero biases. \
      --json adds the per-epoch losses and training accuracies.
      """)

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
  @Option(help: "Seed for the weights and the shuffling.")
  var seed: UInt64 = 0
  @OptionGroup var blasThreads: BLASThreadsOption
  @Flag(help: "Print one JSON object on standard output (and no progress bar).")
  var json = false
  @Option(help: "Hidden units, at least 1.")
  var hidden = 64
  @Option(help: "Make the hidden layer block-sparse with this block density in (0, 1].")
  var blockSparse: Double?
  @Option(help: "Block size of the block-sparse hidden layer (must divide 64 and --hidden).")
  var blockSize = 16

  func validate() throws {
    if epochs < 1 || batchSize < 1 || hidden < 1 { throw ValidationError("--epochs, --batch-size and --hidden must be at least 1") }
    if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive, got \(learningRate)") }
    if !(weightDecay >= 0) { throw ValidationError("--weight-decay must be non-negative, got \(weightDecay)") }
    if let blockSparse {
      if !(blockSparse > 0 && blockSparse <= 1) { throw ValidationError("--block-sparse must be in (0, 1], got \(blockSparse)") }
      if blockSize < 1 || 64 % blockSize != 0 || hidden % blockSize != 0 {
        throw ValidationError("--block-size \(blockSize) must divide the 64 inputs and --hidden \(hidden)")
      }
    }
  }

  /// What `--json` prints.
  struct Report: Encodable {
    var model, optimizer: String
    var learningRate, finalLoss, trainAccuracy, testAccuracy, seconds: Double
    var epochs, batchSize, trainRows, testRows, parameters: Int
    var losses, trainAccuracies: [Double]
  }

  func run() throws {
    blasThreads.apply()
    var all = Datasets.digits()
    all.inputs /= 16
    let train = all.rows { $0 % 5 != 0 }
    let test = all.rows { $0 % 5 == 0 }
    let first: any Layer<Double> = blockSparse.map {
      BlockSparseDense<Double>(inputs: 64, outputs: hidden, blockSize: blockSize, density: $0, seed: seed &+ 1)
    } ?? Dense<Double>(inputs: 64, outputs: hidden, seed: seed &+ 1)
    var model = Sequential<Double>([first, ReLU(), Dense(inputs: hidden, outputs: 10, seed: seed &+ 2)])
    let rate = learningRate ?? optimizer.defaultLearningRate
    let batchCount = (train.inputs.rows + batchSize - 1) / batchSize
    var bar = ProgressBar(total: epochs * batchCount)
    let showBar = !json
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
    let accuracy = model.accuracy(inputs: test.inputs, labels: test.labels)
    let layer = blockSparse.map { String(format: "block-sparse %d×%d blocks, density %.3g", blockSize, blockSize, $0) } ?? "dense"
    let parameters = model.parameters.reduce(0) { $0 + $1.count }
    if json {
      try emitJSON(
        Report(
          model: "64-\(hidden)-10 ReLU MLP, \(layer) hidden layer", optimizer: optimizer.rawValue, learningRate: rate,
          finalLoss: history.losses.last!, trainAccuracy: history.accuracies.last!, testAccuracy: accuracy,
          seconds: trainingSeconds, epochs: history.epochs.count, batchSize: batchSize, trainRows: train.inputs.rows,
          testRows: test.inputs.rows, parameters: parameters, losses: history.losses, trainAccuracies: history.accuracies))
    } else {
      print("digits: 64-\(hidden)-10 ReLU MLP (\(layer) hidden layer, \(parameters) parameters), "
        + "\(optimizer.rawValue) lr \(rate), batch \(batchSize), \(history.epochs.count) epochs on \(train.inputs.rows) rows")
      print(String(format: "final training loss %.4f, training accuracy %.4f", history.losses.last!, history.accuracies.last!))
      print(String(format: "held-out accuracy %.4f on %d rows (index %% 5 == 0)", accuracy, test.inputs.rows))
      print(String(format: "training seconds %.3f", trainingSeconds))
    }
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
