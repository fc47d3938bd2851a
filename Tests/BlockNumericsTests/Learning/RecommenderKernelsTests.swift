import Testing
@testable import BlockNumerics

@Suite struct RecommenderKernelsTests {
  @Test(arguments: [1, 2, 7, 8, 9, 33]) func choleskySolvesAgreeWithLAPACK(n: Int) {
    // A = BᵀB + n·I is positive definite; compare with LAPACK's gesv.
    let b = Matrix<Double>.randomNormal(rows: n, columns: n, seed: UInt64(n))
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
      for j in 0..<n { a[i * n + j] = (0..<n).reduce(0.0) { $0 + b[$1, i] * b[$1, j] } + (i == j ? Double(n) : 0) }
    }
    let rhs = (0..<n).map { Double($0) - 1.5 }
    var lapackA = a
    var lapackB = rhs
    var pivots = [Int32](repeating: 0, count: n)
    #expect(Double.gesv(n: Int32(n), rightHandSides: 1, a: &lapackA, lda: Int32(n), pivots: &pivots, b: &lapackB, ldb: 1) == 0)
    var ours = rhs
    var factor = a
    #expect(RecommenderKernels.choleskySolve(&factor, n, &ours))
    #expect(zip(ours, lapackB).allSatisfy { abs($0 - $1) < 1e-12 * Swift.max(1, abs($1)) }, "n \(n)")
    // The factor reproduces A: L·Lᵀ = A on the lower triangle.
    for i in 0..<n {
      for j in 0...i {
        let product = (0...j).reduce(0.0) { $0 + factor[i * n + $1] * factor[j * n + $1] }
        #expect(abs(product - a[i * n + j]) < 1e-12 * Double(n) * Double(n), "n \(n) (\(i), \(j))")
      }
    }
  }

  @Test func notPositiveDefiniteIsReported() {
    var a: [Double] = [1, 2, 2, 1]
    var b: [Double] = [1, 1]
    #expect(!RecommenderKernels.choleskySolve(&a, 2, &b) && b == [1, 1])
    var nan: [Double] = [.nan]
    #expect(!RecommenderKernels.choleskyFactor(&nan, 1))
  }

  @Test(arguments: [0, 1, 7, 8, 9, 17, 64]) func dotAndUpdateMatchPlainLoops(n: Int) {
    let x = (0..<n).map { Float($0) * 0.25 - 1 }
    let y = (0..<n).map { Float(n - $0) * 0.5 }
    let expected = zip(x, y).reduce(Float(0)) { $0 + $1.0 * $1.1 }
    #expect(abs(RecommenderKernels.dot(x, y, n) - expected) <= 1e-5 * Swift.max(1, abs(expected)))
    var z = y
    RecommenderKernels.axpy(2, x, &z, n)
    #expect(z == zip(x, y).map { $1 + 2 * $0 })
  }

  @Test func everyIndexRunsOnceForAnyThreadCount() {
    for threads in [1, 2, 3, nil] as [Int?] {
      for count in [0, 1, 5, 100] {
        let counts = ThreadLock([Int](repeating: 0, count: count))
        RecommenderKernels.forEachChunk(count: count, threads: threads) { range in
          counts.withLock { for i in range { $0[i] += 1 } }
        }
        #expect(counts.withLock { $0.allSatisfy { $0 == 1 } }, "count \(count), threads \(String(describing: threads))")
      }
    }
  }
}
