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

/// The options every `train` command takes; each command has its own defaults for those left out.
struct TrainingOptions: ParsableArguments {
  @Option(help: "sgd, momentum (SGD 0.9 Nesterov), adagrad, rmsprop, adam or adamw.")
  var optimizer: OptimizerChoice = .adam
  @Option(help: "Learning rate, positive (default: digits 0.05 for sgd/momentum, 0.01 adagrad, 1e-3 otherwise; recommender 0.03).")
  var learningRate: Double?
  @Option(help: "Epochs, at least 1 (default: digits 40, recommender 2000).")
  var epochs: Int?
  @Option(help: "Rows (digits) or ratings (recommender) per step, at least 1 (default: digits 32, recommender all training ratings).")
  var batchSize: Int?
  @Option(help: "Seed for the data split, the starting weights and the shuffling.")
  var seed: UInt64 = 0
  @OptionGroup var blasThreads: BLASThreadsOption
  @Flag(help: "Print one JSON object on standard output (and no progress bar).")
  var json = false

  func validate() throws {
    if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive, got \(learningRate)") }
    if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
    if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
  }
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

  @OptionGroup var training: TrainingOptions
  @Option(help: "AdamW's decoupled weight decay, non-negative.")
  var weightDecay = 0.01
  @Option(help: "Hidden units, at least 1.")
  var hidden = 64
  @Option(help: "Make the hidden layer block-sparse with this block density in (0, 1].")
  var blockSparse: Double?
  @Option(help: "Block size of the block-sparse hidden layer (must divide 64 and --hidden).")
  var blockSize = 16

  func validate() throws {
    if hidden < 1 { throw ValidationError("--hidden must be at least 1, got \(hidden)") }
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
    training.blasThreads.apply()
    let epochs = training.epochs ?? 40
    let batchSize = training.batchSize ?? 32
    let seed = training.seed
    let optimizer = training.optimizer
    var all = Datasets.digits()
    all.inputs /= 16
    let train = all.rows { $0 % 5 != 0 }
    let test = all.rows { $0 % 5 == 0 }
    let first: any Layer<Double> = blockSparse.map {
      BlockSparseDense<Double>(inputs: 64, outputs: hidden, blockSize: blockSize, density: $0, seed: seed &+ 1)
    } ?? Dense<Double>(inputs: 64, outputs: hidden, seed: seed &+ 1)
    var model = Sequential<Double>([first, ReLU(), Dense(inputs: hidden, outputs: 10, seed: seed &+ 2)])
    let rate = training.learningRate ?? optimizer.defaultLearningRate
    let batchCount = (train.inputs.rows + batchSize - 1) / batchSize
    var bar = ProgressBar(total: epochs * batchCount)
    let showBar = !training.json
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
    if training.json {
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

struct TrainRecommender: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "recommender",
    abstract: "Matrix factorization on synthetic low-rank ratings; reports held-out RMSE against the noise level.",
    discussion: """
      Ratings ⟨U_u, V_i⟩ + noise·ε (Datasets.syntheticRatings); 20% of them, chosen by seed, are held out. \
      By default full-batch Adam: over seeds 0–9 it ends near the regularised minimum far more often than \
      mini-batches do at this density (docs/BENCHMARKS.md).
      """)

  @OptionGroup var training: TrainingOptions
  @Option(help: "Users (rows of the rating matrix), at least 1.")
  var users = 1000
  @Option(help: "Items (columns of the rating matrix), at least 1.")
  var items = 500
  @Option(help: "Rank of the true ratings, at least 1.")
  var rank = 10
  @Option(help: "Fraction of (user, item) pairs observed, in (0, 1].")
  var density = 0.05
  @Option(help: "Standard deviation of the rating noise, non-negative.")
  var noise = 0.1
  @Option(help: "Embedding dimension (default: --rank).")
  var factors: Int?
  @Option(help: "L2 strength on the embeddings of each rating's user and item, non-negative.")
  var l2 = 0.01

  func validate() throws {
    if users < 1 || items < 1 || rank < 1 { throw ValidationError("--users, --items and --rank must be at least 1") }
    if !(density > 0 && density <= 1) { throw ValidationError("--density must be in (0, 1], got \(density)") }
    if !(noise >= 0) { throw ValidationError("--noise must be non-negative, got \(noise)") }
    if let factors, factors < 1 { throw ValidationError("--factors must be at least 1, got \(factors)") }
    if !(l2 >= 0) { throw ValidationError("--l2 must be non-negative, got \(l2)") }
  }

  /// What `--json` prints.
  struct Report: Encodable {
    var users, items, rank, ratings, epochs, batchSize: Int
    var density, noise, trainingRMSE, heldOutRMSE, seconds: Double
    /// Held-out RMSE / noise; absent for noiseless ratings.
    var ratioToNoise: Double?
    var optimizer: String
  }

  func run() throws {
    training.blasThreads.apply()
    let epochs = training.epochs ?? 2000
    let seed = training.seed
    let learningRate = training.learningRate ?? 0.03
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(
      users: users, items: items, rank: rank, density: density, noise: noise, seed: seed)
    let (trainingRatings, heldOut) = data.split(heldOutFraction: 0.2, seed: seed &+ 1)
    let stepSize = training.batchSize ?? trainingRatings.count
    var model = MatrixFactorization<Double>(users: users, items: items, factors: factors ?? rank, seed: seed &+ 2)
    var bar = ProgressBar(total: epochs)
    let showBar = !training.json
    let history = try training.optimizer.with(learningRate: learningRate, weightDecay: 0.01) { chosen in
      try Self.fit(&model, trainingRatings, heldOut, chosen, epochs: epochs, batchSize: stepSize, l2: l2, seed: seed) { epoch, rmse, validation in
        guard showBar else { return }
        bar.update(epoch, String(format: "epoch %d/%d training RMSE %.4f held-out RMSE %.4f", epoch, epochs, rmse, validation ?? .nan))
      }
    }
    if showBar { bar.finish() }
    let rmse = history.validationRMSE.last!
    if training.json {
      try emitJSON(
        Report(
          users: users, items: items, rank: rank, ratings: data.ratings.count, epochs: epochs, batchSize: stepSize,
          density: density, noise: noise, trainingRMSE: history.trainingRMSE.last!, heldOutRMSE: rmse,
          seconds: history.seconds, ratioToNoise: noise > 0 ? rmse / noise : nil, optimizer: training.optimizer.rawValue))
    } else {
      print("recommender: \(users) users × \(items) items, rank \(rank), \(data.ratings.count) ratings (\(trainingRatings.count) train, "
        + "\(heldOut.count) held out), noise \(noise); \(factors ?? rank) factors, \(training.optimizer.rawValue) lr \(learningRate), l2 \(l2), batch \(stepSize), \(epochs) epochs")
      print(String(format: "held-out RMSE %.4f = %.3f × the noise (training RMSE %.4f)", rmse, rmse / noise, history.trainingRMSE.last!))
      print(String(format: "training seconds %.3f", history.seconds))
    }
  }

  static func fit<O: Optimizer>(
    _ model: inout MatrixFactorization<Double>, _ training: [Rating<Double>], _ heldOut: [Rating<Double>], _ optimizer: O,
    epochs: Int, batchSize: Int, l2: Double, seed: UInt64, onEpoch: @escaping (Int, Double, Double?) -> Void
  ) throws -> MatrixFactorization<Double>.History where O.Scalar == Double {
    try model.fit(training, optimizer: optimizer, epochs: epochs, batchSize: batchSize, l2: l2, seed: seed, validation: heldOut, onEpoch: onEpoch)
  }
}
