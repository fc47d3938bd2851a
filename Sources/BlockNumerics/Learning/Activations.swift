// Layers without parameters: element-wise activations and dropout. Activations compute their
// gradient from the forward output (ReLU: y > 0, sigmoid: y(1 − y), tanh: 1 − y²), so no
// input copy is kept.

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

/// A layer without trainable parameters: ``Layer/parameters`` and ``Layer/gradients`` are
/// empty, and it has as many output features as input features.
public protocol ParameterFreeLayer: Layer {}

extension ParameterFreeLayer {
  /// Empty: the layer has no parameters; setting anything but an empty array stops with a
  /// precondition failure.
  public var parameters: [Matrix<Scalar>] {
    get { [] }
    set { precondition(newValue.isEmpty, "\(Self.self) has no parameters") }
  }
  /// Empty.
  public var gradients: [Matrix<Scalar>] { [] }
  /// `inputFeatures`.
  public func outputFeatures(inputFeatures: Int) throws -> Int { inputFeatures }
}

/// A layer that applies one function to every entry, `y = f(x)`, and back-propagates through
/// it from the output alone: a conforming type supplies ``value(_:)`` and
/// ``inputGradient(_:output:)``, the forward and backward passes come from here.
public protocol ElementwiseActivation: ParameterFreeLayer {
  /// `f(x)` for one entry.
  static func value(_ x: Scalar) -> Scalar
  /// `∂L/∂x` for one entry from `∂L/∂y` and the entry's output `y`.
  static func inputGradient(_ outputGradient: Scalar, output: Scalar) -> Scalar
}

extension ElementwiseActivation {
  // The library's activations are compiled here for both scalar types, so a model that holds
  // them as `any Layer` runs specialized loops, not a generic call per entry.

  /// `y = f(x)` entry by entry. - Complexity: O(entries).
  @_specialize(where Self == ReLU<Float>)
  @_specialize(where Self == ReLU<Double>)
  @_specialize(where Self == Sigmoid<Float>)
  @_specialize(where Self == Sigmoid<Double>)
  @_specialize(where Self == Tanh<Float>)
  @_specialize(where Self == Tanh<Double>)
  public mutating func forward(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>, training: Bool) {
    input._map(into: &output, Self.value)
  }

  /// `∂L/∂x` entry by entry from `∂L/∂y` and `y`. - Complexity: O(entries).
  @_specialize(where Self == ReLU<Float>)
  @_specialize(where Self == ReLU<Double>)
  @_specialize(where Self == Sigmoid<Float>)
  @_specialize(where Self == Sigmoid<Double>)
  @_specialize(where Self == Tanh<Float>)
  @_specialize(where Self == Tanh<Double>)
  public mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>, inputGradient: inout Matrix<Scalar>?
  ) {
    guard inputGradient != nil else { return }
    outputGradient._zip(output, into: &inputGradient!, Self.inputGradient)
  }
}

/// The rectified linear unit `y = max(x, 0)`, element-wise; any number of features.
public struct ReLU<Scalar: BLASScalar>: ElementwiseActivation {
  /// A ReLU layer.
  public init() {}
  /// `max(x, 0)`.
  @inlinable public static func value(_ x: Scalar) -> Scalar { x > 0 ? x : 0 }
  /// `∂L/∂y` where `y > 0`, else 0.
  @inlinable public static func inputGradient(_ outputGradient: Scalar, output: Scalar) -> Scalar {
    output > 0 ? outputGradient : 0
  }
}

/// The logistic sigmoid `y = 1 / (1 + e⁻ˣ)`, element-wise, computed without overflow.
public struct Sigmoid<Scalar: BLASScalar>: ElementwiseActivation {
  /// A sigmoid layer.
  public init() {}
  /// `σ(x)`, through `eˣ/(1 + eˣ)` for negative `x` so that `e⁻ˣ` never overflows.
  @inlinable public static func value(_ x: Scalar) -> Scalar {
    if x >= 0 { return 1 / (1 + Scalar.exp(-x)) }
    let e = Scalar.exp(x)
    return e / (1 + e)
  }
  /// `∂L/∂y · y(1 − y)`.
  @inlinable public static func inputGradient(_ outputGradient: Scalar, output: Scalar) -> Scalar {
    outputGradient * output * (1 - output)
  }
}

/// The hyperbolic tangent `y = tanh(x)`, element-wise.
public struct Tanh<Scalar: BLASScalar>: ElementwiseActivation {
  /// A tanh layer.
  public init() {}
  /// `tanh(x)`.
  @inlinable public static func value(_ x: Scalar) -> Scalar { Scalar.tanh(x) }
  /// `∂L/∂y · (1 − y²)`.
  @inlinable public static func inputGradient(_ outputGradient: Scalar, output: Scalar) -> Scalar {
    outputGradient * (1 - output * output)
  }
}

/// Inverted dropout (Srivastava et al. 2014): while training, each entry is zeroed with
/// probability `rate` and the rest are scaled by `1 / (1 − rate)`, so inference is the
/// identity. The masks come from a ``SeededRandomNumberGenerator`` seeded once, so a seeded
/// training run is reproducible.
public struct Dropout<Scalar: BLASScalar>: ParameterFreeLayer {
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
