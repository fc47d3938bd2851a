import Testing
@testable import BlockNumerics

@Suite struct BlockSparseKernelsTests {
  func checkMicroKernel<Scalar: BLASScalar>(_: Scalar.Type, m: Int, n: Int, k: Int) {
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let a = Matrix<Scalar>.random(rows: ta ? k : m, columns: ta ? m : k, in: -1..<1, seed: UInt64(m * 100 + k))
      let b = Matrix<Scalar>.random(rows: tb ? n : k, columns: tb ? k : n, in: -1..<1, seed: UInt64(k * 100 + n))
      let c0 = Matrix<Scalar>.random(rows: m, columns: n, in: -1..<1, seed: 7)
      var c = c0
      a.withUnsafeView { av in
        b.withUnsafeView { bv in
          c.withUnsafeMutableView { cv in
            _smallProductAccumulate(
              m: m, n: n, k: k, alpha: 2, av.base, lda: av.leadingDimension, transposeA: ta,
              bv.base, ldb: bv.leadingDimension, transposeB: tb, cv.base, ldc: cv.leadingDimension)
          }
        }
      }
      let expected = c0 + referenceProduct(ta ? a.transposed : a, tb ? b.transposed : b) * 2
      #expect(c.isApproximatelyEqual(to: expected, tolerance: tolerance(Scalar.self, operations: k + 1)), "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb)")
    }
  }

  @Test func microKernelMatchesATripleLoopAroundItsTileEdges() {
    for (m, n, k) in [(1, 1, 1), (2, 8, 3), (3, 9, 4), (5, 17, 8), (4, 7, 1), (8, 24, 8), (1, 16, 2)] {
      checkMicroKernel(Float.self, m: m, n: n, k: k)
      checkMicroKernel(Double.self, m: m, n: n, k: k)
    }
  }

  @Test func columnIndexGroupsBlocksByColumn() throws {
    let s = try BlockSparseMatrix<Double>(
      rows: 6, columns: 8, blockRows: 2, blockColumns: 2,
      blockRowPointers: [0, 2, 2, 4], blockColumnIndices: [0, 2, 1, 3], values: (1...16).map(Double.init))
    let index = s._blockColumnIndex()
    #expect(index.pointers == [0, 1, 2, 3, 4])
    #expect(index.blockRows == [0, 2, 0, 2] && index.positions == [0, 2, 1, 3])
  }

  @Test func transposeCopyCoversTileEdges() {
    for (rows, columns) in [(1, 1), (31, 33), (64, 5), (0, 3)] {
      let a = Matrix<Double>.random(rows: rows, columns: columns, seed: 9)
      var t = Matrix<Double>(rows: columns, columns: rows)
      a.withUnsafeView { source in t.withUnsafeMutableView { target in _transposeCopy(source, into: target) } }
      #expect(t == a.transposed, "\(rows)×\(columns)")
    }
  }
}
