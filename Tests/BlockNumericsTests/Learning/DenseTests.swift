import Testing
@testable import BlockNumerics

@Suite struct DenseTests {
  @Test(arguments: [(1, 1, 1), (3, 4, 5), (7, 2, 3)])
  func gradientsMatchCentralDifferences(shape: (Int, Int, Int)) {
    let (batch, inputs, outputs) = shape
    var layer = Dense<Double>(inputs: inputs, outputs: outputs, seed: 3)
    layer.parameters[1] = Matrix.random(rows: 1, columns: outputs, in: -1..<1, seed: 4)
    checkLayerGradients(layer, inputs: inputsAwayFromZero(rows: batch, columns: inputs, seed: 5), seed: 6)
  }

  @Test func forwardIsXWTransposedPlusBias() throws {
    let w = try Matrix<Double>([[1, 2, 3], [4, 5, 6]])
    let b = try Matrix<Double>([[10, 20]])
    var layer = try Dense(weights: w, bias: b)
    let x = try Matrix<Double>([[1, 0, -1], [2, 1, 0]])
    #expect(layer.forward(x) == (try Matrix([[8, 18], [14, 33]])))
    #expect(layer.outputs == 2 && layer.inputs == 3)
  }

  @Test func initializationIsSeededAndScaled() {
    let a = Dense<Double>(inputs: 400, outputs: 300, initialization: .heNormal, seed: 1)
    let b = Dense<Double>(inputs: 400, outputs: 300, initialization: .heNormal, seed: 1)
    let c = Dense<Double>(inputs: 400, outputs: 300, initialization: .heNormal, seed: 2)
    #expect(a.weights == b.weights && a.weights != c.weights && a.bias.frobeniusNorm == 0)
    let variance = a.weights.elements.reduce(0) { $0 + $1 * $1 } / Double(a.weights.count)
    #expect(abs(variance - 2.0 / 400) < 0.1 * 2.0 / 400, "He variance \(variance)")
    let g = Dense<Float>(inputs: 400, outputs: 200, initialization: .glorotUniform, seed: 1)
    let limit = Float((6.0 / 600).squareRoot())
    #expect(g.weights.max()! <= limit && g.weights.min()! >= -limit && g.weights.max()! > 0.9 * limit)
  }

  @Test func shapeErrors() {
    let layer = Dense<Double>(inputs: 4, outputs: 2, seed: 0)
    let error = thrownError { _ = try layer.outputFeatures(inputFeatures: 5) }
    #expect(error?.description.contains("Dense") == true && error?.description.contains("5") == true)
    #expect(thrownError { _ = try Dense(weights: Matrix<Double>(rows: 2, columns: 3), bias: Matrix(rows: 1, columns: 3)) } != nil)
  }
}
