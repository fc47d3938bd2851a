/// One stage of a neural network acting on a batch of samples stored as rows
/// (`batch × features`), with the parameters it trains and their gradients.
///
/// A layer does not keep its input: ``backward(input:output:outputGradient:inputGradient:)``
/// receives the input and output of the matching ``forward(_:into:training:)``, so a model
/// reuses one set of activation buffers for every batch. Both methods write into buffers
/// the caller passes in and reallocate them only when their shape is wrong.
///
/// ``Sequential`` takes an array of `any Layer<Scalar>`; `Dense(…)`, `ReLU()` and friends
/// infer their scalar type from it.
public protocol Layer<Scalar> {
  /// The element type.
  associatedtype Scalar: BLASScalar

  /// The trainable matrices, in a fixed order (empty for layers without parameters).
  ///
  /// Optimizers update them in place; setting them must keep their count and shapes.
  var parameters: [Matrix<Scalar>] { get set }

  /// `∂loss/∂parameters` from the last backward pass: same count, order and shapes as
  /// ``parameters``.
  var gradients: [Matrix<Scalar>] { get }

  /// The number of output features for `inputFeatures` input features.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the layer
  ///   cannot take that many.
  func outputFeatures(inputFeatures: Int) throws -> Int

  /// Computes the output for a batch `input` (`batch × inputs`) into `output`
  /// (`batch × outputs`, reshaped if needed). `training` switches on behaviour that only
  /// applies while fitting (dropout).
  ///
  /// A wrong number of input features stops with a precondition failure naming the shapes
  /// (``Sequential`` checks them before it runs a batch).
  mutating func forward(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>, training: Bool)

  /// Back-propagates `outputGradient = ∂loss/∂output`: stores ``gradients`` and, unless
  /// `inputGradient` is `nil` (the first layer of a model), writes `∂loss/∂input` into it
  /// (reshaped if needed). `input` and `output` are those of the last
  /// ``forward(_:into:training:)``.
  mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>,
    inputGradient: inout Matrix<Scalar>?)
}

extension Layer {
  /// The output for a batch `input` as a new matrix.
  /// - Complexity: that of the layer's forward pass.
  public mutating func forward(_ input: Matrix<Scalar>, training: Bool = false) -> Matrix<Scalar> {
    var output = Matrix<Scalar>(rows: 0, columns: 0)
    forward(input, into: &output, training: training)
    return output
  }

  /// `∂loss/∂input` as a new matrix, storing ``gradients``; `input` and `output` are those of
  /// the last forward pass.
  /// - Complexity: that of the layer's backward pass.
  public mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>
  ) -> Matrix<Scalar> {
    var inputGradient: Matrix<Scalar>? = Matrix<Scalar>(rows: 0, columns: 0)
    backward(input: input, output: output, outputGradient: outputGradient, inputGradient: &inputGradient)
    return inputGradient!
  }
}

extension Matrix {
  /// Makes `self` `rows × columns`, keeping its storage when the shape already fits (the
  /// contents are then stale) and allocating zeros otherwise.
  @inlinable
  mutating func _reshapeForReuse(rows: Int, columns: Int) {
    if self.rows != rows || self.columns != columns {
      self = Matrix(rows: rows, columns: columns)
    }
  }

  /// An empty placeholder that owns no storage.
  @inlinable static var _empty: Matrix { Matrix(_unchecked: 0, 0, []) }
}

extension Matrix {
  /// Stops with a precondition failure naming `layer` unless this input (`batch × inputs`)
  /// and `outputGradient` (`batch × outputs`) fit an `inputs → outputs` layer's backward pass.
  func _checkBackwardShapes(outputGradient: Matrix, inputs: Int, outputs: Int, layer: String) {
    precondition(
      columns == inputs && outputGradient.columns == outputs && outputGradient.rows == rows,
      "\(layer).backward: input \(shapeDescription) and output gradient \(outputGradient.shapeDescription) do not fit a \(inputs)→\(outputs) layer")
  }

  /// The sums of the columns (`Σ_rows`, row by row in order) into `sums`, a `1 × columns`
  /// matrix: a bias gradient.
  func _columnSums(into sums: inout Matrix) {
    let columns = self.columns
    sums.withUnsafeMutableBufferPointer { total in
      for j in 0..<columns { total[j] = 0 }
      withUnsafeView { rows in
        for i in 0..<rows.rows {
          let row = rows.base + i * rows.leadingDimension
          for j in 0..<columns { total[j] += row[j] }
        }
      }
    }
  }
}
