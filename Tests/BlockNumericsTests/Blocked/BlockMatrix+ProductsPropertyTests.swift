import Testing
@testable import BlockNumerics

/// Randomized: a block product equals the dense product of the assembled operands, over
/// random shapes (0 included), ragged partitions, absent blocks and product parameters.
@Suite struct BlockMatrixProductsPropertyTests {
  func blockProductEqualsDenseProduct<Scalar: BLASScalar>(_: Scalar.Type, _ c: inout PropertyCase) throws {
    let m = c.int(0...40), k = c.int(0...40), n = c.int(0...40)
    let rowSizes = c.partition(of: m, parts: c.int(1...5))
    let innerSizes = c.partition(of: k, parts: c.int(1...5))
    let columnSizes = c.partition(of: n, parts: c.int(1...5))
    let absentShare = c.pick([0.0, 0.0, 0.3, 0.7])
    let parameters = BlockProductParameters(
      mergesContiguousBlocks: c.int(0...1) == 1, tileExtent: c.pick([1, 3, 8, 16, 512]), coreCount: c.pick([nil, 1, 3]))
    c.note("\(Scalar.self) \(rowSizes)×\(innerSizes)·\(innerSizes)×\(columnSizes), absent \(absentShare), \(parameters)")

    let pa = try BlockPartition(rowBlockSizes: rowSizes, columnBlockSizes: innerSizes)
    let pb = try BlockPartition(rowBlockSizes: innerSizes, columnBlockSizes: columnSizes)
    let denseA = Matrix<Scalar>.random(rows: m, columns: k, in: -1..<1, seed: c.nextSeed())
    let denseB = Matrix<Scalar>.random(rows: k, columns: n, in: -1..<1, seed: c.nextSeed())
    var a = try BlockMatrix(denseA, partition: pa)
    if absentShare > 0 {
      // The same values with some blocks absent (zero), stored block by block.
      var grid: [[Matrix<Scalar>?]] = []
      for i in 0..<pa.blockRowCount {
        var row: [Matrix<Scalar>?] = []
        for j in 0..<pa.blockColumnCount {
          let absent = Double(c.int(0...999)) / 1000 < absentShare
          row.append(absent ? nil : a[blockRow: i, blockColumn: j])
        }
        grid.append(row)
      }
      a = try BlockMatrix(blocks: grid, partition: pa)
    }
    let b = try BlockMatrix(denseB, partition: pb)
    let product = try a.multiplied(by: b, parameters: parameters)
    c.expect(product.partition.rowBlockSizes == rowSizes, "result row partition \(product.partition.rowBlockSizes)")
    c.expect(product.partition.columnBlockSizes == columnSizes, "result column partition \(product.partition.columnBlockSizes)")
    let expected = referenceProduct(a.assembled(), denseB)
    let assembled = product.assembled()
    c.expect(
      assembled.isApproximatelyEqual(to: expected, tolerance: tolerance(Scalar.self, operations: k)),
      "block product differs from the triple loop by \((assembled - expected).frobeniusNorm)")
    c.expect(
      assembled.isApproximatelyEqual(to: a.assembled() * denseB, tolerance: tolerance(Scalar.self, operations: k)),
      "block product differs from the dense BLAS product")
    // The split into BLAS calls depends only on shapes and parameters: same bits again.
    c.expect(try a.multiplied(by: b, parameters: parameters).assembled() == assembled, "a second run differs")
  }

  @Test func blockProductEqualsDenseProduct() {
    Property.check("block product = dense product (Float)", cases: 60, seed: 0xB10C_0001) {
      try blockProductEqualsDenseProduct(Float.self, &$0)
    }
    Property.check("block product = dense product (Double)", cases: 60, seed: 0xB10C_0002) {
      try blockProductEqualsDenseProduct(Double.self, &$0)
    }
  }
}
