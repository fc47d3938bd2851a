import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum train mlp --inputs X.npy --labels y.npy`: an MLP classifier on the user's own
/// data, held-out rows chosen by the seed, the trained weights written on request.
struct TrainMLP: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mlp",
    abstract: "A ReLU MLP classifier on your data: samples × features inputs and one integer label per row.",
    discussion: """
      Inputs: a .npy file (any numeric dtype, C or Fortran order), an array of a .npz archive \
      (archive.npz:name), or a Matrix Market .mtx file. Labels: a 1-d .npy (or archive.npz:name) of \
      integers (any width, bool) or integral floats, one per input row; any set of at least two \
      distinct values, mapped in ascending order to classes 0, 1, …. --test-fraction of the rows \
      (chosen by --seed, as scikit-learn's train_test_split; or every N-th row with --test-every N) are \
      held out and scored after training. \
      Softmax cross-entropy, Glorot-uniform weights, zero biases.
      """)

  @Option(help: "Inputs, samples × features: .npy, archive.npz:name or .mtx.")
  var inputs: String
  @Option(help: "Integer labels, one per input row: 1-d .npy or archive.npz:name.")
  var labels: String
  @Option(help: "Fraction of the rows held out for testing, in [0, 1) (0: train on every row, report no held-out accuracy).")
  var testFraction = 0.2
  @Option(help: "Hold out the rows whose index is a multiple of N instead (as train digits does with 5).")
  var testEvery: Int?
  @Option(help: "Hidden layer sizes, comma-separated (e.g. 128,64), each at least 1.")
  var hidden = HiddenLayers(sizes: [64])
  @Option(help: "Input scaling learned on the training rows: none, max (divide by the largest |value|) or standard (per feature: subtract the mean, divide by the standard deviation).")
  var scaling: InputScaling = .none
  @Option(help: "Directory to write the trained model into (layer weights and biases, classes, scaling as .npy; model.json).")
  var out: String?
  @OptionGroup var training: MLPTrainingOptions

  func validate() throws {
    if !(testFraction >= 0 && testFraction < 1) { throw ValidationError("--test-fraction must be in [0, 1), got \(testFraction)") }
    if let testEvery, testEvery < 2 { throw ValidationError("--test-every must be at least 2, got \(testEvery)") }
  }

  func run() throws {
    let x = try naming("--inputs", inputs) { try readDenseMatrix(inputs) }
    let y = try naming("--labels", labels) { try readLabels(labels) }
    let data = try ClassificationData(inputs: x, labels: y, inputsName: inputs, labelsName: labels)
    var (train, test) = try testEvery.map { every in data.split(heldOut: { $0 % every == 0 }) }
      ?? data.split(testFraction: testFraction, seed: training.seed)
    let scale = scaling.fitted(to: train.inputs)
    train.inputs = scale.apply(train.inputs)
    test.inputs = scale.apply(test.inputs)
    let sizes = [x.columns] + hidden.sizes + [data.classes.count]
    var layers: [any Layer<Double>] = []
    for (index, (fanIn, fanOut)) in zip(sizes, sizes.dropFirst()).enumerated() {
      if index > 0 { layers.append(ReLU<Double>()) }
      layers.append(Dense<Double>(inputs: fanIn, outputs: fanOut, seed: training.seed &+ UInt64(index + 1)))
    }
    var model = Sequential<Double>(layers)
    let name = "\(sizes.map(String.init).joined(separator: "-")) ReLU MLP, \(data.classes.count) classes"
    let report = try training.train(&model, on: train, test: test, name: name)
    if let out { try ModelFiles(model: model, classes: data.classes, scale: scale, report: report).write(to: out) }
    let heldOut = testEvery.map { "index % \($0) == 0" } ?? "\(Int((testFraction * 100).rounded())) % chosen by seed \(training.seed)"
    try training.print(report, heldOut: heldOut)
  }
}

/// `body`'s result, or its error with the option and file it was reading put in front.
private func naming<T>(_ option: String, _ file: String, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch {
    throw BlockNumericsError.invalidArgument(operation: "blocknum train mlp", message: "\(option) \(file): \(error)")
  }
}

/// `--hidden 128,64`: the hidden layers' widths.
struct HiddenLayers: ExpressibleByArgument {
  var sizes: [Int]

  init(sizes: [Int]) { self.sizes = sizes }

  init?(argument: String) {
    let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
    sizes = parts.map { $0! }
  }

  var defaultValueDescription: String { sizes.map(String.init).joined(separator: ",") }
}

/// How inputs are scaled before training, learned from the training rows only (so held-out
/// rows are scaled as new data would be).
enum InputScaling: String, ExpressibleByArgument, CaseIterable {
  case none, max, standard

  /// The scaling `x ↦ (x − offset) / scale` (per feature) this choice learns from `inputs`;
  /// a feature (or all of them, for `max`) with zero spread keeps scale 1.
  func fitted(to inputs: Matrix<Double>) -> FittedScaling {
    let features = inputs.columns
    switch self {
    case .none:
      return FittedScaling(offset: [Double](repeating: 0, count: features), scale: [Double](repeating: 1, count: features))
    case .max:
      let largest = inputs.elements.reduce(0) { Swift.max($0, abs($1)) }
      return FittedScaling(offset: [Double](repeating: 0, count: features), scale: [Double](repeating: largest > 0 ? largest : 1, count: features))
    case .standard:
      let rows = Double(Swift.max(1, inputs.rows))
      let mean = inputs.sum(along: .rows).elements.map { $0 / rows }
      var variance = [Double](repeating: 0, count: features)
      for row in 0..<inputs.rows {
        for column in 0..<features { variance[column] += (inputs[row, column] - mean[column]) * (inputs[row, column] - mean[column]) }
      }
      return FittedScaling(offset: mean, scale: variance.map { $0 > 0 ? ($0 / rows).squareRoot() : 1 })
    }
  }
}

/// A per-feature affine scaling `x ↦ (x − offset) / scale`.
struct FittedScaling {
  var offset, scale: [Double]

  func apply(_ inputs: Matrix<Double>) -> Matrix<Double> {
    var result = inputs
    for row in 0..<inputs.rows {
      for column in 0..<inputs.columns { result[row, column] = (inputs[row, column] - offset[column]) / scale[column] }
    }
    return result
  }
}

/// Inputs and labels checked against each other, the labels mapped to class indices.
struct ClassificationData {
  var inputs: Matrix<Double>
  /// Class index of each row, into `classes`.
  var classIndices: [Int]
  /// The distinct label values, ascending: class `c` is label `classes[c]`.
  var classes: [Int]

  /// - Throws: a `BlockNumericsError` naming the files when the counts differ, a value is not
  ///   finite, or there are fewer than two classes.
  init(inputs: Matrix<Double>, labels: [Int], inputsName: String, labelsName: String) throws {
    let operation = "blocknum train mlp"
    guard labels.count == inputs.rows else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "\(inputsName) has \(inputs.rows) rows (\(inputs.shapeDescription)) but \(labelsName) has \(labels.count) labels; they must agree")
    }
    if let bad = inputs.elements.firstIndex(where: { !$0.isFinite }) {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "\(inputsName) holds \(inputs.elements[bad]) at row \(bad / Swift.max(1, inputs.columns)), column \(bad % Swift.max(1, inputs.columns)); inputs must be finite")
    }
    classes = Array(Set(labels)).sorted()
    guard classes.count >= 2 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "\(labelsName) holds \(classes.count) distinct label(s) \(classes); a classifier needs at least two")
    }
    let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    self.inputs = inputs
    classIndices = labels.map { index[$0]! }
  }

  /// Training and held-out rows: `ceil(testFraction · rows)` rows held out, chosen by a
  /// permutation from `seed`; each part keeps the rows' original order.
  /// - Throws: when a part would be empty although asked for.
  func split(testFraction: Double, seed: UInt64) throws -> (train: LabeledDataset<Double>, test: LabeledDataset<Double>) {
    let rows = inputs.rows
    let testCount = Int((testFraction * Double(rows)).rounded(.up))
    guard rows - testCount >= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: "blocknum train mlp", message: "--test-fraction \(testFraction) of \(rows) rows leaves no training rows")
    }
    var generator = SeededRandomNumberGenerator(seed: seed)
    let held = Set(Array(0..<rows).shuffled(using: &generator).prefix(testCount))
    return split(heldOut: { held.contains($0) })
  }

  /// Training rows (`isHeldOut` false) and held-out rows (true), each in the original order.
  func split(heldOut isHeldOut: (Int) -> Bool) -> (train: LabeledDataset<Double>, test: LabeledDataset<Double>) {
    let all = LabeledDataset(inputs: inputs, labels: classIndices)
    return (all.rows { !isHeldOut($0) }, all.rows(where: isHeldOut))
  }
}

/// The files `--out` writes: `layer<i>_weights.npy` and `layer<i>_bias.npy` for each dense
/// layer i (weights `outputs × inputs`, as PyTorch, bias `1 × outputs`), `classes.npy` (the label of each
/// output), `scaling_offset.npy` and `scaling_scale.npy` (per feature; the model's input is
/// `(x − offset) / scale`), and `model.json` describing them with the training report.
struct ModelFiles {
  var model: Sequential<Double>
  var classes: [Int]
  var scale: FittedScaling
  var report: MLPTrainingOptions.Report

  struct Description: Encodable {
    var architecture: String
    var layers: [[Int]]
    var activation = "relu"
    var output = "softmax over classes (classes.npy)"
    var files: [String]
    var report: MLPTrainingOptions.Report
  }

  func write(to directory: String) throws {
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw BlockNumericsError.fileAccess(path: directory, message: "cannot create the model directory: \(error.localizedDescription)")
    }
    var files: [String] = []
    var shapes: [[Int]] = []
    for (index, layer) in model.layers.compactMap({ $0 as? Dense<Double> }).enumerated() {
      for (part, matrix) in [("weights", layer.weights), ("bias", layer.bias)] {
        let name = "layer\(index)_\(part).npy"
        try matrix.writeNPY(to: directory + "/" + name)
        files.append(name)
      }
      shapes.append([layer.weights.rows, layer.weights.columns])
    }
    try NumPyFormat.write(vector: classes.map(Double.init), to: directory + "/classes.npy")
    try NumPyFormat.write(vector: scale.offset, to: directory + "/scaling_offset.npy")
    try NumPyFormat.write(vector: scale.scale, to: directory + "/scaling_scale.npy")
    files += ["classes.npy", "scaling_offset.npy", "scaling_scale.npy"]
    try emitJSON(
      Description(architecture: report.model, layers: shapes, files: files, report: report), toStandardOutput: false,
      file: directory + "/model.json")
  }
}

