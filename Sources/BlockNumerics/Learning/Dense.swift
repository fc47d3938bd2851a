/// A fully connected layer `Y = X·Wᵀ + b` (PyTorch's `nn.Linear`).
///
/// Shapes: input `X` is `batch × inputs`, weights `W` are `outputs × inputs`, the bias `b`
/// is `1 × outputs` and the output `Y` is `batch × outputs`. ``parameters`` are `[W, b]`.
/// Forward and backward are one BLAS `gemm` each (two in backward when the input gradient is
/// needed) on the caller's buffers.
public struct Dense<Scalar: BLASScalar>: Layer {
  /// The number of input features.
  public let inputs: Int
  /// The number of output features.
  public let outputs: Int
  /// `[W, b]`: weights `outputs × inputs`, bias `1 × outputs`.
  public var parameters: [Matrix<Scalar>]
  /// `[∂L/∂W, ∂L/∂b]` from the last backward pass.
  public private(set) var gradients: [Matrix<Scalar>]

  /// A layer with weights drawn by `initialization` from `seed` and a zero bias.
  ///
  /// Sizes below 1 stop with a precondition failure (they are the programmer's literals).
  /// - Complexity: O(inputs · outputs).
  public init(inputs: Int, outputs: Int, initialization: WeightInitialization = .glorotUniform, seed: UInt64) {
    precondition(inputs >= 1 && outputs >= 1, "Dense(inputs:outputs:): sizes must be at least 1, got \(inputs) and \(outputs)")
    self.inputs = inputs
    self.outputs = outputs
    let weights: [Scalar] = initialization._weights(count: inputs * outputs, fanIn: inputs, fanOut: outputs, seed: seed)
    parameters = [Matrix(_unchecked: outputs, inputs, weights), Matrix(rows: 1, columns: outputs)]
    gradients = [Matrix(rows: outputs, columns: inputs), Matrix(rows: 1, columns: outputs)]
  }

  /// A layer with the given weights (`outputs × inputs`) and bias (`1 × outputs`).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the bias does
  ///   not have one entry per weight row.
  public init(weights: Matrix<Scalar>, bias: Matrix<Scalar>) throws {
    guard bias.rows == 1, bias.columns == weights.rows, weights.rows >= 1, weights.columns >= 1 else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Dense(weights:bias:)",
        message: "weights \(weights.shapeDescription) need a non-empty shape and a bias of 1×\(weights.rows), got \(bias.shapeDescription)")
    }
    inputs = weights.columns
    outputs = weights.rows
    parameters = [weights, bias]
    gradients = [Matrix(rows: outputs, columns: inputs), Matrix(rows: 1, columns: outputs)]
  }

  /// The weights `W`, `outputs × inputs`.
  public var weights: Matrix<Scalar> { parameters[0] }
  /// The bias `b`, `1 × outputs`.
  public var bias: Matrix<Scalar> { parameters[1] }

  /// `outputs`.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` unless
  ///   `inputFeatures == inputs`.
  public func outputFeatures(inputFeatures: Int) throws -> Int {
    guard inputFeatures == inputs else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Dense.forward", message: "a Dense(inputs: \(inputs), outputs: \(outputs)) layer cannot take \(inputFeatures) input features")
    }
    return outputs
  }

  /// `Y = X·Wᵀ + b`: the bias is copied into each row of `Y`, then one `gemm` with `β = 1`.
  /// - Complexity: O(batch · inputs · outputs).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>, training: Bool) {
    precondition(
      input.columns == inputs,
      "Dense.forward: input \(input.shapeDescription) does not have the layer's \(inputs) input features")
    let batch = input.rows
    let outputs = self.outputs
    output._reshapeForReuse(rows: batch, columns: outputs)
    let w = parameters[0]
    let b = parameters[1]
    output.withUnsafeMutableView { y in
      b.withUnsafeBufferPointer { bias in
        guard let biasBase = bias.baseAddress else { return }
        for i in 0..<batch { (y.base + i * outputs).update(from: biasBase, count: outputs) }
      }
      input.withUnsafeView { x in
        w.withUnsafeView { wView in
          BLAS.gemm(x, transposeA: false, wView, transposeB: true, alpha: 1, beta: 1, into: y)
        }
      }
    }
  }

  /// `∂L/∂W = ∂L/∂Yᵀ·X`, `∂L/∂b = Σ_rows ∂L/∂Y`, `∂L/∂X = ∂L/∂Y·W`.
  /// - Complexity: O(batch · inputs · outputs).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>,
    inputGradient: inout Matrix<Scalar>?
  ) {
    input._checkBackwardShapes(outputGradient: outputGradient, inputs: inputs, outputs: outputs, layer: "Dense")
    let batch = input.rows
    outputGradient._columnSums(into: &gradients[1])
    input.withUnsafeView { x in
      outputGradient.withUnsafeView { dy in
        gradients[0].withUnsafeMutableView { dw in
          BLAS.gemm(dy, transposeA: true, x, transposeB: false, into: dw)
        }
        if inputGradient != nil {
          inputGradient!._reshapeForReuse(rows: batch, columns: inputs)
          parameters[0].withUnsafeView { w in
            inputGradient!.withUnsafeMutableView { dx in
              BLAS.gemm(dy, transposeA: false, w, transposeB: false, into: dx)
            }
          }
        }
      }
    }
  }
}
