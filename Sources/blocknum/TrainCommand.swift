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

/// Wall-clock seconds of a duration.
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// JSON text of a flat dictionary, keys sorted.
func jsonObject(_ fields: [String: Any]) -> String {
  let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
  return String(decoding: data, as: UTF8.self)
}

struct TrainDigits: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "digits",
    abstract: "64-H-10 ReLU MLP on the bundled UCI digits: rows with index % 5 != 0 train, the rest test.",
    discussion: "Pixels are divided by 16 (inputs in [0, 1]). Softmax cross-entropy, Glorot-uniform weights, zero biases.")

  @Option(help: "sgd, momentum (SGD 0.9 Nesterov), adagrad, rmsprop, adam or adamw.")
  var optimizer: OptimizerChoice = .adam
  @Option(help: "Learning rate (default: 0.05 for sgd/momentum, 0.01 adagrad, 1e-3 otherwise).")
  var learningRate: Double?
  @Option(help: "AdamW's decoupled weight decay.")
  var weightDecay = 0.01
  @Option(help: "Epochs.")
  var epochs = 40
  @Option(help: "Rows per batch.")
  var batchSize = 32
  @Option(help: "Hidden units.")
  var hidden = 64
  @Option(help: "Make the hidden layer block-sparse with this block density in (0, 1].")
  var blockSparse: Double?
  @Option(help: "Block size of the block-sparse hidden layer (must divide 64 and --hidden).")
  var blockSize = 16
  @Option(help: "Seed for weights and shuffling.")
  var seed: UInt64 = 0
  @Option(help: "OpenBLAS threads (BLAS.threadCount).")
  var threads: Int?
  @Flag(help: "Print one JSON object on standard output (and no progress bar), with per-epoch losses and training accuracies.")
  var json = false

  mutating func validate() throws {
    if epochs < 1 || batchSize < 1 || hidden < 1 { throw ValidationError("--epochs, --batch-size and --hidden must be at least 1") }
    if let blockSparse {
      if !(blockSparse > 0 && blockSparse <= 1) { throw ValidationError("--block-sparse must be in (0, 1], got \(blockSparse)") }
      if blockSize < 1 || 64 % blockSize != 0 || hidden % blockSize != 0 {
        throw ValidationError("--block-size \(blockSize) must divide the 64 inputs and --hidden \(hidden)")
      }
    }
  }

  func run() throws {
    if let threads { BLAS.threadCount = threads }
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
    if json {
      print(jsonObject([
        "model": "64-\(hidden)-10 ReLU MLP, \(layer) hidden layer", "optimizer": optimizer.rawValue, "learningRate": rate,
        "epochs": history.epochs.count, "batchSize": batchSize, "trainRows": train.inputs.rows, "testRows": test.inputs.rows,
        "finalLoss": history.losses.last!, "trainAccuracy": history.accuracies.last!, "testAccuracy": accuracy,
        "seconds": trainingSeconds, "parameters": model.parameters.reduce(0) { $0 + $1.count },
        "losses": history.losses, "trainAccuracies": history.accuracies,
      ]))
    } else {
      print("digits: 64-\(hidden)-10 ReLU MLP (\(layer) hidden layer, \(model.parameters.reduce(0) { $0 + $1.count }) parameters), "
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
    discussion: "Ratings ⟨U_u, V_i⟩ + noise·ε (Datasets.syntheticRatings); 20% of them, chosen by seed, are held out.")

  @Option var users = 1000
  @Option var items = 500
  @Option(help: "Rank of the true ratings.")
  var rank = 10
  @Option(help: "Fraction of (user, item) pairs observed.")
  var density = 0.05
  @Option(help: "Standard deviation of the rating noise.")
  var noise = 0.1
  @Option(help: "Embedding dimension (default: --rank).")
  var factors: Int?
  @Option(help: "sgd, momentum, adagrad, rmsprop, adam or adamw.")
  var optimizer: OptimizerChoice = .adam
  // Full-batch Adam by default: over seeds 0–9 it ends near the regularised minimum far more
  // often than mini-batches do at this density (README "Measured").
  @Option(help: "Learning rate.")
  var learningRate = 0.03
  @Option(help: "L2 strength on the embeddings of each rating's user and item.")
  var l2 = 0.01
  @Option var epochs = 2000
  @Option(help: "Ratings per step (default: all training ratings, one step per epoch).")
  var batchSize: Int?
  @Option var seed: UInt64 = 0
  @Flag(help: "Print one JSON object on standard output (and no progress bar).")
  var json = false

  func run() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(
      users: users, items: items, rank: rank, density: density, noise: noise, seed: seed)
    let (training, heldOut) = data.split(heldOutFraction: 0.2, seed: seed &+ 1)
    let stepSize = batchSize ?? training.count
    var model = MatrixFactorization<Double>(users: users, items: items, factors: factors ?? rank, seed: seed &+ 2)
    var bar = ProgressBar(total: epochs)
    let showBar = !json
    let history = try optimizer.with(learningRate: learningRate, weightDecay: 0.01) { chosen in
      try Self.fit(&model, training, heldOut, chosen, epochs: epochs, batchSize: stepSize, l2: l2, seed: seed) { epoch, rmse, validation in
        guard showBar else { return }
        bar.update(epoch, String(format: "epoch %d/%d training RMSE %.4f held-out RMSE %.4f", epoch, epochs, rmse, validation ?? .nan))
      }
    }
    if showBar { bar.finish() }
    let rmse = history.validationRMSE.last!
    if json {
      print(jsonObject([
        "users": users, "items": items, "rank": rank, "density": density, "noise": noise, "ratings": data.ratings.count,
        "trainingRMSE": history.trainingRMSE.last!, "heldOutRMSE": rmse, "ratioToNoise": rmse / noise,
        "seconds": history.seconds, "optimizer": optimizer.rawValue, "epochs": epochs, "batchSize": stepSize,
      ]))
    } else {
      print("recommender: \(users) users × \(items) items, rank \(rank), \(data.ratings.count) ratings (\(training.count) train, "
        + "\(heldOut.count) held out), noise \(noise); \(factors ?? rank) factors, \(optimizer.rawValue) lr \(learningRate), l2 \(l2), batch \(stepSize), \(epochs) epochs")
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
