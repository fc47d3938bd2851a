import Testing
@testable import BlockNumerics

@Suite struct MatrixRowParallelProductTests {
  func check<Scalar: BLASScalar>(_: Scalar.Type, m: Int, k: Int, n: Int) {
    for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
      let a = Matrix<Scalar>.random(rows: transposeA ? k : m, columns: transposeA ? m : k, in: -1..<1, seed: UInt64(m + k))
      let b = Matrix<Scalar>.random(rows: transposeB ? n : k, columns: transposeB ? k : n, in: -1..<1, seed: UInt64(k + n))
      let expected = referenceProduct(transposeA ? a.transposed : a, transposeB ? b.transposed : b)
      // One panel, two and many; each split at 1 and 2 OpenBLAS threads, with the same bits.
      for parameters in [ParallelParameters(coreCount: 1), ParallelParameters(coreCount: 2, minimumParallelWork: 0, minimumPanelRows: 1),
                         ParallelParameters(coreCount: 7, minimumParallelWork: 0, minimumPanelRows: 3)] {
        let (one, two) = atOneAndTwoBLASThreads {
          Matrix<Scalar>(_uninitializedRows: m, columns: n) { c in
            a.withUnsafeView { av in
              b.withUnsafeView { bv in
                _rowParallelGEMM(av, transposeA: transposeA, bv, transposeB: transposeB, into: c, parameters: parameters)
              }
            }
          }
        }
        let label = "m \(m) k \(k) n \(n) \(transposeA) \(transposeB), \(parameters.cores) cores"
        #expect(one.isApproximatelyEqual(to: expected, tolerance: tolerance(Scalar.self, operations: k)), "\(label)")
        #expect(sameBits(one, two), "\(label): the BLAS thread count changed the bits")
      }
    }
  }

  @Test func equalsTheProductForEveryTransposeAndSplit() {
    for (m, k, n) in [(0, 3, 2), (1, 1, 1), (9, 5, 3), (130, 40, 20), (257, 33, 1)] {
      check(Float.self, m: m, k: k, n: n)
      check(Double.self, m: m, k: k, n: n)
    }
  }

  @Test func matrixWrappersMatchTheViewProduct() {
    let a = Matrix<Double>.random(rows: 300, columns: 80, seed: 1)
    let b = Matrix<Double>.random(rows: 80, columns: 12, seed: 2)
    let bt = b.transposed
    var into = Matrix<Double>(rows: 300, columns: 12)
    a._rowParallelProduct(b, into: &into)
    #expect(sameBits(a._rowParallelProduct(b), into))
    #expect(a._rowParallelProduct(bt, transposeOther: true).isApproximatelyEqual(to: into, tolerance: 1e-13))
    #expect(into.isApproximatelyEqual(to: a * b, tolerance: 1e-13))
  }
}
