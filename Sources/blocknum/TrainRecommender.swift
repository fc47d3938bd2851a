import ArgumentParser
import BlockNumerics
import Foundation

/// The solvers `blocknum train recommender` offers.
enum RecommenderSolver: String, ExpressibleByArgument, CaseIterable {
  case bpmf, als, implicit, adam
}

/// Whether ALS fits biases.
enum BiasChoice: String, ExpressibleByArgument, CaseIterable {
  case on, off, auto
}

/// `blocknum train recommender`: explicit ratings (synthetic low-rank ones or a file) with
/// BPMF, ALS-WR or a gradient optimizer, or implicit feedback with confidence-weighted ALS;
/// held-out metrics at the end, the factors as .npy with `--out`.
struct TrainRecommender: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "recommender",
    abstract: "Train a recommender: Bayesian MF, ALS (explicit or implicit) or Adam; report held-out metrics.",
    discussion: """
      Without --ratings: explicit solvers train on synthetic low-rank ratings ⟨U_u, V_i⟩ + noise·ε \
      (Datasets.syntheticRatings) and the report includes the oracle bound (the held-out RMSE of \
      the posterior mean of U given the true V); --solver implicit trains on synthetic \
      interactions (Datasets.syntheticInteractions). Unless --held-out names a file, 20% of the \
      ratings, chosen by --seed, are held out.
      """)

  @Option(help: "bpmf (Bayesian MF, Gibbs sampling), als (ALS-WR with biases), implicit (Hu et al. ALS) or adam.")
  var solver: RecommenderSolver = .bpmf
  @Option(help: "Ratings file: user,item[,value] CSV lines (0-based ids) or a Matrix Market coordinate file (.mtx).")
  var ratings: String?
  @Option(help: "Held-out ratings file (same forms); default: 20% of the ratings, chosen by --seed.")
  var heldOut: String?
  @Option(help: "Synthetic data: users.")
  var users: Int?
  @Option(help: "Synthetic data: items.")
  var items: Int?
  @Option(help: "Synthetic data: rank of the true ratings.")
  var rank = 10
  @Option(help: "Synthetic data: fraction of (user, item) pairs observed (default 0.05).")
  var density: Double?
  @Option(help: "Synthetic explicit data: standard deviation of the rating noise.")
  var noise = 0.1
  @Option(help: "Embedding dimension (default: --rank for explicit solvers, 64 for implicit).")
  var factors: Int?
  @Option(
    name: [.customLong("regularization"), .customLong("l2")],
    help: "λ: ALS-WR's (default: chosen from a grid by validation RMSE), implicit ALS's (default 0.01), adam's L2 (default 0.01).")
  var regularization: Double?
  @Option(help: "ALS: fit user and item biases: on, off, or auto (the better by validation RMSE, with λ).")
  var biases: BiasChoice = .auto
  @Option(help: "Implicit: confidence 1 + alpha·r.")
  var alpha = 1.0
  @Option(
    name: [.customLong("iterations"), .customLong("epochs")], help: "ALS and implicit iterations (default 15); adam epochs (default 2000).")
  var iterations: Int?
  @Option(help: "Implicit: conjugate-gradient steps per solve (0: exact Cholesky solves).")
  var cgSteps = 3
  @OptionGroup(title: "BPMF") var sampler: SamplerOptions
  @Option(help: "--solver adam: the gradient optimizer (sgd, momentum, adagrad, rmsprop, adam or adamw).")
  var optimizer: OptimizerChoice = .adam
  @Option(help: "--solver adam: learning rate.")
  var learningRate = 0.03
  @Option(help: "--solver adam: ratings per step (default: all training ratings, one step per epoch).")
  var batchSize: Int?
  @Option(help: "Ranking cutoff k for precision@k, recall@k, NDCG@k and MAP@k (implicit).")
  var topK = 10
  @Option(help: "Seed for the data, the split, the starting factors and the sampler.")
  var seed: UInt64 = 0
  @Option(help: "Cores to use (default: all); OpenBLAS threads too.")
  var threads: Int?
  @Flag(help: "Compute in single precision (default for --solver implicit, as the implicit library does).")
  var single = false
  @Flag(help: "Compute in double precision (default for explicit solvers).")
  var double = false
  @Option(help: "Directory to write user_factors.npy, item_factors.npy, user_biases.npy, item_biases.npy, training.csv and held_out.csv into.")
  var out: String?
  @Flag(help: "Print one JSON object on standard output (and no progress bar).")
  var json = false

  mutating func validate() throws {
    if single && double { throw ValidationError("--single and --double exclude each other") }
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    if (ratings == nil) && heldOut != nil { throw ValidationError("--held-out needs --ratings") }
    if rank < 1 || (factors ?? 1) < 1 || (iterations ?? 1) < 1 || topK < 1 || cgSteps < 0 || (batchSize ?? 1) < 1 {
      throw ValidationError("--rank, --factors, --iterations and --top-k must be at least 1 and --cg-steps non-negative")
    }
  }

  func run() throws {
    if let threads { BLAS.threadCount = threads }
    let useSingle = single || (solver == .implicit && !double)
    let report = useSingle ? try train(Float.self) : try train(Double.self)
    if json {
      try emitJSON(JSONObject(report))
    } else {
      print(Self.headline(report))
      for key in report.keys.sorted() { print("  \(key): \(report[key]!)") }
    }
  }

  /// One line with the held-out figures of a report.
  static func headline(_ report: [String: Any]) -> String {
    let solver = report["solver"] as? String ?? ""
    let seconds = report["seconds"] as? Double ?? 0
    if let precision = report["precisionAtK"] as? Double, let k = report["k"] as? Int {
      return String(
        format: "%@: held-out precision@%d %.4f, recall@%d %.4f, NDCG@%d %.4f, MAP@%d %.4f; trained in %.2f s", solver, k, precision, k,
        report["recallAtK"] as? Double ?? 0, k, report["ndcgAtK"] as? Double ?? 0, k, report["mapAtK"] as? Double ?? 0, seconds)
    }
    var line = String(format: "%@: held-out RMSE %.4f, MAE %.4f", solver, report["heldOutRMSE"] as? Double ?? 0, report["heldOutMAE"] as? Double ?? 0)
    if let oracle = report["oracleRMSE"] as? Double, let ratio = report["ratioToOracle"] as? Double {
      line += String(format: " = %.3f× the oracle bound %.4f", ratio, oracle)
    }
    return line + String(format: "; trained in %.2f s", seconds)
  }

  /// Loads or makes the data, trains, evaluates; returns the report's fields.
  func train<Scalar: BLASScalar>(_: Scalar.Type) throws -> [String: Any] where Scalar: CVarArg {
    var report: [String: Any] = ["solver": solver.rawValue, "precision": Scalar.self == Float.self ? "single" : "double", "seed": seed]
    let (training, heldOutRatings, truth) = try data(Scalar.self, report: &report)
    report["users"] = training.users
    report["items"] = training.items
    report["trainingRatings"] = training.count
    report["heldOutRatings"] = heldOutRatings.count
    let k = factors ?? (solver == .implicit ? 64 : rank)
    report["factors"] = k
    var model = MatrixFactorization<Scalar>(users: training.users, items: training.items, factors: k, seed: seed &+ 2)
    let showBar = !json
    let clock = ContinuousClock()
    var trainingSeconds = 0.0
    switch solver {
    case .als:
      let count = iterations ?? 15
      var lambda = Scalar(regularization ?? 0)
      var withBiases = biases != .off
      let selectionBegan = clock.now
      if regularization == nil || biases == .auto {
        // Validation picks λ (from the grid unless given) and, with `auto`, whether to fit biases.
        let grid = regularization.map { [Scalar($0)] } ?? [0.00001, 0.00003, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1].map { Scalar($0) }
        var best = Double.infinity
        for candidate in biases == .auto ? [true, false] : [biases == .on] {
          let selection = try MatrixFactorization<Scalar>.selectRegularization(
            training, factors: k, grid: grid, iterations: count, biases: candidate, seed: seed &+ 3, threads: threads)
          report["regularizationValidationRMSE" + (candidate ? "WithBiases" : "WithoutBiases")] = selection.validationRMSE
          if let error = selection.validationRMSE.min(), error < best {
            (best, lambda, withBiases) = (error, selection.regularization, candidate)
          }
        }
        report["regularizationGrid"] = grid.map { Double($0) }
        report["selectionSeconds"] = seconds(clock.now - selectionBegan)
      }
      report["biases"] = withBiases
      report["regularization"] = Double(lambda)
      var bar = ProgressBar(total: count)
      let history = try model.fitALS(training, regularization: lambda, iterations: count, biases: withBiases, threads: threads, validation: heldOutRatings) {
        iteration, rmse, validation in
        if showBar { bar.update(iteration, String(format: "iteration %d/%d training RMSE %.4f held-out RMSE %.4f", iteration, count, rmse, validation ?? .nan)) }
      }
      if showBar { bar.finish() }
      trainingSeconds = history.seconds
      report["iterations"] = count
    case .bpmf:
      let sampler = BayesianMatrixFactorization<Scalar>(
        factors: k, burnIn: sampler.burnIn, samples: sampler.samples, temperedSweeps: sampler.temperedSweeps, seed: seed &+ 2, threads: threads)
      var bar = ProgressBar(total: sampler.burnIn + sampler.samples)
      let posterior = try sampler.fit(training, validation: heldOutRatings) { sweep in
        if showBar {
          bar.update(
            sweep.sweep,
            String(format: "sweep %d%@ noise σ %.4f training RMSE %.4f held-out RMSE (average) %.4f", sweep.sweep, sweep.isBurnIn ? " (burn-in)" : "",
                   1 / sweep.noisePrecision.squareRoot(), sweep.trainingRMSE, sweep.validationRMSE ?? .nan))
        }
      }
      if showBar { bar.finish() }
      model = posterior.model
      trainingSeconds = posterior.seconds
      report["burnIn"] = sampler.burnIn
      report["samples"] = sampler.samples
      report["temperedSweeps"] = sampler.temperedSweeps
      report["noiseStandardDeviation"] = 1 / posterior.sweeps.last!.noisePrecision.squareRoot()
    case .adam:
      let epochs = iterations ?? 2000
      let l2 = regularization ?? 0.01
      var bar = ProgressBar(total: epochs)
      let triples = training.triples
      let history = try Self.gradientFit(
        &model, triples, heldOutRatings.triples, optimizer: optimizer, learningRate: learningRate, epochs: epochs,
        batchSize: batchSize ?? triples.count, l2: l2, seed: seed
      ) { epoch, rmse, validation in
        if showBar { bar.update(epoch, String(format: "epoch %d/%d training RMSE %.4f held-out RMSE %.4f", epoch, epochs, rmse, validation ?? .nan)) }
      }
      if showBar { bar.finish() }
      trainingSeconds = history.seconds
      report["iterations"] = epochs
      report["regularization"] = l2
      report["optimizer"] = optimizer.rawValue
      report["learningRate"] = learningRate
      report["batchSize"] = batchSize ?? triples.count
    case .implicit:
      let count = iterations ?? 15
      let lambda = Scalar(regularization ?? 0.01)
      var bar = ProgressBar(total: count)
      let began = clock.now
      try model.fitImplicitALS(
        training, regularization: lambda, alpha: Scalar(alpha), iterations: count,
        solver: cgSteps == 0 ? .cholesky : .conjugateGradient(steps: cgSteps), threads: threads
      ) { iteration in
        if showBar { bar.update(iteration, "iteration \(iteration)/\(count)") }
      }
      trainingSeconds = seconds(clock.now - began)
      if showBar { bar.finish() }
      report["iterations"] = count
      report["regularization"] = Double(lambda)
      report["alpha"] = alpha
      report["cgSteps"] = cgSteps
    }
    report["seconds"] = trainingSeconds
    report["secondsPerIteration"] = trainingSeconds / Double((report["iterations"] as? Int) ?? (sampler.burnIn + sampler.samples))
    if solver == .implicit {
      let began = clock.now
      let summary = try model.rankingMetrics(heldOut: heldOutRatings, excludingRated: training, at: topK, threads: threads)
      report["evaluationSeconds"] = seconds(clock.now - began)
      report["k"] = topK
      report["evaluatedUsers"] = summary.users
      report["precisionAtK"] = summary.precision
      report["recallAtK"] = summary.recall
      report["ndcgAtK"] = summary.normalizedDiscountedCumulativeGain
      report["mapAtK"] = summary.meanAveragePrecision
    } else {
      let rmse = try model.rootMeanSquaredError(heldOutRatings)
      report["heldOutRMSE"] = rmse
      report["heldOutMAE"] = try model.meanAbsoluteError(heldOutRatings)
      report["trainingRMSE"] = try model.rootMeanSquaredError(training)
      if let truth {
        let oracle = try oracleRMSE(training: training, heldOut: heldOutRatings, trueItemFactors: truth)
        report["oracleRMSE"] = oracle
        report["ratioToOracle"] = rmse / oracle
        report["ratioToNoise"] = rmse / noise
      }
    }
    if let out { try write(model, training: training, heldOut: heldOutRatings, to: out) }
    return report
  }

  /// Gradient training with the chosen optimizer (built for `Scalar` from the command line's choice).
  static func gradientFit<Scalar: BLASScalar>(
    _ model: inout MatrixFactorization<Scalar>, _ training: [Rating<Scalar>], _ heldOut: [Rating<Scalar>], optimizer: OptimizerChoice,
    learningRate: Double, epochs: Int, batchSize: Int, l2: Double, seed: UInt64, onEpoch: @escaping (Int, Double, Double?) -> Void
  ) throws -> MatrixFactorization<Scalar>.History {
    let rate = Scalar(learningRate)
    func fit<O: Optimizer>(_ chosen: O) throws -> MatrixFactorization<Scalar>.History where O.Scalar == Scalar {
      try model.fit(training, optimizer: chosen, epochs: epochs, batchSize: batchSize, l2: Scalar(l2), seed: seed, validation: heldOut, onEpoch: onEpoch)
    }
    switch optimizer {
    case .sgd: return try fit(SGD<Scalar>(learningRate: rate))
    case .momentum: return try fit(SGD<Scalar>(learningRate: rate, momentum: 0.9, nesterov: true))
    case .adagrad: return try fit(AdaGrad<Scalar>(learningRate: rate))
    case .rmsprop: return try fit(RMSProp<Scalar>(learningRate: rate))
    case .adam: return try fit(Adam<Scalar>(learningRate: rate))
    case .adamw: return try fit(AdamW<Scalar>(learningRate: rate, weightDecay: 0.01))
    }
  }

  /// The training and held-out ratings, and the true item factors when synthetic explicit.
  func data<Scalar: BLASScalar>(_: Scalar.Type, report: inout [String: Any]) throws -> (Ratings<Scalar>, Ratings<Scalar>, Matrix<Double>?) {
    func load(_ path: String, users: Int? = nil, items: Int? = nil) throws -> Ratings<Scalar> {
      path.hasSuffix(".mtx") ? try Ratings<Scalar>(contentsOfMatrixMarketFile: path) : try Ratings<Scalar>(contentsOfCSVFile: path, users: users, items: items)
    }
    if let ratings {
      report["ratingsFile"] = ratings
      if let heldOut {
        // Load both first to learn the full shape, then again with it.
        let (a, b) = (try load(ratings), try load(heldOut))
        let (users, items) = (Swift.max(a.users, b.users, self.users ?? 0), Swift.max(a.items, b.items, self.items ?? 0))
        return (try load(ratings, users: users, items: items), try load(heldOut, users: users, items: items), nil)
      }
      let all = try load(ratings, users: users, items: items)
      let (training, held) = try all.randomSplit(heldOutFraction: 0.2, seed: seed &+ 1)
      return (training, held, nil)
    }
    let users = self.users ?? (solver == .implicit ? 20_000 : 1000)
    let items = self.items ?? (solver == .implicit ? 10_000 : 500)
    let density = self.density ?? (solver == .implicit ? 0.005 : 0.05)
    report["density"] = density
    if solver == .implicit {
      let all: Ratings<Scalar> = try Datasets.syntheticInteractions(users: users, items: items, density: density, seed: seed, as: Scalar.self)
      let (training, held) = try all.randomSplit(heldOutFraction: 0.2, seed: seed &+ 1)
      return (training, held, nil)
    }
    report["rank"] = rank
    report["noise"] = noise
    let dataset: RatingsDataset<Scalar> = try Datasets.syntheticRatings(
      users: users, items: items, rank: rank, density: density, noise: noise, seed: seed, as: Scalar.self)
    let (trainingTriples, heldTriples) = dataset.split(heldOutFraction: 0.2, seed: seed &+ 1)
    let truth: (u: Matrix<Double>, v: Matrix<Double>) = try Datasets.syntheticRatingFactors(users: users, items: items, rank: rank, seed: seed)
    return (
      try Ratings(trainingTriples, users: users, items: items), try Ratings(heldTriples, users: users, items: items), truth.v
    )
  }

  /// The oracle's held-out RMSE: each user's factors estimated as their posterior mean
  /// given the true item factors, the user's training ratings and the true prior
  /// (variance 1/√rank) and noise, as scripts/recommender-bound.py computes it.
  func oracleRMSE<Scalar: BLASScalar>(training: Ratings<Scalar>, heldOut: Ratings<Scalar>, trueItemFactors v: Matrix<Double>) throws -> Double {
    let r = v.columns
    let ridge = noise * noise * Double(r).squareRoot()
    var squared = 0.0
    for user in 0..<training.users where heldOut.userStarts[user + 1] > heldOut.userStarts[user] {
      var a = [Double](repeating: 0, count: r * r)
      var b = [Double](repeating: 0, count: r)
      for e in training.userStarts[user]..<training.userStarts[user + 1] {
        let item = training.userItems[e]
        for i in 0..<r {
          for j in 0..<r { a[i * r + j] += v[item, i] * v[item, j] }
          b[i] += v[item, i] * Double(training.userValues[e])
        }
      }
      for i in 0..<r { a[i * r + i] += ridge }
      let info = Double.posv(n: Int32(r), rightHandSides: 1, a: &a, lda: Int32(r), b: &b, ldb: 1)
      guard info == 0 else { throw BlockNumericsError.lapackFailure(routine: "dposv", info: Int(info), message: "oracle solve of user \(user)") }
      for e in heldOut.userStarts[user]..<heldOut.userStarts[user + 1] {
        let item = heldOut.userItems[e]
        var prediction = 0.0
        for i in 0..<r { prediction += b[i] * v[item, i] }
        let error = prediction - Double(heldOut.userValues[e])
        squared += error * error
      }
    }
    return (squared / Double(heldOut.count)).squareRoot()
  }

  /// Writes the factors and biases as .npy and the split as CSV into `directory`.
  func write<Scalar: BLASScalar>(_ model: MatrixFactorization<Scalar>, training: Ratings<Scalar>, heldOut: Ratings<Scalar>, to directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = { (name: String) in URL(fileURLWithPath: directory).appendingPathComponent(name).path }
    try model.userEmbeddings.writeNPY(to: path("user_factors.npy"))
    try model.itemEmbeddings.writeNPY(to: path("item_factors.npy"))
    try model.parameters[2].writeNPY(to: path("user_biases.npy"))
    try model.parameters[3].writeNPY(to: path("item_biases.npy"))
    try Matrix<Scalar>(rows: 1, columns: 1, repeating: model.globalMean).writeNPY(to: path("global_mean.npy"))
    try training.writeCSV(to: path("training.csv"))
    try heldOut.writeCSV(to: path("held_out.csv"))
  }
}

/// The Gibbs sampler's options of `train recommender --solver bpmf`.
struct SamplerOptions: ParsableArguments {
  @Option(help: "BPMF: burn-in sweeps.")
  var burnIn = 100
  @Option(help: "BPMF: samples kept after the burn-in, at least 1.")
  var samples = 300
  @Option(help: "BPMF: sweeps over which the noise variance is tempered down.")
  var temperedSweeps = 30

  func validate() throws {
    if burnIn < 0 || samples < 1 || temperedSweeps < 0 {
      throw ValidationError("--burn-in and --tempered-sweeps must be non-negative and --samples at least 1")
    }
  }
}
