/// An optimizer whose learning rate can be read and changed between steps; what
/// ``Scheduled`` drives.
public protocol LearningRateAdjustable: Optimizer {
  /// The step size the next ``Optimizer/step(parameters:gradients:)`` uses.
  var learningRate: Scalar { get set }
}

/// The optimizer every named one is built from: `p ← p − learningRate · T(g)`, where `T` is
/// a ``GradientTransformation`` (one piece or a ``Chain``).
///
/// ```swift
/// // Adam with gradient clipping, assembled by hand:
/// var optimizer = GradientDescent(learningRate: 1e-3,
///                                 transform: ClipByGlobalNorm<Double>(1).followed(by: ScaleByAdam()))
/// ```
///
/// The gradients are copied into buffers the optimizer keeps, so after the first step a
/// step allocates nothing.
public struct GradientDescent<Transform: GradientTransformation>: LearningRateAdjustable {
  /// The element type of the parameters.
  public typealias Scalar = Transform.Scalar
  /// The step size.
  public var learningRate: Scalar
  /// The chain of pieces applied to the gradients.
  public var transform: Transform
  /// How many steps have been taken.
  public var stepCount: Int { _stepCount }

  @usableFromInline var _stepCount = 0
  /// Where gradients are copied and transformed; kept between steps to avoid allocations.
  @usableFromInline var _updates: [Matrix<Scalar>] = []
  /// The shapes of the first step's parameters, flattened `[rows₀, columns₀, rows₁, …]`.
  @usableFromInline var _shapes: [Int] = []
  /// The name used in precondition messages.
  @usableFromInline var _name: String

  /// Gradient descent on `transform`'s output with step size `learningRate` (non-negative;
  /// a precondition checks it).
  @inlinable
  public init(learningRate: Scalar, transform: Transform) {
    self.init(learningRate: learningRate, transform: transform, name: "GradientDescent")
  }

  @inlinable
  init(learningRate: Scalar, transform: Transform, name: String) {
    precondition(learningRate >= 0, "\(name): the learning rate must be non-negative, got \(learningRate)")
    self.learningRate = learningRate
    self.transform = transform
    self._name = name
  }

  /// `p ← p − learningRate · T(g)` for every slot.
  ///
  /// A count or shape mismatch between parameters and gradients, or parameters whose shapes
  /// differ from the first step's, stops with a precondition failure naming the slot and
  /// both shapes.
  /// - Complexity: O(total number of entries) plus the transform's cost.
  @inlinable
  public mutating func step(parameters: inout [Matrix<Scalar>], gradients: [Matrix<Scalar>]) {
    _checkShapes(parameters: parameters, gradients: gradients)
    _copyGradients(gradients)
    _stepCount += 1
    transform.transform(&_updates, parameters: parameters, step: _stepCount)
    let rate = learningRate
    for slot in parameters.indices where parameters[slot].count > 0 {
      _updates[slot]._storage.withUnsafeBufferPointer { u in
        parameters[slot]._storage.withUnsafeMutableBufferPointer { p in
          Scalar._addScaled(count: p.count, x: u._viewBase, factor: -rate, y: p._viewBase)
        }
      }
    }
  }

  @usableFromInline
  mutating func _checkShapes(parameters: [Matrix<Scalar>], gradients: [Matrix<Scalar>]) {
    precondition(
      parameters.count == gradients.count,
      "\(_name).step: \(parameters.count) parameters but \(gradients.count) gradients; pass one gradient per parameter, in the same order")
    for slot in parameters.indices {
      let p = parameters[slot], g = gradients[slot]
      precondition(
        p.rows == g.rows && p.columns == g.columns,
        "\(_name).step: slot \(slot): parameter is \(p.shapeDescription) but gradient is \(g.shapeDescription)")
    }
    if _stepCount == 0 && _shapes.isEmpty {
      _shapes = parameters.flatMap { [$0.rows, $0.columns] }
      return
    }
    precondition(
      _shapes.count == 2 * parameters.count,
      "\(_name).step: the optimizer state was made for \(_shapes.count / 2) parameters but \(parameters.count) were passed; use one optimizer per parameter list")
    for slot in parameters.indices {
      let rows = _shapes[2 * slot], columns = _shapes[2 * slot + 1]
      precondition(
        parameters[slot].rows == rows && parameters[slot].columns == columns,
        "\(_name).step: slot \(slot): parameter is \(parameters[slot].shapeDescription) but the optimizer state was made for \(rows)×\(columns)")
    }
  }

  /// Copies the gradients into `_updates`, reusing its storage after the first step.
  @inlinable
  mutating func _copyGradients(_ gradients: [Matrix<Scalar>]) {
    if _updates.count != gradients.count {
      _updates = gradients.map { Matrix(_unchecked: $0.rows, $0.columns, $0._storage.map { $0 }) }
      return
    }
    for slot in gradients.indices where gradients[slot].count > 0 {
      gradients[slot]._storage.withUnsafeBufferPointer { g in
        _updates[slot]._storage.withUnsafeMutableBufferPointer { u in
          u.baseAddress!.update(from: g.baseAddress!, count: g.count)
        }
      }
    }
  }
}
