// Layers without parameters: element-wise activations and dropout. Activations compute their
// gradient from the forward output (ReLU: y > 0, sigmoid: y(1 − y), tanh: 1 − y²), so no
// input copy is kept; the library's own run on its vector kernels (Kernels/).

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
///
/// The library's activations (``ReLU``, ``Sigmoid``, ``Tanh``) run whole matrices through its
/// vector kernels (`_forward` and `_backward`), and their scalar functions through the same
/// kernels, so a single entry and a matrix agree bit for bit.
public protocol ElementwiseActivation: ParameterFreeLayer {
  /// `f(x)` for one entry.
  static func value(_ x: Scalar) -> Scalar
  /// `∂L/∂x` for one entry from `∂L/∂y` and the entry's output `y`.
  static func inputGradient(_ outputGradient: Scalar, output: Scalar) -> Scalar
  /// `y[i] = f(x[i])` for `count` entries (`y` may be `x`). Not API: the default calls
  /// ``value(_:)`` per entry; the library's activations run a vector kernel.
  static func _forward(count: Int, x: UnsafePointer<Scalar>, y: UnsafeMutablePointer<Scalar>)
  /// `dx[i] = inputGradient(dy[i], output: y[i])` for `count` entries. Not API: the default
  /// calls ``inputGradient(_:output:)`` per entry; the library's activations run a vector kernel.
  static func _backward(count: Int, dy: UnsafePointer<Scalar>, y: UnsafePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>)
}

extension ElementwiseActivation {
  /// ``value(_:)`` entry by entry.
  public static func _forward(count: Int, x: UnsafePointer<Scalar>, y: UnsafeMutablePointer<Scalar>) {
    for i in 0..<count { y[i] = value(x[i]) }
  }

  /// ``inputGradient(_:output:)`` entry by entry.
  public static func _backward(count: Int, dy: UnsafePointer<Scalar>, y: UnsafePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>) {
    for i in 0..<count { dx[i] = inputGradient(dy[i], output: y[i]) }
  }

  /// `y = f(x)` entry by entry. - Complexity: O(entries).
  public mutating func forward(_ input: Matrix<Scalar>, into output: inout Matrix<Scalar>, training: Bool) {
    output._reshapeForReuse(rows: input.rows, columns: input.columns)
    input.withUnsafeBufferPointer { x in
      output.withUnsafeMutableBufferPointer { y in Self._forward(count: x.count, x: x._viewBase, y: y._viewBase) }
    }
  }

  /// `∂L/∂x` entry by entry from `∂L/∂y` and `y`. - Complexity: O(entries).
  public mutating func backward(
    input: Matrix<Scalar>, output: Matrix<Scalar>, outputGradient: Matrix<Scalar>, inputGradient: inout Matrix<Scalar>?
  ) {
    guard inputGradient != nil else { return }
    precondition(
      outputGradient.rows == output.rows && outputGradient.columns == output.columns,
      "Layer.backward: output gradient \(outputGradient.shapeDescription) does not match the output \(output.shapeDescription)")
    inputGradient!._reshapeForReuse(rows: output.rows, columns: output.columns)
    outputGradient.withUnsafeBufferPointer { dy in
      output.withUnsafeBufferPointer { y in
        inputGradient!.withUnsafeMutableBufferPointer { dx in
          Self._backward(count: dy.count, dy: dy._viewBase, y: y._viewBase, dx: dx._viewBase)
        }
      }
    }
  }
}

extension BLASScalar {
  /// A scalar function of the library's activations through its vector kernel, on one entry.
  @inlinable
  static func _applying(
    _ kernel: (Int, UnsafePointer<Self>, UnsafeMutablePointer<Self>) -> Void, to x: Self
  ) -> Self {
    var input = x
    var output: Self = 0
    kernel(1, &input, &output)
    return output
  }

  /// A scalar gradient of the library's activations through its vector kernel, on one entry.
  @inlinable
  static func _applying(
    _ kernel: (Int, UnsafePointer<Self>, UnsafePointer<Self>, UnsafeMutablePointer<Self>) -> Void, to dy: Self, output y: Self
  ) -> Self {
    var outputGradient = dy
    var output = y
    var inputGradient: Self = 0
    kernel(1, &outputGradient, &output, &inputGradient)
    return inputGradient
  }
}

/// The rectified linear unit `y = max(x, 0)`, element-wise; any number of features.
public struct ReLU<Scalar: BLASScalar>: ElementwiseActivation {
  /// A ReLU layer.
  public init() {}
  /// `max(x, 0)` (NaN gives 0).
  @inlinable public static func value(_ x: Scalar) -> Scalar { x > 0 ? x : 0 }
  /// `∂L/∂y` where `y > 0`, else 0.
  @inlinable public static func inputGradient(_ outputGradient: Scalar, output: Scalar) -> Scalar {
    output > 0 ? outputGradient : 0
  }
  /// The vector kernel's `max(x, 0)`.
  public static func _forward(count: Int, x: UnsafePointer<Scalar>, y: UnsafeMutablePointer<Scalar>) {
    Scalar._relu(count: count, x: x, y: y)
  }
  /// The vector kernel's gradient.
  public static func _backward(count: Int, dy: UnsafePointer<Scalar>, y: UnsafePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>) {
    Scalar._reluBackward(count: count, dy: dy, y: y, dx: dx)
  }
}

/// The logistic sigmoid `y = 1 / (1 + e⁻ˣ)`, element-wise, computed without overflow.
public struct Sigmoid<Scalar: BLASScalar>: ElementwiseActivation {
  /// A sigmoid layer.
  public init() {}
  /// `σ(x)`, as `1/(1 + e^{−|x|})` or `e^{−|x|}/(1 + e^{−|x|})` so that no exponential
  /// overflows (the vector kernel, within a few units in the last place of the exact value).
  @inlinable public static func value(_ x: Scalar) -> Scalar { Scalar._applying(Scalar._sigmoid, to: x) }
  /// `∂L/∂y · y(1 − y)`.
  @inlinable public static func inputGradient(_ outputGradient: Scalar, output: Scalar) -> Scalar {
    Scalar._applying(Scalar._sigmoidBackward, to: outputGradient, output: output)
  }
  /// The vector kernel's `σ(x)`.
  public static func _forward(count: Int, x: UnsafePointer<Scalar>, y: UnsafeMutablePointer<Scalar>) {
    Scalar._sigmoid(count: count, x: x, y: y)
  }
  /// The vector kernel's gradient.
  public static func _backward(count: Int, dy: UnsafePointer<Scalar>, y: UnsafePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>) {
    Scalar._sigmoidBackward(count: count, dy: dy, y: y, dx: dx)
  }
}

/// The hyperbolic tangent `y = tanh(x)`, element-wise.
public struct Tanh<Scalar: BLASScalar>: ElementwiseActivation {
  /// A tanh layer.
  public init() {}
  /// `tanh(x)` (the vector kernel, within a few units in the last place of the exact value).
  @inlinable public static func value(_ x: Scalar) -> Scalar { Scalar._applying(Scalar._tanh, to: x) }
  /// `∂L/∂y · (1 − y²)`.
  @inlinable public static func inputGradient(_ outputGradient: Scalar, output: Scalar) -> Scalar {
    Scalar._applying(Scalar._tanhBackward, to: outputGradient, output: output)
  }
  /// The vector kernel's `tanh(x)`.
  public static func _forward(count: Int, x: UnsafePointer<Scalar>, y: UnsafeMutablePointer<Scalar>) {
    Scalar._tanh(count: count, x: x, y: y)
  }
  /// The vector kernel's gradient.
  public static func _backward(count: Int, dy: UnsafePointer<Scalar>, y: UnsafePointer<Scalar>, dx: UnsafeMutablePointer<Scalar>) {
    Scalar._tanhBackward(count: count, dy: dy, y: y, dx: dx)
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
