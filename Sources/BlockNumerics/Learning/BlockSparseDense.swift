/// A fully connected layer whose weights are block-sparse with a fixed pattern:
/// `Y = X·Wᵀ + b` with `W` a ``BlockSparseMatrix`` (`outputs × inputs`), so only the stored
/// blocks are multiplied, trained and kept.
///
/// Shapes: input `X` is `batch × inputs`, output `Y` is `batch × outputs`, the bias `b` is
/// `1 × outputs`. ``parameters`` are `[values, b]`, where `values` holds the stored blocks
/// one per row (`storedBlockCount × (blockRows·blockColumns)`, the BSR value order); the
/// pattern never changes.
///
/// The batch runs transposed through the block-sparse kernels:
/// - forward, sparse × dense: `Yᵀ = W·Xᵀ`;
/// - input gradient, a transposed sparse product: `∂L/∂Xᵀ = Wᵀ·∂L/∂Yᵀ`;
/// - weight gradient, SDDMM on the pattern: `∂L/∂W = ∂L/∂Yᵀ·X` on `W`'s stored blocks only
///   (what ``BlockSparseMatrix/sampledProduct(_:_:pattern:transposeA:transposeB:alpha:)``
///   computes, here written into the gradient's own storage, one block product per block).
public struct BlockSparseDense<Scalar: BLASScalar>: Layer {
  /// The number of input features.
  public let inputs: Int
  /// The number of output features.
  public let outputs: Int
  /// `[values, b]`: the stored weight blocks (`storedBlockCount × blockRows·blockColumns`)
  /// and the bias (`1 × outputs`).
  public var parameters: [Matrix<Scalar>]
  /// `[∂L/∂values, ∂L/∂b]` from the last backward pass.
  public private(set) var gradients: [Matrix<Scalar>]
  /// The weights' pattern (its values are not used).
  private let pattern: BlockSparseMatrix<Scalar>
  /// Transposed activations, grown and reused across batches.
  private var inputTransposed: [Scalar] = []
  private var outputTransposed: [Scalar] = []

  /// A layer with `blockSize × blockSize` weight blocks in which every block row stores
  /// `max(1, round(density · inputs / blockSize))` blocks at seeded random block columns
  /// (so no output is left unconnected), weights drawn by `initialization` (fan-in: the
  /// stored entries per weight row) and a zero bias.
  ///
  /// A block size that does not divide `inputs` and `outputs`, or a density outside
  /// `(0, 1]`, stops with a precondition failure naming them.
  /// - Complexity: O(stored entries + outputs / blockSize · inputs / blockSize).
  public init(
    inputs: Int, outputs: Int, blockSize: Int, density: Double,
    initialization: WeightInitialization = .glorotUniform, seed: UInt64
  ) {
    precondition(
      blockSize >= 1 && inputs >= 1 && outputs >= 1 && inputs % blockSize == 0 && outputs % blockSize == 0,
      "BlockSparseDense(inputs:outputs:blockSize:density:seed:): the block size \(blockSize) must divide inputs \(inputs) and outputs \(outputs)")
    precondition(density > 0 && density <= 1, "BlockSparseDense(inputs:outputs:blockSize:density:seed:): density must be in (0, 1], got \(density)")
    let blockRowCount = outputs / blockSize
    let blockColumnCount = inputs / blockSize
    let perRow = Swift.min(blockColumnCount, Swift.max(1, Int((density * Double(blockColumnCount)).rounded())))
    var generator = SeededRandomNumberGenerator(seed: seed)
    var pointers = [0]
    var indices: [Int] = []
    for _ in 0..<blockRowCount {
      var columns = Array(0..<blockColumnCount)
      columns.shuffle(using: &generator)
      indices.append(contentsOf: columns.prefix(perRow).sorted())
      pointers.append(indices.count)
    }
    let size = blockSize * blockSize
    let values: [Scalar] = initialization._weights(
      count: indices.count * size, fanIn: perRow * blockSize, fanOut: Swift.max(1, indices.count * blockSize / Swift.max(1, blockColumnCount)),
      seed: generator.next())
    let weights = BlockSparseMatrix(
      _unchecked: outputs, inputs, blockRows: blockSize, blockColumns: blockSize,
      blockRowPointers: pointers, blockColumnIndices: indices, values: values)
    self.init(_weights: weights, bias: Matrix(rows: 1, columns: outputs))
  }

  /// A layer with the given block-sparse weights (`outputs × inputs`, any block shape; the
  /// stored blocks are the fixed pattern) and bias (`1 × outputs`).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the bias does
  ///   not have one entry per weight row or the weights are empty.
  public init(weights: BlockSparseMatrix<Scalar>, bias: Matrix<Scalar>) throws {
    guard bias.rows == 1, bias.columns == weights.rows, weights.rows >= 1, weights.columns >= 1 else {
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockSparseDense(weights:bias:)",
        message: "weights \(weights.shapeDescription) need a non-empty shape and a bias of 1×\(weights.rows), got \(bias.shapeDescription)")
    }
    self.init(_weights: weights, bias: bias)
  }

  init(_weights weights: BlockSparseMatrix<Scalar>, bias: Matrix<Scalar>) {
    inputs = weights.columns
    outputs = weights.rows
    let size = weights.blockRows * weights.blockColumns
    pattern = weights
    parameters = [Matrix(_unchecked: weights.storedBlockCount, size, weights._values), bias]
    gradients = [Matrix(rows: weights.storedBlockCount, columns: size), Matrix(rows: 1, columns: outputs)]
  }

  /// The current weights as a block-sparse matrix (`outputs × inputs`).
  public var weights: BlockSparseMatrix<Scalar> { _weights(parameters[0]) }
  /// The bias `b`, `1 × outputs`.
  public var bias: Matrix<Scalar> { parameters[1] }

  /// The pattern with `values` as its stored blocks (sharing their storage).
  func _weights(_ values: Matrix<Scalar>) -> BlockSparseMatrix<Scalar> {
    BlockSparseMatrix(
      _unchecked: outputs, inputs, blockRows: pattern.blockRows, blockColumns: pattern.blockColumns,
      blockRowPointers: pattern._blockRowPointers, blockColumnIndices: pattern._blockColumnIndices,
      values: values._storage)
  }

  /// `outputs`.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` unless
  ///   `inputFeatures == inputs`.
  public func outputFeatures(inputFeatures: Int) throws -> Int {
    guard inputFeatures == inputs else {
      throw BlockNumericsError.shapeMismatch(
        operation: "BlockSparseDense.forward",
        message: "a BlockSparseDense layer with \(inputs) inputs and \(outputs) outputs cannot take \(inputFeatures) input features")
    }
    return outputs
  }

  /// `Y = (W·Xᵀ)ᵀ + b`.
  /// - Complexity: O(batch · (stored entries + inputs + outputs)).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>, training: Bool) {
    precondition(
      input.columns == inputs,
      "BlockSparseDense.forward: input \(input.shapeDescription) does not have the layer's \(inputs) input features")
    let batch = input.rows
    let inputs = self.inputs
    let outputs = self.outputs
    output._reshapeForReuse(rows: batch, columns: outputs)
    guard batch > 0 else { return }
    Self._grow(&inputTransposed, to: batch * inputs)
    Self._grow(&outputTransposed, to: batch * outputs)
    let w = _weights(parameters[0])
    let b = parameters[1]
    input.withUnsafeView { x in
      inputTransposed.withUnsafeMutableBufferPointer { xtBuffer in
        let xt = MutableMatrixView(base: xtBuffer.baseAddress!, rows: inputs, columns: batch, leadingDimension: batch)
        _transposeCopy(x, into: xt)
        outputTransposed.withUnsafeMutableBufferPointer { ytBuffer in
          let yt = MutableMatrixView(base: ytBuffer.baseAddress!, rows: outputs, columns: batch, leadingDimension: batch)
          w._multiply(xt.readOnly, transpose: false, alpha: 1, beta: 0, into: yt)
          output.withUnsafeMutableView { y in
            b.withUnsafeBufferPointer { bias in
              for j in 0..<outputs {
                let source = yt.base + j * batch
                let bj = bias[j]
                for i in 0..<batch { y.base[i * outputs + j] = source[i] + bj }
              }
            }
          }
        }
      }
    }
  }

  /// `∂L/∂W` on the pattern by SDDMM, `∂L/∂b = Σ_rows ∂L/∂Y`, `∂L/∂X = (Wᵀ·∂L/∂Yᵀ)ᵀ`.
  /// - Complexity: O(batch · (stored entries + inputs + outputs)).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>,
    inputGradient: inout Matrix<Scalar>?
  ) {
    input._checkBackwardShapes(outputGradient: outputGradient, inputs: inputs, outputs: outputs, layer: "BlockSparseDense")
    let batch = input.rows
    let inputs = self.inputs
    let outputs = self.outputs
    let w = _weights(parameters[0])
    let blockRows = pattern.blockRows
    let blockColumns = pattern.blockColumns
    let size = blockRows * blockColumns
    let pointers = pattern._blockRowPointers
    let indices = pattern._blockColumnIndices
    outputGradient._columnSums(into: &gradients[1])
    guard batch > 0 else {
      gradients[0].withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
      if inputGradient != nil { inputGradient!._reshapeForReuse(rows: 0, columns: inputs) }
      return
    }
    Self._grow(&inputTransposed, to: batch * inputs)
    Self._grow(&outputTransposed, to: batch * outputs)
    outputGradient.withUnsafeView { dy in
      outputTransposed.withUnsafeMutableBufferPointer { dytBuffer in
        let dyt = MutableMatrixView(base: dytBuffer.baseAddress!, rows: outputs, columns: batch, leadingDimension: batch)
        _transposeCopy(dy, into: dyt)
        // SDDMM into the gradient's own storage: block (i, j) of ∂L/∂W is
        // (∂L/∂Yᵀ)[block row i] · X[:, block column j], for the stored blocks only.
        input.withUnsafeView { x in
          gradients[0].withUnsafeMutableBufferPointer { dwBuffer in
            for i in 0..<pointers.count - 1 {
              let dytTile = dyt.readOnly.subview(rows: i * blockRows..<(i + 1) * blockRows, columns: 0..<batch)
              for p in pointers[i]..<pointers[i + 1] {
                let j = indices[p]
                _smallOrBLASProduct(
                  dytTile, x.subview(rows: 0..<batch, columns: j * blockColumns..<(j + 1) * blockColumns),
                  into: MutableMatrixView(
                    base: dwBuffer.baseAddress! + p * size, rows: blockRows, columns: blockColumns, leadingDimension: blockColumns))
              }
            }
          }
        }
        guard inputGradient != nil else { return }
        inputGradient!._reshapeForReuse(rows: batch, columns: inputs)
        inputTransposed.withUnsafeMutableBufferPointer { dxtBuffer in
          let dxt = MutableMatrixView(base: dxtBuffer.baseAddress!, rows: inputs, columns: batch, leadingDimension: batch)
          w._multiply(dyt.readOnly, transpose: true, alpha: 1, beta: 0, into: dxt)
          inputGradient!.withUnsafeMutableView { dx in
            _transposeCopy(dxt.readOnly, into: dx)
          }
        }
      }
    }
  }

  /// Grows `buffer` to at least `count` entries (never shrinks, so alternating batch sizes
  /// do not reallocate).
  static func _grow(_ buffer: inout [Scalar], to count: Int) {
    if buffer.count < count { buffer = [Scalar](repeating: 0, count: count) }
  }
}
