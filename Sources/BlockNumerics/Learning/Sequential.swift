/// A neural network that applies its layers one after another to batches of samples stored
/// as rows (`batch × features`).
///
/// ```swift
/// var model = Sequential<Double>([Dense(inputs: 64, outputs: 64, seed: 1), ReLU(),
///                                 Dense(inputs: 64, outputs: 10, seed: 2)])
/// let history = try model.fit(inputs: x, labels: y, loss: .softmaxCrossEntropy,
///                             optimizer: Adam<Double>(learningRate: 1e-3), epochs: 5, batchSize: 32, seed: 0)
/// ```
///
/// The model owns one set of activation and gradient buffers per batch size and reuses them
/// for every batch; products go to BLAS on those buffers.
public struct Sequential<Scalar: BLASScalar> {
  /// The layers, applied in order.
  public var layers: [any Layer<Scalar>]

  /// A model from its layers; `Dense(…)`, `ReLU()` and friends take `Scalar` from it.
  public init(_ layers: [any Layer<Scalar>]) {
    self.layers = layers
  }

  /// Every layer's parameters, in layer order (the list an ``Optimizer`` updates).
  ///
  /// Setting it must keep the count and the shapes (a mismatch stops with a precondition
  /// failure naming the slot).
  /// - Complexity: O(layers + parameter matrices).
  public var parameters: [Matrix<Scalar>] {
    get { layers.flatMap { $0.parameters } }
    set {
      var k = 0
      for l in layers.indices {
        let old = layers[l].parameters
        if old.isEmpty { continue }
        precondition(k + old.count <= newValue.count, "Sequential.parameters: got \(newValue.count) matrices, the model has more")
        for j in old.indices {
          precondition(
            old[j].rows == newValue[k + j].rows && old[j].columns == newValue[k + j].columns,
            "Sequential.parameters: slot \(k + j) is \(old[j].shapeDescription), got \(newValue[k + j].shapeDescription)")
        }
        layers[l].parameters = Array(newValue[k..<k + old.count])
        k += old.count
      }
      precondition(k == newValue.count, "Sequential.parameters: the model has \(k) matrices, got \(newValue.count)")
    }
  }

  /// The number of output features for `inputFeatures` input features.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` naming the first
  ///   layer that cannot take its input.
  public func outputFeatures(inputFeatures: Int) throws -> Int {
    var features = inputFeatures
    for (index, layer) in layers.enumerated() {
      do {
        features = try layer.outputFeatures(inputFeatures: features)
      } catch let BlockNumericsError.shapeMismatch(operation, message) {
        throw BlockNumericsError.shapeMismatch(operation: operation, message: "layer \(index): \(message)")
      }
    }
    return features
  }

  /// The model's raw outputs (logits for the cross-entropy losses) for `inputs`
  /// (`samples × features`), one row per sample, in inference mode (no dropout).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when a layer cannot
  ///   take the inputs' features.
  /// - Complexity: that of one forward pass over all samples, in batches of 256 rows.
  public func predict(_ inputs: Matrix<Scalar>) throws -> Matrix<Scalar> {
    let outputs = try outputFeatures(inputFeatures: inputs.columns)
    var model = self
    var result = Matrix<Scalar>(rows: inputs.rows, columns: outputs)
    var workspace = _Workspace(layerCount: layers.count)
    var start = 0
    while start < inputs.rows {
      let end = Swift.min(inputs.rows, start + 256)
      workspace.gather(inputs, rows: start..<end)
      model._forward(&workspace, training: false)
      let last = workspace.activations[layers.count]
      result.withUnsafeMutableBufferPointer { r in
        last.withUnsafeBufferPointer { o in
          (r.baseAddress! + start * outputs).update(from: o.baseAddress!, count: o.count)
        }
      }
      start = end
    }
    return result
  }

  /// The predicted class of each row of `inputs`: the largest output, or for a single output
  /// whether it is positive (a logit).
  /// - Throws: as ``predict(_:)``.
  /// - Complexity: that of ``predict(_:)``.
  public func predictedClasses(_ inputs: Matrix<Scalar>) throws -> [Int] {
    let outputs = try predict(inputs)
    if outputs.columns == 1 { return outputs.elements.map { $0 > 0 ? 1 : 0 } }
    return outputs.argmaxPerRow().map { $0 ?? 0 }
  }

  /// The fraction of rows of `inputs` whose predicted class (``predictedClasses(_:)``) is
  /// the label, in `[0, 1]`.
  ///
  /// Inputs the model cannot take, or a label count other than `inputs.rows`, stop with a
  /// precondition failure naming the shapes (use ``evaluate(inputs:labels:loss:)`` to get a
  /// thrown error instead).
  /// - Complexity: that of ``predict(_:)``.
  public func accuracy(inputs: Matrix<Scalar>, labels: [Int]) -> Double {
    precondition(
      labels.count == inputs.rows,
      "Sequential.accuracy(inputs:labels:): \(inputs.shapeDescription) inputs need \(inputs.rows) labels, got \(labels.count)")
    let classes: [Int]
    do { classes = try predictedClasses(inputs) } catch { preconditionFailure("Sequential.accuracy(inputs:labels:): \(error)") }
    guard !labels.isEmpty else { return 0 }
    return Double(zip(classes, labels).filter { $0 == $1 }.count) / Double(labels.count)
  }

  /// The mean loss and the accuracy of the model on `inputs` with class `labels`.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` for a label count
  ///   other than `inputs.rows` or inputs the model cannot take,
  ///   ``BlockNumericsError/invalidArgument(operation:message:)`` for a label outside the
  ///   model's classes.
  /// - Complexity: that of ``predict(_:)``.
  public func evaluate(inputs: Matrix<Scalar>, labels: [Int], loss: Loss) throws -> (loss: Double, accuracy: Double) {
    let operation = "Sequential.evaluate(inputs:labels:loss:)"
    guard labels.count == inputs.rows, inputs.rows > 0 else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation, message: "\(inputs.shapeDescription) inputs need \(inputs.rows) labels (at least one), got \(labels.count)")
    }
    let outputs = try predict(inputs)
    try loss._checkLabels(labels, outputs: outputs.columns, operation: operation)
    var gradient = Matrix<Scalar>._empty
    let result = loss._evaluate(outputs: outputs, targets: .labels(labels), offset: 0, gradient: &gradient)
    return (result.loss, Double(result.correct) / Double(inputs.rows))
  }

  /// Runs every layer forward on `workspace.activations[0]`.
  mutating func _forward(_ workspace: inout _Workspace, training: Bool) {
    for l in layers.indices {
      var output = Matrix<Scalar>._empty
      swap(&output, &workspace.activations[l + 1])
      layers[l].forward(workspace.activations[l], into: &output, training: training)
      swap(&output, &workspace.activations[l + 1])
    }
  }

  /// Runs every layer backward from `workspace.deltas[layers.count]` (∂loss/∂output),
  /// leaving each layer's parameter gradients in the layer.
  mutating func _backward(_ workspace: inout _Workspace) {
    for l in layers.indices.reversed() {
      var inputGradient: Matrix<Scalar>? = nil
      if l > 0 {
        inputGradient = Matrix<Scalar>._empty
        swap(&inputGradient!, &workspace.deltas[l])
      }
      layers[l].backward(
        input: workspace.activations[l], output: workspace.activations[l + 1],
        outputGradient: workspace.deltas[l + 1], inputGradient: &inputGradient)
      if l > 0 { swap(&inputGradient!, &workspace.deltas[l]) }
    }
  }

  /// The buffers of one batch size: `activations[0]` is the batch, `activations[l + 1]`
  /// layer `l`'s output, `deltas[l]` the gradient with respect to `activations[l]`.
  struct _Workspace {
    var activations: [Matrix<Scalar>]
    var deltas: [Matrix<Scalar>]

    init(layerCount: Int) {
      activations = Array(repeating: ._empty, count: layerCount + 1)
      deltas = Array(repeating: ._empty, count: layerCount + 1)
    }

    /// Copies the rows `rows` of `source` into `activations[0]`.
    mutating func gather(_ source: Matrix<Scalar>, rows: Range<Int>) {
      let features = source.columns
      activations[0]._reshapeForReuse(rows: rows.count, columns: features)
      source.withUnsafeBufferPointer { s in
        activations[0].withUnsafeMutableBufferPointer { d in
          guard rows.count * features > 0 else { return }
          d.baseAddress!.update(from: s.baseAddress! + rows.lowerBound * features, count: rows.count * features)
        }
      }
    }

    /// Copies the rows `indices` of `source`, in that order, into `activations[0]`.
    mutating func gather(_ source: Matrix<Scalar>, indices: ArraySlice<Int>) {
      let features = source.columns
      activations[0]._reshapeForReuse(rows: indices.count, columns: features)
      guard features > 0 else { return }
      source.withUnsafeBufferPointer { s in
        activations[0].withUnsafeMutableBufferPointer { d in
          var row = 0
          for index in indices {
            (d.baseAddress! + row * features).update(from: s.baseAddress! + index * features, count: features)
            row += 1
          }
        }
      }
    }
  }
}
