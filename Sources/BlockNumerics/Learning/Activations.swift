// Element-wise activation layers. Each has no parameters; backward uses the forward output
// (ReLU: y > 0, sigmoid: y(1 − y), tanh: 1 − y²), so no input copy is kept.

extension Matrix {
  /// `output[i] = transform(self[i])`, reshaping `output` to `self`'s shape if needed.
  @inlinable
  func _map(into output: inout Matrix, _ transform: (Scalar) -> Scalar) {
    output._reshapeForReuse(rows: rows, columns: columns)
    withUnsafeBufferPointer { x in
      output.withUnsafeMutableBufferPointer { y in
        for i in x.indices { y[i] = transform(x[i]) }
      }
    }
  }

  /// `output[i] = transform(self[i], other[i])` for two matrices of one shape.
  @inlinable
  func _zip(_ other: Matrix, into output: inout Matrix, _ transform: (Scalar, Scalar) -> Scalar) {
    precondition(
      rows == other.rows && columns == other.columns,
      "Layer.backward: output gradient \(shapeDescription) does not match the output \(other.shapeDescription)")
    output._reshapeForReuse(rows: rows, columns: columns)
    withUnsafeBufferPointer { a in
      other.withUnsafeBufferPointer { b in
        output.withUnsafeMutableBufferPointer { y in
          for i in a.indices { y[i] = transform(a[i], b[i]) }
        }
      }
    }
  }
}

/// The rectified linear unit `y = max(x, 0)`, element-wise; any number of features.
public struct ReLU<Scalar: BLASScalar>: Layer {
  /// A ReLU layer.
  public init() {}
  /// Empty: ReLU has no parameters.
  public var parameters: [Matrix<Scalar>] {
    get { [] }
    set { precondition(newValue.isEmpty, "ReLU has no parameters") }
  }
  /// Empty.
  public var gradients: [Matrix<Scalar>] { [] }
  /// `inputFeatures`.
  public func outputFeatures(inputFeatures: Int) throws -> Int { inputFeatures }

  /// `y = max(x, 0)`. - Complexity: O(entries).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>, training: Bool) {
    input._map(into: &output) { $0 > 0 ? $0 : 0 }
  }

  /// `∂L/∂x = ∂L/∂y` where `y > 0`, else 0. - Complexity: O(entries).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>, inputGradient: inout Matrix<Scalar>?
  ) {
    guard inputGradient != nil else { return }
    outputGradient._zip(output, into: &inputGradient!) { dy, y in y > 0 ? dy : 0 }
  }
}

/// The logistic sigmoid `y = 1 / (1 + e⁻ˣ)`, element-wise, computed without overflow.
public struct Sigmoid<Scalar: BLASScalar>: Layer {
  /// A sigmoid layer.
  public init() {}
  /// Empty: the sigmoid has no parameters.
  public var parameters: [Matrix<Scalar>] {
    get { [] }
    set { precondition(newValue.isEmpty, "Sigmoid has no parameters") }
  }
  /// Empty.
  public var gradients: [Matrix<Scalar>] { [] }
  /// `inputFeatures`.
  public func outputFeatures(inputFeatures: Int) throws -> Int { inputFeatures }

  /// `y = σ(x)`. - Complexity: O(entries).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>, training: Bool) {
    input._map(into: &output) { Self._sigmoid($0) }
  }

  /// `∂L/∂x = ∂L/∂y · y(1 − y)`. - Complexity: O(entries).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>, inputGradient: inout Matrix<Scalar>?
  ) {
    guard inputGradient != nil else { return }
    outputGradient._zip(output, into: &inputGradient!) { dy, y in dy * y * (1 - y) }
  }

  /// `σ(x)`, through `eˣ/(1 + eˣ)` for negative `x` so that `e⁻ˣ` never overflows.
  @inlinable
  static func _sigmoid(_ x: Scalar) -> Scalar {
    if x >= 0 { return 1 / (1 + Scalar.exp(-x)) }
    let e = Scalar.exp(x)
    return e / (1 + e)
  }
}

/// The hyperbolic tangent `y = tanh(x)`, element-wise.
public struct Tanh<Scalar: BLASScalar>: Layer {
  /// A tanh layer.
  public init() {}
  /// Empty: tanh has no parameters.
  public var parameters: [Matrix<Scalar>] {
    get { [] }
    set { precondition(newValue.isEmpty, "Tanh has no parameters") }
  }
  /// Empty.
  public var gradients: [Matrix<Scalar>] { [] }
  /// `inputFeatures`.
  public func outputFeatures(inputFeatures: Int) throws -> Int { inputFeatures }

  /// `y = tanh(x)`. - Complexity: O(entries).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>, training: Bool) {
    input._map(into: &output) { Scalar.tanh($0) }
  }

  /// `∂L/∂x = ∂L/∂y · (1 − y²)`. - Complexity: O(entries).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>, inputGradient: inout Matrix<Scalar>?
  ) {
    guard inputGradient != nil else { return }
    outputGradient._zip(output, into: &inputGradient!) { dy, y in dy * (1 - y * y) }
  }
}

/// Inverted dropout (Srivastava et al. 2014): while training, each entry is zeroed with
/// probability `rate` and the rest are scaled by `1 / (1 − rate)`, so inference is the
/// identity. The masks come from a ``SeededRandomNumberGenerator`` seeded once, so a seeded
/// training run is reproducible.
public struct Dropout<Scalar: BLASScalar>: Layer {
  /// The probability of zeroing an entry, in `[0, 1)`.
  public let rate: Scalar
  private var generator: SeededRandomNumberGenerator
  /// The last training mask (0 or `1 / (1 − rate)` per entry), reused across batches.
  private var mask: [Scalar] = []
  private var maskApplied = false
  /// How many entries of `mask` the last training pass used.
  private var maskCount = 0

  /// A dropout layer; a rate outside `[0, 1)` stops with a precondition failure.
  public init(rate: Scalar, seed: UInt64) {
    precondition(rate >= 0 && rate < 1, "Dropout(rate:seed:): rate must be in [0, 1), got \(rate)")
    self.rate = rate
    generator = SeededRandomNumberGenerator(seed: seed)
  }
  /// Empty: dropout has no parameters.
  public var parameters: [Matrix<Scalar>] {
    get { [] }
    set { precondition(newValue.isEmpty, "Dropout has no parameters") }
  }
  /// Empty.
  public var gradients: [Matrix<Scalar>] { [] }
  /// `inputFeatures`.
  public func outputFeatures(inputFeatures: Int) throws -> Int { inputFeatures }

  /// The masked, rescaled input while `training`; a copy of the input otherwise.
  /// - Complexity: O(entries).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func forward(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>, training: Bool) {
    maskApplied = training && rate > 0
    guard maskApplied else {
      input._map(into: &output) { $0 }
      return
    }
    // Grown, never shrunk: a smaller last batch uses a prefix.
    if mask.count < input.count { mask = [Scalar](repeating: 0, count: input.count) }
    maskCount = input.count
    let count = maskCount
    let keep = 1 - rate
    let scale = 1 / keep
    mask.withUnsafeMutableBufferPointer { m in
      for i in 0..<count { m[i] = generator.nextUnit(Scalar.self) < keep ? scale : 0 }
    }
    output._reshapeForReuse(rows: input.rows, columns: input.columns)
    mask.withUnsafeBufferPointer { m in
      input.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
          for i in x.indices { y[i] = x[i] * m[i] }
        }
      }
    }
  }

  /// `∂L/∂x = ∂L/∂y` times the last mask (unchanged after an inference forward pass).
  /// - Complexity: O(entries).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>, inputGradient: inout Matrix<Scalar>?
  ) {
    guard inputGradient != nil else { return }
    guard maskApplied else {
      outputGradient._map(into: &inputGradient!) { $0 }
      return
    }
    precondition(maskCount == outputGradient.count, "Dropout.backward: output gradient \(outputGradient.shapeDescription) does not match the last forward pass")
    inputGradient!._reshapeForReuse(rows: outputGradient.rows, columns: outputGradient.columns)
    mask.withUnsafeBufferPointer { m in
      outputGradient.withUnsafeBufferPointer { dy in
        inputGradient!.withUnsafeMutableBufferPointer { dx in
          for i in dy.indices { dx[i] = dy[i] * m[i] }
        }
      }
    }
  }
}
