import Testing
@testable import BlockNumerics

@Suite struct SmallProductKernelTests {
  func check<Scalar: BLASScalar>(_: Scalar.Type, m: Int, k: Int, n: Int, on path: VectorKernels.Path) {
    let a = Matrix<Scalar>.random(rows: m, columns: k, in: -1..<1, seed: UInt64(m * 100 + k))
    let b = Matrix<Scalar>.random(rows: k, columns: n, in: -1..<1, seed: UInt64(k * 100 + n))
    let start = Matrix<Scalar>.random(rows: m, columns: n, seed: 7)
    // The kernel sums each entry over k in ascending order with the path's multiply-add, as
    // the reference loop does: the results are the same bits, whichever tile computed them.
    let expected = referenceProduct(a, b, on: path)
    for accumulate in [false, true] {
      var c = start
      a.withUnsafeView { av in
        b.withUnsafeView { bv in
          c.withUnsafeMutableView { cv in SmallProductKernel.multiply(av, bv, beta: accumulate ? 1 : 0, into: cv) }
        }
      }
      let target = accumulate ? expected + start : expected
      #expect(c.elements == target.elements, "\(Scalar.self) m=\(m) k=\(k) n=\(n) accumulate=\(accumulate) on \(path)")
    }
  }

  /// Register tiles are 8, 4 and 2 rows high (AVX-512, AVX2, portable) with narrower rows at
  /// the bottom, two or four vectors wide with single vectors and one masked partial vector
  /// at the right (Double 16/8/…, Float 32/16/… columns on AVX-512): the sizes below cross
  /// every edge of every path. Runs on the path in use (scripts/test runs this file on every path).
  @Test func matchesATripleLoopAroundEveryTileEdge() {
    let path = VectorKernels.pathInUse
    for m in [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17] {
      for k in [0, 1, 2, 4, 7] {
        for n in Array(0...33) + [47, 48, 49, 64, 65] {
          check(Float.self, m: m, k: k, n: n, on: path)
          check(Double.self, m: m, k: k, n: n, on: path)
        }
      }
    }
  }

  /// Every path this CPU runs gives its own exact sums, and the paths agree to rounding.
  @Test func everyPathMatchesItsReferenceAndTheOthersToRounding() {
    let a = Matrix<Double>.random(rows: 13, columns: 11, in: -1..<1, seed: 21)
    let b = Matrix<Double>.random(rows: 11, columns: 37, in: -1..<1, seed: 22)
    var results: [Matrix<Double>] = []
    forEachKernelPath { path in
      var c = Matrix<Double>(rows: 13, columns: 37)
      a.withUnsafeView { av in
        b.withUnsafeView { bv in c.withUnsafeMutableView { SmallProductKernel.multiply(av, bv, into: $0) } }
      }
      #expect(c.elements == referenceProduct(a, b, on: path).elements, "on \(path)")
      results.append(c)
    }
    for result in results {
      #expect(result.isApproximatelyEqual(to: results[0], tolerance: tolerance(Double.self, operations: 11)))
    }
  }

  @Test func worksOnStridedViews() throws {
    let big = Matrix<Double>.random(rows: 12, columns: 12, seed: 3)
    var out = Matrix<Double>(rows: 12, columns: 12)
    big.withUnsafeView { view in
      out.withUnsafeMutableView { target in
        SmallProductKernel.multiply(
          view.subview(rows: 1..<6, columns: 2..<9), view.subview(rows: 3..<10, columns: 0..<5),
          into: target.subview(rows: 4..<9, columns: 6..<11))
      }
    }
    let expected = referenceProduct(try big.submatrix(rows: 1..<6, columns: 2..<9), try big.submatrix(rows: 3..<10, columns: 0..<5))
    #expect(try out.submatrix(rows: 4..<9, columns: 6..<11).isApproximatelyEqual(to: expected, tolerance: 1e-14))
    #expect(out.sum() == (try out.submatrix(rows: 4..<9, columns: 6..<11)).sum())
  }

  func checkScaledAndTransposed<Scalar: BLASScalar>(_: Scalar.Type, m: Int, n: Int, k: Int) {
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let a = Matrix<Scalar>.random(rows: ta ? k : m, columns: ta ? m : k, in: -1..<1, seed: UInt64(m * 100 + k))
      let b = Matrix<Scalar>.random(rows: tb ? n : k, columns: tb ? k : n, in: -1..<1, seed: UInt64(k * 100 + n))
      let c0 = Matrix<Scalar>.random(rows: m, columns: n, in: -1..<1, seed: 7)
      var c = c0
      a.withUnsafeView { av in
        b.withUnsafeView { bv in
          c.withUnsafeMutableView { cv in
            SmallProductKernel.multiply(av, transposeA: ta, bv, transposeB: tb, alpha: 2, beta: 1, into: cv)
          }
        }
      }
      let expected = c0 + referenceProduct(ta ? a.transposed : a, tb ? b.transposed : b) * 2
      #expect(c.isApproximatelyEqual(to: expected, tolerance: tolerance(Scalar.self, operations: k + 1)), "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb)")
    }
  }

  /// `C ← alpha·op(A)·op(B) + beta·C` with every combination of transposes, around the tile edges.
  @Test func scalesAndTransposesAroundItsTileEdges() {
    for (m, n, k) in [(1, 1, 1), (2, 8, 3), (3, 9, 4), (5, 17, 8), (4, 7, 1), (8, 24, 8), (1, 16, 2)] {
      checkScaledAndTransposed(Float.self, m: m, n: n, k: k)
      checkScaledAndTransposed(Double.self, m: m, n: n, k: k)
    }
  }
}
