/// A training objective comparing a model's raw outputs `Z` (`batch × outputs`) with
/// targets `T` of the same shape, averaged over the batch.
///
/// Targets come either as a matrix or as class labels: a label `k` stands for the one-hot
/// row `e_k`, except for `.binaryCrossEntropy` with a single output, where the label `0` or
/// `1` is the target itself.
///
/// | loss | value | `∂/∂Z` |
/// | --- | --- | --- |
/// | `.softmaxCrossEntropy` | `(1/n) Σ_i (logΣ_j e^{z_ij} − Σ_j t_ij z_ij)` | `(softmax(Z) − T)/n` |
/// | `.meanSquaredError` | `(1/(n·c)) Σ (z − t)²` | `2(Z − T)/(n·c)` |
/// | `.binaryCrossEntropy` | `(1/(n·c)) Σ (max(z, 0) − z·t + log(1 + e^{−|z|}))` | `(σ(Z) − T)/(n·c)` |
///
/// Both cross-entropies take **logits** (the softmax or sigmoid is part of the loss, as in
/// PyTorch's `CrossEntropyLoss` and `BCEWithLogitsLoss`), which keeps them finite for any
/// output: do not end the model with `Sigmoid` for `.binaryCrossEntropy`.
public enum Loss: Sendable, Equatable {
  /// Softmax followed by cross-entropy, for one-of-`c` classification (`c ≥ 2` outputs).
  case softmaxCrossEntropy
  /// The mean of squared differences, for regression.
  case meanSquaredError
  /// Sigmoid followed by binary cross-entropy, per output, for binary or multi-label
  /// classification.
  case binaryCrossEntropy

  /// The loss of `outputs` against `targets` (same shape).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the shapes
  ///   differ or are empty.
  /// - Complexity: O(entries).
  public func value<Scalar: BLASScalar>(outputs: Matrix<Scalar>, targets: Matrix<Scalar>) throws -> Scalar {
    try evaluate(outputs: outputs, targets: targets).value
  }

  /// The loss of `outputs` against `targets` (same shape) and its gradient `∂loss/∂outputs`.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the shapes
  ///   differ or are empty.
  /// - Complexity: O(entries).
  public func evaluate<Scalar: BLASScalar>(
    outputs: Matrix<Scalar>, targets: Matrix<Scalar>
  ) throws -> (value: Scalar, gradient: Matrix<Scalar>) {
    guard outputs.rows == targets.rows, outputs.columns == targets.columns, !outputs.isEmpty else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Loss.evaluate(outputs:targets:)",
        message: "outputs \(outputs.shapeDescription) and targets \(targets.shapeDescription) must have the same, non-empty shape")
    }
    var gradient = Matrix<Scalar>(rows: outputs.rows, columns: outputs.columns)
    let result = _evaluate(outputs: outputs, targets: .matrix(targets), offset: 0, gradient: &gradient)
    return (Scalar(result.loss), gradient)
  }

  /// The loss of `outputs` against class `labels` (one per row) and its gradient.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the counts
  ///   differ, ``BlockNumericsError/invalidArgument(operation:message:)`` for a label outside
  ///   `0..<outputs.columns` (`0...1` for a single output).
  /// - Complexity: O(entries).
  public func evaluate<Scalar: BLASScalar>(
    outputs: Matrix<Scalar>, labels: [Int]
  ) throws -> (value: Scalar, gradient: Matrix<Scalar>) {
    let operation = "Loss.evaluate(outputs:labels:)"
    guard outputs.rows == labels.count, !outputs.isEmpty else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation, message: "outputs \(outputs.shapeDescription) need one label per row, got \(labels.count) labels")
    }
    try _checkLabels(labels, outputs: outputs.columns, operation: operation)
    var gradient = Matrix<Scalar>(rows: outputs.rows, columns: outputs.columns)
    let result = _evaluate(outputs: outputs, targets: .labels(labels), offset: 0, gradient: &gradient)
    return (Scalar(result.loss), gradient)
  }

  /// The number of classes `outputs` model outputs can tell apart (2 for a single output).
  static func _classCount(outputs: Int) -> Int { outputs == 1 ? 2 : outputs }

  /// Throws unless every label is a class index for `outputs` outputs.
  func _checkLabels(_ labels: [Int], outputs: Int, operation: String) throws {
    let classes = Self._classCount(outputs: outputs)
    if self == .softmaxCrossEntropy && outputs < 2 {
      throw BlockNumericsError.shapeMismatch(
        operation: operation, message: "softmax cross-entropy needs at least 2 outputs (one per class), the model has \(outputs)")
    }
    if let index = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "label \(labels[index]) at row \(index) is outside 0..<\(classes) (the model has \(outputs) output\(outputs == 1 ? "" : "s"))")
    }
  }
}

/// What a batch is compared with: rows of a target matrix or class labels.
package enum _Targets<Scalar: BLASScalar> {
  case matrix(Matrix<Scalar>)
  case labels([Int])
}

extension Loss {
  /// The case's position (0, 1, 2), for checks that compare losses as integers.
  package var _index: Int {
    switch self {
    case .softmaxCrossEntropy: return 0
    case .meanSquaredError: return 1
    case .binaryCrossEntropy: return 2
    }
  }
}

extension Loss {
  /// The mean loss of `outputs` against target rows `offset ..< offset + outputs.rows`, its
  /// gradient written into `gradient` (same shape as `outputs`, reshaped if needed), and the
  /// number of rows classified correctly (argmax, or the sign of a single output).
  ///
  /// The terms and the gradient come from the library's vector kernels (``VectorKernels``);
  /// each row's terms are summed in column order, the rows' sums in `Double`.
  ///
  /// The loss and its gradient are divided by `normalizingRows` (`outputs.rows` by default)
  /// instead of the row count: in data-parallel training a process holds part of a batch,
  /// and the parts' sums over processes must be the whole batch's mean.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func _evaluate<Scalar: BLASScalar>(
    outputs: Matrix<Scalar>, targets: _Targets<Scalar>, offset: Int, gradient: inout Matrix<Scalar>,
    normalizingRows: Int? = nil
  ) -> (loss: Double, correct: Int) {
    let n = outputs.rows
    let normalizer = normalizingRows ?? n
    let c = outputs.columns
    gradient._reshapeForReuse(rows: n, columns: c)
    let threshold: Scalar = self == .meanSquaredError ? 0.5 : 0
    let kernel = self
    var total = 0.0
    var correct = 0
    // The batch's target rows (one-hot rows for labels, on the stack) and one sum per row.
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: n * c + n) { scratch in
      let rowLosses = scratch._viewBase + n * c
      func evaluate(_ t: UnsafePointer<Scalar>) {
        outputs.withUnsafeBufferPointer { z in
          gradient.withUnsafeMutableBufferPointer { g in
            let z = z._viewBase, g = g._viewBase
            switch kernel {
            case .softmaxCrossEntropy:
              Scalar._softmaxCrossEntropy(rows: n, columns: c, z: z, t: t, scale: 1 / Scalar(normalizer), gradient: g, losses: rowLosses)
            case .meanSquaredError:
              Scalar._squaredError(rows: n, columns: c, z: z, t: t, scale: 1 / Scalar(normalizer * c), gradient: g, losses: rowLosses)
            case .binaryCrossEntropy:
              Scalar._binaryCrossEntropy(rows: n, columns: c, z: z, t: t, scale: 1 / Scalar(normalizer * c), gradient: g, losses: rowLosses)
            }
            for i in 0..<n {
              let zRow = z + i * c, tRow = t + i * c
              var predicted = 0
              var truth = 0
              if c == 1 {
                predicted = zRow[0] > threshold ? 1 : 0
                truth = tRow[0] > 0.5 ? 1 : 0
              } else {
                for j in 1..<c {
                  if zRow[j] > zRow[predicted] { predicted = j }
                  if tRow[j] > tRow[truth] { truth = j }
                }
              }
              if predicted == truth { correct += 1 }
            }
          }
        }
      }
      switch targets {
      case .labels(let labels):
        let oneHot = scratch._viewBase
        oneHot.initialize(repeating: 0, count: n * c)
        for i in 0..<n {
          let label = labels[offset + i]
          if c == 1 { oneHot[i] = Scalar(label) } else { oneHot[i * c + label] = 1 }
        }
        evaluate(oneHot)
      case .matrix(let t):
        t.withUnsafeBufferPointer { evaluate($0._viewBase + offset * c) }
      }
      for i in 0..<n {
        total += self == .softmaxCrossEntropy ? Double(rowLosses[i]) : Double(rowLosses[i]) / Double(c)
      }
    }
    return (total / Double(normalizer), correct)
  }
}
