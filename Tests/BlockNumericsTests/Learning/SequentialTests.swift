import Testing
@testable import BlockNumerics

@Suite struct SequentialTests {
  /// Scaled digits, rows with index % 5 != 0 for training and the rest for testing.
  static let digits: (train: LabeledDataset<Double>, test: LabeledDataset<Double>) = {
    var all = Datasets.digits()
    all.inputs /= 16
    return (all.rows { $0 % 5 != 0 }, all.rows { $0 % 5 == 0 })
  }()

  func mlp(hidden: Int = 32) -> Sequential<Double> {
    Sequential<Double>([Dense(inputs: 64, outputs: hidden, initialization: .heNormal, seed: 1), ReLU(),
                        Dense(inputs: hidden, outputs: 10, seed: 2)])
  }

  @Test func typesInferFromTheModel() throws {
    let model = Sequential<Double>([Dense(inputs: 64, outputs: 64, seed: 1), ReLU(), Dropout(rate: 0.1, seed: 3),
                                    BlockSparseDense(inputs: 64, outputs: 32, blockSize: 16, density: 0.5, seed: 4),
                                    Tanh(), Dense(inputs: 32, outputs: 10, seed: 2), Sigmoid()])
    #expect(model.layers.count == 7 && model.parameters.count == 6)
    #expect(try model.outputFeatures(inputFeatures: 64) == 10)
  }

  @Test func modelGradientsMatchCentralDifferences() throws {
    // The whole chain: Dense → Tanh → BlockSparseDense → Sigmoid → Dense, softmax cross-entropy.
    var model = Sequential<Double>([Dense(inputs: 4, outputs: 8, seed: 1), Tanh(),
                                    BlockSparseDense(inputs: 8, outputs: 8, blockSize: 2, density: 0.5, seed: 2), Sigmoid(),
                                    Dense(inputs: 8, outputs: 3, seed: 3)])
    let x = Matrix<Double>.random(rows: 5, columns: 4, in: -1..<1, seed: 4)
    let labels = [0, 2, 1, 1, 0]
    func loss(_ m: Sequential<Double>) throws -> Double {
      try Loss.softmaxCrossEntropy.evaluate(outputs: m.predict(x), labels: labels).value
    }
    var workspace = Sequential<Double>._Workspace(layerCount: model.layers.count)
    workspace.gather(x, rows: 0..<5)
    model._forward(&workspace, training: true)
    workspace.deltas[5] = try Loss.softmaxCrossEntropy.evaluate(outputs: workspace.activations[5], labels: labels).gradient
    model._backward(&workspace)
    let analytic = model.layers.flatMap { $0.gradients }
    let parameters = model.parameters
    let h = 1e-6
    for slot in parameters.indices {
      for e in 0..<parameters[slot].count {
        var plus = model
        var minus = model
        var p = parameters
        p[slot].withUnsafeMutableBufferPointer { $0[e] += h }
        plus.parameters = p
        p[slot].withUnsafeMutableBufferPointer { $0[e] -= 2 * h }
        minus.parameters = p
        let numeric = try (loss(plus) - loss(minus)) / (2 * h)
        #expect(abs(numeric - analytic[slot].elements[e]) < 1e-7, "slot \(slot) entry \(e)")
      }
    }
  }

  @Test func trainingIsReproducibleAndLossesDecrease() throws {
    let data = Self.digits.train
    var a = mlp()
    var b = mlp()
    var reports: [EpochReport] = []
    var batches = 0
    let history = try a.fit(
      inputs: data.inputs, labels: data.labels, loss: .softmaxCrossEntropy, optimizer: FixedStepDescent(rate: 0.1),
      epochs: 4, batchSize: 32, seed: 7, onBatch: { _ in batches += 1 }, onEpoch: { reports.append($0) })
    try b.fit(inputs: data.inputs, labels: data.labels, loss: .softmaxCrossEntropy, optimizer: FixedStepDescent(rate: 0.1),
              epochs: 4, batchSize: 32, seed: 7)
    #expect(a.parameters == b.parameters)
    var c = mlp()
    try c.fit(inputs: data.inputs, labels: data.labels, loss: .softmaxCrossEntropy, optimizer: FixedStepDescent(rate: 0.1),
              epochs: 4, batchSize: 32, seed: 8)
    #expect(a.parameters != c.parameters)
    #expect(history.losses.count == 4 && reports == history.epochs && batches == 4 * 45)
    #expect(zip(history.losses, history.losses.dropFirst()).allSatisfy { $0 > $1 }, "\(history.losses)")
    #expect(history.accuracies.last! > 0.8)
    let test = Self.digits.test
    #expect(a.accuracy(inputs: test.inputs, labels: test.labels) > 0.8)
    let (testLoss, testAccuracy) = try a.evaluate(inputs: test.inputs, labels: test.labels, loss: .softmaxCrossEntropy)
    #expect(testLoss.isFinite && testAccuracy == a.accuracy(inputs: test.inputs, labels: test.labels))
  }

  @Test func validationSplitAndEarlyStopping() throws {
    let data = Self.digits.train
    var model = mlp(hidden: 16)
    let history = try model.fit(
      inputs: data.inputs, labels: data.labels, loss: .softmaxCrossEntropy, optimizer: FixedStepDescent(rate: 2.0),
      epochs: 30, batchSize: 16, seed: 1, validationSplit: 0.2, earlyStoppingPatience: 2)
    #expect(history.validationLosses.count == history.epochs.count && history.validationAccuracies.count == history.epochs.count)
    if history.stoppedEarly {
      #expect(history.epochs.count < 30)
      let best = history.bestEpoch!
      #expect(history.validationLosses[best - 1] == history.validationLosses.min())
      // The model keeps the best epoch's parameters.
      let validation = data.rows { $0 >= data.inputs.rows - Int((0.2 * Double(data.inputs.rows)).rounded()) }
      let (loss, _) = try model.evaluate(inputs: validation.inputs, labels: validation.labels, loss: .softmaxCrossEntropy)
      #expect(abs(loss - history.validationLosses[best - 1]) < 1e-12)
    }
  }

  @Test func regressionAndBinaryTargets() throws {
    // y = 2·x0 − x1 with MSE; the sign of x0 with binary cross-entropy on one output.
    let x = Matrix<Double>.random(rows: 256, columns: 2, in: -1..<1, seed: 1)
    var y = Matrix<Double>(rows: 256, columns: 1)
    for i in 0..<256 { y[i, 0] = 2 * x[i, 0] - x[i, 1] }
    var linear = Sequential<Double>([Dense(inputs: 2, outputs: 1, seed: 1)])
    let h = try linear.fit(inputs: x, targets: y, loss: .meanSquaredError, optimizer: FixedStepDescent(rate: 0.1), epochs: 30, batchSize: 16)
    #expect(h.losses.last! < 1e-6, "\(h.losses.last!)")
    var binary = Sequential<Double>([Dense(inputs: 2, outputs: 4, seed: 1), Tanh(), Dense(inputs: 4, outputs: 1, seed: 2)])
    let labels = (0..<256).map { x[$0, 0] > 0 ? 1 : 0 }
    try binary.fit(inputs: x, labels: labels, loss: .binaryCrossEntropy, optimizer: FixedStepDescent(rate: 0.5), epochs: 40, batchSize: 16)
    #expect(binary.accuracy(inputs: x, labels: labels) > 0.95)
  }

  @Test func errorsNameTheOperationAndShapes() {
    var model = mlp()
    let x = Matrix<Double>(rows: 10, columns: 64)
    let optimizer = FixedStepDescent(rate: 0.1)
    let rows = thrownError { try model.fit(inputs: x, labels: [0, 1], loss: .softmaxCrossEntropy, optimizer: optimizer, epochs: 1) }
    #expect(rows?.description.contains("Sequential.fit") == true && rows?.description.contains("10×64") == true, "\(String(describing: rows))")
    let label = thrownError { try model.fit(inputs: x, labels: Array(repeating: 10, count: 10), loss: .softmaxCrossEntropy, optimizer: optimizer, epochs: 1) }
    #expect(label?.description.contains("label 10 at row 0") == true, "\(String(describing: label))")
    let negative = thrownError { try model.fit(inputs: x, labels: Array(repeating: -1, count: 10), loss: .softmaxCrossEntropy, optimizer: optimizer, epochs: 1) }
    #expect(negative != nil)
    let features = thrownError { try model.fit(inputs: Matrix(rows: 10, columns: 63), labels: Array(repeating: 1, count: 10), loss: .softmaxCrossEntropy, optimizer: optimizer, epochs: 1) }
    #expect(features?.description.contains("layer 0") == true && features?.description.contains("63") == true, "\(String(describing: features))")
    let targets = thrownError { try model.fit(inputs: x, targets: Matrix(rows: 10, columns: 9), loss: .meanSquaredError, optimizer: optimizer, epochs: 1) }
    #expect(targets?.description.contains("10×9") == true)
    #expect(thrownError { try model.fit(inputs: x, labels: Array(repeating: 1, count: 10), loss: .softmaxCrossEntropy, optimizer: optimizer, epochs: 0) } != nil)
    #expect(thrownError { _ = try model.predict(Matrix(rows: 3, columns: 5)) } != nil)
  }
}

@Suite struct SequentialWithLibraryOptimizersTests {
  @Test func contractExampleTrainsWithAdam() throws {
    let digits = Datasets.digits()
    var model = Sequential<Double>([Dense(inputs: 64, outputs: 64, seed: 1), ReLU(),
                                    Dense(inputs: 64, outputs: 10, seed: 2)])
    let history = try model.fit(inputs: digits.inputs, labels: digits.labels,
                                loss: .softmaxCrossEntropy, optimizer: Adam<Double>(learningRate: 1e-3),
                                epochs: 5, batchSize: 32, seed: 0)
    #expect(history.losses.count == 5 && history.losses.last! < history.losses.first!)
    #expect(model.accuracy(inputs: digits.inputs, labels: digits.labels) > 0.9)
  }

  @Test func sameSeedSameWeightsWithAdamAndMomentum() throws {
    let data = SequentialTests.digits.train
    func train<O: Optimizer>(_ optimizer: O, seed: UInt64) throws -> [Matrix<Double>] where O.Scalar == Double {
      var model = Sequential<Double>([Dense(inputs: 64, outputs: 16, seed: 1), ReLU(), Dropout(rate: 0.2, seed: 5),
                                      BlockSparseDense(inputs: 16, outputs: 16, blockSize: 4, density: 0.5, seed: 3), Tanh(),
                                      Dense(inputs: 16, outputs: 10, seed: 2)])
      try model.fit(inputs: data.inputs, labels: data.labels, loss: .softmaxCrossEntropy, optimizer: optimizer,
                    epochs: 2, batchSize: 50, seed: seed)
      return model.parameters
    }
    #expect(try train(Adam<Double>(learningRate: 1e-2), seed: 3) == train(Adam<Double>(learningRate: 1e-2), seed: 3))
    let momentum = SGD<Double>(learningRate: 0.05, momentum: 0.9, nesterov: true)
    #expect(try train(momentum, seed: 3) == train(momentum, seed: 3))
    #expect(try train(momentum, seed: 3) != train(momentum, seed: 4))
  }

  @Test func recommenderWithAdam() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 100, items: 60, rank: 3, density: 0.5, noise: 0.1, seed: 4)
    let (training, heldOut) = data.split(heldOutFraction: 0.2, seed: 5)
    var model = MatrixFactorization<Double>(users: 100, items: 60, factors: 3, seed: 6)
    try model.fit(training, optimizer: Adam<Double>(learningRate: 0.02), epochs: 150, batchSize: 128, l2: 1e-3, seed: 7)
    let rmse = try model.rootMeanSquaredError(heldOut)
    #expect(rmse < 0.2, "held-out RMSE \(rmse) (noise 0.1)")
  }
}
