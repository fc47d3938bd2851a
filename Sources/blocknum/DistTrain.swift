import ArgumentParser
import BlockNumerics
import BlockNumericsDistributed
import Foundation

/// `blocknum dist train digits|recommender`: data-parallel training under mpirun. Every
/// process holds the data and the model and computes its shard of each batch; one
/// all-reduce per step sums the gradients. Process 0 shows progress and prints the held-out
/// figures and whether the trained weights are identical on every process.
struct DistTrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Data-parallel training (one all-reduce of the gradients per step) of the digits MLP or the MF recommender.",
    discussion: """
      mpirun -n 2 blocknum dist train digits. --compare-local also trains the same model on one \
      process (on every process, after the data-parallel run) and reports the relative distance \
      between the two sets of weights and the local held-out figure.
      """,
    subcommands: [DistTrainDigits.self, DistTrainRecommender.self])
}

/// Options both `dist train` subcommands take.
struct DistTrainOptions: ParsableArguments {
  @Option(help: "Epochs, at least 1.")
  var epochs: Int?
  @Option(help: "Rows (ratings) per global batch, shared among the processes; at least 1.")
  var batchSize: Int?
  @Option(help: "Adam's learning rate, positive.")
  var learningRate: Double?
  @Option(help: "Seed for the weights, the data and the shuffling.")
  var seed: UInt64 = 0
  @Flag(help: "Also train on one process (every process, afterwards) and compare the weights.")
  var compareLocal = false
  @Flag(help: "Print one JSON object on standard output (process 0; no progress bar).")
  var json = false

  func validate() throws {
    if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
    if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1, got \(batchSize)") }
    if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive, got \(learningRate)") }
  }
}

/// What `dist train --json` prints (fields absent without `--compare-local` are null).
struct DistTrainReport: Encodable {
  var model: String
  var processes: Int
  var blasThreadsPerProcess: Int
  var epochs, batchSize, steps, parameters: Int
  var learningRate: Double
  /// Held-out accuracy (digits) or RMSE (recommender) of the data-parallel run.
  var heldOutMetric: String
  var heldOut: Double
  var trainingSeconds: Double
  var secondsPerStep: Double
  /// Bytes one all-reduce per step sums (the parameters and the batch statistics).
  var allReduceBytesPerStep: Int
  var identicalOnAllProcesses: Bool
  var checksum: Double
  var localHeldOut: Double?
  var localSecondsPerStep: Double?
  var relativeDistanceToLocal: Double?
  var losses: [Double]
}

/// Whether `parameters` are bit-for-bit the same on every process (each element's maximum
/// and minimum over processes equal it), and their sum as a checksum.
func identicalAcrossProcesses(_ parameters: [Matrix<Double>], _ world: Communicator) throws -> (Bool, Double) {
  var identical = true
  for parameter in parameters {
    let largest = try world.allReduce(parameter, .maximum)
    let smallest = try world.allReduce(parameter, .minimum)
    identical = identical && largest.elements == parameter.elements && smallest.elements == parameter.elements
  }
  let everywhere = try world.allReduce(identical ? 1 : 0, .minimum) == 1
  return (everywhere, parameters.reduce(0.0) { $0 + $1.elements.reduce(0, +) })
}

/// The largest relative Frobenius distance between corresponding matrices.
func largestRelativeDistance(_ a: [Matrix<Double>], _ b: [Matrix<Double>]) -> Double {
  zip(a, b).map { ($0 - $1).frobeniusNorm / max($1.frobeniusNorm, .leastNormalMagnitude) }.max() ?? 0
}

/// Prints the report on process 0: a few lines, or JSON.
func printDistTrainReport(_ report: DistTrainReport, json: Bool, rank: Int) throws {
  guard rank == 0 else { return }
  if json {
    try emitJSON(report)
    return
  }
  print("\(report.model): \(report.processes) process\(report.processes == 1 ? "" : "es") × \(report.blasThreadsPerProcess) BLAS thread\(report.blasThreadsPerProcess == 1 ? "" : "s"), "
    + "\(report.epochs) epochs, global batch \(report.batchSize), \(report.steps) steps, Adam lr \(report.learningRate)")
  print(String(format: "held-out %@ %.4f", report.heldOutMetric, report.heldOut))
  print(String(format: "training %.3f s, %.3f ms per step; one all-reduce of %d bytes per step (%d parameters)",
               report.trainingSeconds, report.secondsPerStep * 1e3, report.allReduceBytesPerStep, report.parameters))
  print("weights identical on all processes: \(report.identicalOnAllProcesses ? "yes" : "NO") (checksum \(report.checksum))")
  if let local = report.localHeldOut, let distance = report.relativeDistanceToLocal, let localStep = report.localSecondsPerStep {
    print(String(format: "one process: held-out %@ %.4f, %.3f ms per step; relative distance of the weights %.3g",
                 report.heldOutMetric, local, localStep * 1e3, distance))
  }
}

/// `blocknum dist train digits`: the 64-H-10 ReLU MLP of `blocknum train digits`, trained
/// data-parallel with Adam.
struct DistTrainDigits: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "digits",
    abstract: "64-H-10 ReLU MLP on the bundled UCI digits, data-parallel: rows with index % 5 != 0 train, the rest test.",
    discussion: "The model, split and defaults of blocknum train digits (Adam, lr 1e-3, 40 epochs, batch 32).")

  @OptionGroup var options: DistTrainOptions
  @Option(help: "Hidden units, at least 1.")
  var hidden = 64

  func validate() throws {
    if hidden < 1 { throw ValidationError("--hidden must be at least 1, got \(hidden)") }
  }

  func run() throws {
    let world = try Communicator.world
    let epochs = options.epochs ?? 40
    let batchSize = options.batchSize ?? 32
    let rate = options.learningRate ?? 1e-3
    let seed = options.seed
    var all = Datasets.digits()
    all.inputs /= 16
    let train = all.rows { $0 % 5 != 0 }
    let test = all.rows { $0 % 5 == 0 }
    func model() -> Sequential<Double> {
      Sequential<Double>([Dense(inputs: 64, outputs: hidden, seed: seed &+ 1), ReLU(), Dense(inputs: hidden, outputs: 10, seed: seed &+ 2)])
    }
    let steps = epochs * ((train.inputs.rows + batchSize - 1) / batchSize)
    var bar = ProgressBar(total: steps)
    let showBar = !options.json && world.rank == 0
    var distributed = model()
    try world.barrier()
    let clock = ContinuousClock()
    let began = clock.now
    let history = try distributed.fit(
      inputs: train.inputs, labels: train.labels, loss: .softmaxCrossEntropy, optimizer: Adam<Double>(learningRate: rate),
      epochs: epochs, batchSize: batchSize, seed: seed, communicator: world
    ) { report in
      guard showBar else { return }
      bar.update(
        (report.epoch - 1) * report.batchCount + report.batch,
        String(format: "epoch %d/%d loss %.4f accuracy %.4f", report.epoch, epochs, report.loss, report.accuracy))
    }
    let trainingSeconds = seconds(clock.now - began)
    if showBar { bar.finish() }
    let (identical, checksum) = try identicalAcrossProcesses(distributed.parameters, world)
    let parameters = distributed.parameters.reduce(0) { $0 + $1.count }
    var report = DistTrainReport(
      model: "digits 64-\(hidden)-10 ReLU MLP", processes: world.size, blasThreadsPerProcess: BLAS.threadCount, epochs: epochs,
      batchSize: batchSize, steps: steps, parameters: parameters, learningRate: rate, heldOutMetric: "accuracy",
      heldOut: distributed.accuracy(inputs: test.inputs, labels: test.labels), trainingSeconds: trainingSeconds,
      secondsPerStep: trainingSeconds / Double(steps), allReduceBytesPerStep: (parameters + 2) * MemoryLayout<Double>.size,
      identicalOnAllProcesses: identical, checksum: checksum, losses: history.losses)
    if options.compareLocal {
      var local = model()
      let localBegan = clock.now
      try local.fit(
        inputs: train.inputs, labels: train.labels, loss: .softmaxCrossEntropy, optimizer: Adam<Double>(learningRate: rate),
        epochs: epochs, batchSize: batchSize, seed: seed)
      report.localSecondsPerStep = seconds(clock.now - localBegan) / Double(steps)
      report.localHeldOut = local.accuracy(inputs: test.inputs, labels: test.labels)
      report.relativeDistanceToLocal = largestRelativeDistance(distributed.parameters, local.parameters)
    }
    try printDistTrainReport(report, json: options.json, rank: world.rank)
  }
}

/// `blocknum dist train recommender`: the matrix-factorization recommender of
/// `blocknum train recommender --solver adam`, on synthetic ratings, trained data-parallel.
struct DistTrainRecommender: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "recommender",
    abstract: "Biased MF recommender on synthetic low-rank ratings, trained data-parallel with Adam; held-out RMSE.",
    discussion: """
      The data of blocknum train recommender (Datasets.syntheticRatings, 20% held out by --seed); \
      defaults: 400 epochs, batch 4096 ratings, Adam lr 0.03, l2 0.03, factors = --rank.
      """)

  @OptionGroup var options: DistTrainOptions
  @Option(help: "Synthetic data: users.")
  var users = 1000
  @Option(help: "Synthetic data: items.")
  var items = 500
  @Option(help: "Synthetic data: rank of the true ratings (and the embedding dimension).")
  var rank = 10
  @Option(help: "Synthetic data: fraction of (user, item) pairs observed.")
  var density = 0.05
  @Option(help: "Synthetic data: standard deviation of the rating noise.")
  var noise = 0.1
  @Option(name: [.customLong("l2")], help: "L2 penalty per rating on its user's and item's embeddings.")
  var l2 = 0.03

  func validate() throws {
    if users < 1 || items < 1 || rank < 1 { throw ValidationError("--users, --items and --rank must be at least 1") }
    if !(density > 0 && density <= 1) { throw ValidationError("--density must be in (0, 1], got \(density)") }
    if !(l2 >= 0) || !(noise >= 0) { throw ValidationError("--l2 and --noise must be non-negative") }
  }

  func run() throws {
    let world = try Communicator.world
    let epochs = options.epochs ?? 400
    let batchSize = options.batchSize ?? 4096
    let rate = options.learningRate ?? 0.03
    let seed = options.seed
    let dataset: RatingsDataset<Double> = try Datasets.syntheticRatings(
      users: users, items: items, rank: rank, density: density, noise: noise, seed: seed, as: Double.self)
    let (training, heldOut) = dataset.split(heldOutFraction: 0.2, seed: seed &+ 1)
    let steps = epochs * ((training.count + batchSize - 1) / batchSize)
    var bar = ProgressBar(total: epochs)
    let showBar = !options.json && world.rank == 0
    var distributed = MatrixFactorization<Double>(users: users, items: items, factors: rank, seed: seed &+ 2)
    try world.barrier()
    let clock = ContinuousClock()
    let began = clock.now
    let history = try distributed.fit(
      training, optimizer: Adam<Double>(learningRate: rate), epochs: epochs, batchSize: batchSize, l2: l2, seed: seed,
      communicator: world
    ) { epoch, rmse, _ in
      if showBar { bar.update(epoch, String(format: "epoch %d/%d training RMSE %.4f", epoch, epochs, rmse)) }
    }
    let trainingSeconds = seconds(clock.now - began)
    if showBar { bar.finish() }
    let (identical, checksum) = try identicalAcrossProcesses(distributed.parameters, world)
    let parameters = distributed.parameters.reduce(0) { $0 + $1.count }
    var report = DistTrainReport(
      model: "recommender, biased MF \(users) users × \(items) items, \(rank) factors, \(training.count) training ratings",
      processes: world.size, blasThreadsPerProcess: BLAS.threadCount, epochs: epochs, batchSize: batchSize, steps: steps,
      parameters: parameters, learningRate: rate, heldOutMetric: "RMSE", heldOut: try distributed.rootMeanSquaredError(heldOut),
      trainingSeconds: trainingSeconds, secondsPerStep: trainingSeconds / Double(steps),
      allReduceBytesPerStep: (parameters + 1) * MemoryLayout<Double>.size, identicalOnAllProcesses: identical,
      checksum: checksum, losses: history.trainingRMSE)
    if options.compareLocal {
      var local = MatrixFactorization<Double>(users: users, items: items, factors: rank, seed: seed &+ 2)
      let localBegan = clock.now
      try local.fit(training, optimizer: Adam<Double>(learningRate: rate), epochs: epochs, batchSize: batchSize, l2: l2, seed: seed)
      report.localSecondsPerStep = seconds(clock.now - localBegan) / Double(steps)
      report.localHeldOut = try local.rootMeanSquaredError(heldOut)
      report.relativeDistanceToLocal = largestRelativeDistance(distributed.parameters, local.parameters)
    }
    try printDistTrainReport(report, json: options.json, rank: world.rank)
  }
}
