import Testing
@testable import BlockNumerics

@Suite struct BlockSparseDenseTests {
  @Test(arguments: [(1, 2, 3), (5, 2, 2), (3, 4, 1)])
  func gradientsMatchCentralDifferences(shape: (Int, Int, Int)) {
    let (batch, blockSize, grid) = shape
    var layer = BlockSparseDense<Double>(
      inputs: 3 * blockSize, outputs: grid * blockSize * 2, blockSize: blockSize, density: 0.5, seed: 9)
    layer.parameters[1] = Matrix.random(rows: 1, columns: layer.outputs, in: -1..<1, seed: 4)
    checkLayerGradients(layer, inputs: inputsAwayFromZero(rows: batch, columns: layer.inputs, seed: 5), seed: 6)
  }

  @Test func matchesADenseLayerWithTheSameWeights() throws {
    var sparse = BlockSparseDense<Double>(inputs: 64, outputs: 256, blockSize: 16, density: 0.25, seed: 1)
    sparse.parameters[1] = Matrix.random(rows: 1, columns: 256, seed: 2)
    let w = sparse.weights
    #expect(w.storedBlockCount == 16 && w.blockRowPointers == Array(0...16))  // one block per block row
    var dense = try Dense(weights: w.dense(), bias: sparse.bias)
    let x = Matrix<Double>.random(rows: 33, columns: 64, seed: 3)
    let y = sparse.forward(x)
    #expect(y.isApproximatelyEqual(to: dense.forward(x), tolerance: 1e-12))
    let dy = Matrix<Double>.random(rows: 33, columns: 256, seed: 4)
    let dx = sparse.backward(input: x, output: y, outputGradient: dy)
    let dxDense = dense.backward(input: x, output: y, outputGradient: dy)
    #expect(dx.isApproximatelyEqual(to: dxDense, tolerance: 1e-12))
    // The weight gradient is the dense one restricted to the pattern.
    let expected = try BlockSparseMatrix(dense.gradients[0], blockRows: 16, blockColumns: 16)
    let masked = try BlockSparseMatrix.sampledProduct(dy, x, pattern: w, transposeA: true)
    #expect(masked.values == sparse.gradients[0].elements)
    for (i, j) in w.storedBlockCoordinates {
      #expect(masked.block(row: i, column: j)!.isApproximatelyEqual(to: expected.block(row: i, column: j)!, tolerance: 1e-12))
    }
    #expect(sparse.gradients[1].isApproximatelyEqual(to: dense.gradients[1], tolerance: 1e-12))
  }
}
