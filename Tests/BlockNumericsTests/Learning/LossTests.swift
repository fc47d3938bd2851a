import Testing
@testable import BlockNumerics

@Suite struct LossTests {
  func checkGradient(_ loss: Loss, outputs: Matrix<Double>, targets: Matrix<Double>) throws {
    let (_, gradient) = try loss.evaluate(outputs: outputs, targets: targets)
    let h = 1e-6
    for e in 0..<outputs.count {
      var plus = outputs
      var minus = outputs
      plus.withUnsafeMutableBufferPointer { $0[e] += h }
      minus.withUnsafeMutableBufferPointer { $0[e] -= h }
      let numeric = (try loss.value(outputs: plus, targets: targets) - loss.value(outputs: minus, targets: targets)) / (2 * h)
      #expect(abs(numeric - gradient.elements[e]) < 1e-7, "\(loss) entry \(e): \(gradient.elements[e]) vs \(numeric)")
    }
  }

  @Test func gradientsMatchCentralDifferences() throws {
    let z = Matrix<Double>.random(rows: 5, columns: 4, in: -3..<3, seed: 1)
    var oneHot = Matrix<Double>(rows: 5, columns: 4)
    for i in 0..<5 { oneHot[i, (i * 3) % 4] = 1 }
    try checkGradient(.softmaxCrossEntropy, outputs: z, targets: oneHot)
    try checkGradient(.meanSquaredError, outputs: z, targets: Matrix.random(rows: 5, columns: 4, seed: 2))
    try checkGradient(.binaryCrossEntropy, outputs: z, targets: Matrix.random(rows: 5, columns: 4, seed: 3))
  }

  @Test func valuesAgainstHandComputedOnes() throws {
    let z = try Matrix<Double>([[1, 2, 3], [0, 0, 0]])
    let (ce, _) = try Loss.softmaxCrossEntropy.evaluate(outputs: z, labels: [2, 0])
    let expected = ((log(exp(1.0) + exp(2.0) + exp(3.0)) - 3) + log(3.0)) / 2
    #expect(abs(ce - expected) < 1e-14)
    let mse = try Loss.meanSquaredError.value(outputs: z, targets: Matrix(rows: 2, columns: 3, repeating: 1))
    #expect(abs(mse - 8.0 / 6) < 1e-15)
    // Binary cross-entropy on logits stays finite for huge logits.
    let bce = try Loss.binaryCrossEntropy.evaluate(outputs: try Matrix<Double>([[1000], [-1000]]), labels: [0, 0])
    #expect(abs(bce.value - 500) < 1e-9 && bce.gradient.isFinite)
    // Labels equal one-hot targets.
    var oneHot = Matrix<Double>(rows: 2, columns: 3)
    oneHot[0, 2] = 1
    oneHot[1, 0] = 1
    let fromTargets = try Loss.softmaxCrossEntropy.evaluate(outputs: z, targets: oneHot).gradient
    let fromLabels = try Loss.softmaxCrossEntropy.evaluate(outputs: z, labels: [2, 0]).gradient
    #expect(fromTargets == fromLabels)
  }

  @Test func badLabelsAndShapesThrow() {
    let z = Matrix<Double>(rows: 2, columns: 3)
    let bad = thrownError { _ = try Loss.softmaxCrossEntropy.evaluate(outputs: z, labels: [0, 3]) }
    #expect(bad?.description.contains("label 3 at row 1") == true, "\(String(describing: bad))")
    let count = thrownError { _ = try Loss.softmaxCrossEntropy.evaluate(outputs: z, labels: [0]) }
    #expect(count?.description.contains("2×3") == true)
    let shapes = thrownError { _ = try Loss.meanSquaredError.value(outputs: z, targets: Matrix(rows: 3, columns: 2)) }
    #expect(shapes?.description.contains("2×3") == true && shapes?.description.contains("3×2") == true)
  }
}

import Foundation
