import Testing
@testable import BlockNumerics

/// The convergence table: every optimizer × {parabola, Rosenbrock} × {Float, Double}
/// reaches the minimiser within a tolerance (hyperparameters as one would tune them).
@Suite struct OptimizerTests {
  /// A problem: start, minimiser, gradient, steps.
  struct Problem: Sendable {
    let name: String
    let start: [Double]
    let minimiser: [Double]
    let steps: Int
    let tolerance: Double
    let gradient: @Sendable ([Double]) -> [Double]
  }

  /// Σ sᵢ·(pᵢ − cᵢ)² with scales 1, 3, 0.5.
  static let parabola = Problem(
    name: "parabola", start: [3, -4, 1], minimiser: [1, -2, 0.5], steps: 500, tolerance: 1e-4,
    gradient: { p in [2 * 1 * (p[0] - 1), 2 * 3 * (p[1] + 2), 2 * 0.5 * (p[2] - 0.5)] })

  /// (1 − x)² + 100·(y − x²)², from (−1.5, 2).
  static let rosenbrock = Problem(
    name: "Rosenbrock", start: [-1.5, 2], minimiser: [1, 1], steps: 10_000, tolerance: 1e-2,
    gradient: { p in
      let x = p[0], y = p[1]
      return [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]
    })

  func distanceAfterMinimising<O: Optimizer>(_ optimizer: O, _ problem: Problem) -> Double {
    var optimizer = optimizer
    var p = [try! Matrix<O.Scalar>(rows: 1, columns: problem.start.count, elements: problem.start.map { O.Scalar($0) })]
    for _ in 0..<problem.steps {
      let g = problem.gradient(p[0].elements.map { Double($0) }).map { O.Scalar($0) }
      optimizer.step(parameters: &p, gradients: [try! Matrix(rows: 1, columns: g.count, elements: g)])
    }
    let d = zip(p[0].elements, problem.minimiser).map { (Double($0) - $1) * (Double($0) - $1) }.reduce(0, +)
    return d.squareRoot()
  }

  func checkConvergence<Scalar: BLASScalar>(_: Scalar.Type) {
    let onParabola: [(String, any Optimizer<Scalar>)] = [
      ("SGD", SGD<Scalar>(learningRate: 0.1)),
      ("SGD momentum", SGD<Scalar>(learningRate: 0.05, momentum: 0.9)),
      ("SGD Nesterov", SGD<Scalar>(learningRate: 0.05, momentum: 0.9, nesterov: true)),
      ("AdaGrad", AdaGrad<Scalar>(learningRate: 0.5)),
      ("RMSProp", RMSProp<Scalar>(learningRate: 0.01)),
      ("RMSProp centered momentum", RMSProp<Scalar>(learningRate: 0.01, momentum: 0.5, centered: true)),
      ("Adam", Adam<Scalar>(learningRate: 0.05)),
      ("Adam AMSGrad", Adam<Scalar>(learningRate: 0.05, amsgrad: true)),
      ("AdamW", AdamW<Scalar>(learningRate: 0.05, weightDecay: 0)),
    ]
    let onRosenbrock: [(String, any Optimizer<Scalar>)] = [
      ("SGD", SGD<Scalar>(learningRate: 2e-3)),
      ("SGD momentum", SGD<Scalar>(learningRate: 1e-3, momentum: 0.9)),
      ("SGD Nesterov", SGD<Scalar>(learningRate: 1e-3, momentum: 0.9, nesterov: true)),
      ("AdaGrad", AdaGrad<Scalar>(learningRate: 1)),
      ("RMSProp momentum", RMSProp<Scalar>(learningRate: 1e-4, momentum: 0.9)),
      ("RMSProp centered momentum", RMSProp<Scalar>(learningRate: 1e-3, momentum: 0.9, centered: true)),
      ("Adam", Adam<Scalar>(learningRate: 0.02)),
      ("Adam AMSGrad", Adam<Scalar>(learningRate: 0.05, amsgrad: true)),
      ("AdamW", AdamW<Scalar>(learningRate: 0.02, weightDecay: 0)),
    ]
    for (problem, optimizers) in [(Self.parabola, onParabola), (Self.rosenbrock, onRosenbrock)] {
      for (name, optimizer) in optimizers {
        let distance = distanceAfterMinimising(optimizer, problem)
        #expect(distance < problem.tolerance, "\(name) on \(problem.name) (\(Scalar.self)): distance \(distance) after \(problem.steps) steps")
      }
    }
  }

  @Test func everyOptimizerConvergesOnParabolaAndRosenbrock() {
    checkConvergence(Double.self)
    checkConvergence(Float.self)
  }
}
