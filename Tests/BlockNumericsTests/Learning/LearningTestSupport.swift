import Testing
@testable import BlockNumerics

/// `f(X, θ) = Σ R ⊙ layer(X)` for a fixed random `R`: its gradients are what `backward`
/// returns for `outputGradient = R`, and central differences check them entry by entry.
func checkLayerGradients<L: Layer>(
  _ layer: L, inputs: Matrix<Double>, seed: UInt64, tolerance: Double = 1e-6,
  sourceLocation: SourceLocation = #_sourceLocation
) where L.Scalar == Double {
  var layer = layer
  let output = layer.forward(inputs, training: true)
  let upstream = Matrix<Double>.random(rows: output.rows, columns: output.columns, in: -1..<1, seed: seed)
  let inputGradient = layer.backward(input: inputs, output: output, outputGradient: upstream)
  let gradients = layer.gradients
  func objective(_ l: L, _ x: Matrix<Double>) -> Double {
    var l = l
    let y = l.forward(x, training: false)
    return zip(y.elements, upstream.elements).reduce(0) { $0 + $1.0 * $1.1 }
  }
  let h = 1e-6
  for e in 0..<inputs.count {
    var plus = inputs
    var minus = inputs
    plus.withUnsafeMutableBufferPointer { $0[e] += h }
    minus.withUnsafeMutableBufferPointer { $0[e] -= h }
    let numeric = (objective(layer, plus) - objective(layer, minus)) / (2 * h)
    let analytic = inputGradient.elements[e]
    #expect(abs(numeric - analytic) <= tolerance * max(1, abs(numeric)),
            "\(L.self) ∂/∂x[\(e)]: analytic \(analytic), numeric \(numeric), seed \(seed)", sourceLocation: sourceLocation)
  }
  for slot in layer.parameters.indices {
    for e in 0..<layer.parameters[slot].count {
      var plus = layer
      var minus = layer
      plus.parameters[slot].withUnsafeMutableBufferPointer { $0[e] += h }
      minus.parameters[slot].withUnsafeMutableBufferPointer { $0[e] -= h }
      let numeric = (objective(plus, inputs) - objective(minus, inputs)) / (2 * h)
      let analytic = gradients[slot].elements[e]
      #expect(abs(numeric - analytic) <= tolerance * max(1, abs(numeric)),
              "\(L.self) ∂/∂θ\(slot)[\(e)]: analytic \(analytic), numeric \(numeric), seed \(seed)", sourceLocation: sourceLocation)
    }
  }
}

/// Inputs uniform in ±[0.1, 1) (away from ReLU's kink at 0).
func inputsAwayFromZero(rows: Int, columns: Int, seed: UInt64) -> Matrix<Double> {
  let magnitude = Matrix<Double>.random(rows: rows, columns: columns, in: 0.1..<1, seed: seed)
  let sign = Matrix<Double>.random(rows: rows, columns: columns, seed: seed + 1000)
  return try! magnitude.elementwiseProduct(sign.map { $0 < 0.5 ? -1 : 1 })
}

/// The error thrown by `body`, or nil.
func thrownError(_ body: () throws -> Void) -> BlockNumericsError? {
  do { try body() } catch let error as BlockNumericsError { return error } catch { return nil }
  return nil
}

/// A test double for the training loop: `θ ← θ − rate·g`, counting its steps. It keeps the
/// Learning tests independent of the optimizers under test in Optimization/.
struct FixedStepDescent: Optimizer {
  typealias Scalar = Double
  var rate: Double
  var steps = 0
  mutating func step(parameters: inout [Matrix<Double>], gradients: [Matrix<Double>]) {
    precondition(parameters.count == gradients.count)
    steps += 1
    for slot in parameters.indices {
      gradients[slot].withUnsafeBufferPointer { g in
        parameters[slot].withUnsafeMutableBufferPointer { p in
          for e in p.indices { p[e] -= rate * g[e] }
        }
      }
    }
  }
}
