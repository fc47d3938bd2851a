import Testing
@testable import BlockNumerics

/// The PyTorch trajectories under Fixtures/optimizers (scripts/references/optimizers.py):
/// two slots, 2×3 and 1×4, gradient `g = p ⊙ w + noise[t]` at step `t`, one row of
/// flattened parameters per step.
enum OptimizerFixtures {
  static let shapes = [(rows: 2, columns: 3), (rows: 1, columns: 4)]
  static let steps = 10

  /// The flat entries cut into the slot shapes.
  static func slots<Scalar: BLASScalar>(_ flat: [Scalar]) -> [Matrix<Scalar>] {
    var start = 0
    return shapes.map { shape in
      let count = shape.rows * shape.columns
      defer { start += count }
      return try! Matrix(rows: shape.rows, columns: shape.columns, elements: Array(flat[start..<start + count]))
    }
  }

  static func row<Scalar: BLASScalar>(_ m: Matrix<Scalar>, _ i: Int) -> [Scalar] {
    Array(m.elements[i * m.columns..<(i + 1) * m.columns])
  }

  /// Runs `steps` steps of `optimizer` from the fixture start, calling `prepare` on each
  /// step's gradients first; returns one row of flattened parameters per step.
  static func trajectory<O: Optimizer>(
    _ optimizer: O, prepare: (inout [Matrix<O.Scalar>]) -> Void = { _ in }
  ) throws -> Matrix<O.Scalar> {
    var optimizer = optimizer
    var parameters: [Matrix<O.Scalar>] = slots(try Fixtures.matrix("optimizers/p0.npy").elements)
    let w: [Matrix<O.Scalar>] = slots(try Fixtures.matrix("optimizers/w.npy").elements)
    let noise = try Fixtures.matrix("optimizers/noise.npy", as: O.Scalar.self)
    var rows: [O.Scalar] = []
    for t in 0..<steps {
      let n = slots(row(noise, t))
      var gradients = zip(zip(parameters, w), n).map { pw, n in try! pw.0.elementwiseProduct(pw.1) + n }
      prepare(&gradients)
      optimizer.step(parameters: &parameters, gradients: gradients)
      rows += parameters.flatMap(\.elements)
    }
    return try Matrix(rows: steps, columns: rows.count / steps, elements: rows)
  }

  /// Expects `optimizer`'s trajectory to match the fixture `name` step by step within the
  /// relative `tolerance`.
  static func expectMatches<O: Optimizer>(
    _ optimizer: O, _ name: String, tolerance: O.Scalar,
    prepare: (inout [Matrix<O.Scalar>]) -> Void = { _ in },
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let ours = try trajectory(optimizer, prepare: prepare)
    let reference = try Fixtures.matrix("optimizers/\(name).npy", as: O.Scalar.self)
    #expect(ours.shape == reference.shape, "\(name): \(ours.shapeDescription) vs \(reference.shapeDescription)", sourceLocation: sourceLocation)
    for t in 0..<steps {
      let a = try Matrix(rows: 1, columns: ours.columns, elements: row(ours, t))
      let b = try Matrix(rows: 1, columns: reference.columns, elements: row(reference, t))
      #expect(
        a.isApproximatelyEqual(to: b, tolerance: tolerance),
        "\(name) (\(O.Scalar.self)) step \(t + 1): ours \(a.elements) vs PyTorch \(b.elements)",
        sourceLocation: sourceLocation)
    }
  }
}
