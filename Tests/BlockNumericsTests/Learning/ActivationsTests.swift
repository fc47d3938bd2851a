import Testing
@testable import BlockNumerics

@Suite struct ActivationsTests {
  @Test func gradientsMatchCentralDifferences() {
    let x = inputsAwayFromZero(rows: 4, columns: 5, seed: 1)
    checkLayerGradients(ReLU<Double>(), inputs: x, seed: 2)
    checkLayerGradients(Sigmoid<Double>(), inputs: x * 3, seed: 3)
    checkLayerGradients(Tanh<Double>(), inputs: x * 2, seed: 4)
  }

  @Test func valuesAndExtremes() throws {
    var relu = ReLU<Double>()
    var sigmoid = Sigmoid<Double>()
    var tanh = Tanh<Float>()
    let x = try Matrix<Double>([[-2, 0, 3, -800, 800]])
    #expect(relu.forward(x) == (try Matrix([[0, 0, 3, 0, 800]])))
    let s = sigmoid.forward(x)
    #expect(s.isFinite && s[0, 3] == 0 && s[0, 4] == 1 && s[0, 1] == 0.5)
    #expect(abs(s[0, 0] - 1 / (1 + 7.38905609893065)) < 1e-15)
    #expect(tanh.forward(try Matrix<Float>([[0, 100]])) == (try Matrix([[0, 1]])))
  }

  @Test func dropoutIsSeededInvertedAndIdentityAtInference() {
    let x = Matrix<Double>.random(rows: 50, columns: 40, in: 1..<2, seed: 1)
    var a = Dropout<Double>(rate: 0.25, seed: 7)
    var b = Dropout<Double>(rate: 0.25, seed: 7)
    let ya = a.forward(x, training: true)
    #expect(ya == b.forward(x, training: true))
    let kept = zip(ya.elements, x.elements).filter { $0.0 != 0 }
    #expect(kept.allSatisfy { abs($0.0 - $0.1 / 0.75) < 1e-12 })
    let fraction = Double(kept.count) / Double(x.count)
    #expect(abs(fraction - 0.75) < 0.05, "kept \(fraction)")
    #expect(a.forward(x, training: false) == x)
    // The gradient goes through the same mask.
    var c = Dropout<Double>(rate: 0.5, seed: 3)
    let y = c.forward(x, training: true)
    let dx = c.backward(input: x, output: y, outputGradient: Matrix(rows: 50, columns: 40, repeating: 1))
    #expect(zip(dx.elements, y.elements).allSatisfy { ($0.0 == 0) == ($0.1 == 0) })
  }
}
