import Foundation
import Testing
@testable import BlockNumerics

/// Each requirement of `_VectorKernelScalar`, for `Float` and `Double`, on every path this CPU
/// runs, against a reference written here: the exact formula with the path's multiply-add
/// (so the comparison is bit for bit) or, for the elementary functions, the C library.
@Suite struct VectorKernelScalarTests {
  /// Lengths around every vector width (2, 4, 8, 16 lanes) and their multiples.
  static let counts = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100]

  func values<Scalar: BLASScalar>(_: Scalar.Type, count: Int, in range: Range<Scalar>, seed: UInt64) -> [Scalar] {
    Matrix<Scalar>.random(rows: 1, columns: count, in: range, seed: seed).elements
  }

  // MARK: Elementary functions

  func checkElementaryFunctions<Scalar: BLASScalar>(_: Scalar.Type, path: VectorKernels.Path) {
    let large: Scalar = Scalar.self == Double.self ? 750 : 110
    var x = values(Scalar.self, count: 4000, in: -large..<large, seed: 1) + values(Scalar.self, count: 4000, in: -3..<3, seed: 2)
    x += [0, -0.0, .infinity, -.infinity, .nan, Scalar.leastNonzeroMagnitude, -Scalar.leastNormalMagnitude, 1e-20, -1e-20]
    x += Scalar.self == Double.self ? [709.78, 709.79, -708.4, -745.1, -745.2] : [88.72, 88.73, -87.3, -103.9, -104.0]
    var y = [Scalar](repeating: 0, count: x.count)
    func run(_ kernel: (Int, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void, on input: [Scalar]) -> [Scalar] {
      input.withUnsafeBufferPointer { i in y.withUnsafeMutableBufferPointer { kernel(input.count, i._viewBase, $0._viewBase) } }
      return y
    }
    func expectClose(_ name: String, _ got: [Scalar], _ input: [Scalar], ulps: Scalar, _ reference: (Scalar) -> Scalar) {
      let bad = zip(input, got).filter { !withinULPs($0.1, reference($0.0), ulps) }
      #expect(bad.isEmpty, "\(name) \(Scalar.self) on \(path): \(bad.prefix(3).map { "x = \($0.0): \($0.1) vs \(reference($0.0))" })")
    }
    expectClose("exp", run(Scalar._exp, on: x), x, ulps: 1) { Scalar.exp($0) }
    expectClose("tanh", run(Scalar._tanh, on: x), x, ulps: 5) { Scalar.tanh($0) }
    expectClose("sigmoid", run(Scalar._sigmoid, on: x), x, ulps: 3) { v in
      v >= 0 ? 1 / (1 + Scalar.exp(-v)) : Scalar.exp(v) / (1 + Scalar.exp(v))
    }
    let unit = values(Scalar.self, count: 2000, in: 0..<1, seed: 3) + [0, 1, Scalar.leastNonzeroMagnitude, 1e-30, 0.4142, 0.4143]
    expectClose("log1p", run(Scalar._log1pUnit, on: unit), unit, ulps: 2) { Scalar.log1p($0) }
    // Signs and limits exactly.
    let signs = run(Scalar._tanh, on: [-0.0, 0, .infinity, -.infinity])
    #expect(signs[0].sign == .minus && signs[0] == 0 && signs[1].sign == .plus && signs[2] == 1 && signs[3] == -1)
    let limits = run(Scalar._sigmoid, on: [-.infinity, .infinity, 0])
    #expect(limits[0] == 0 && limits[1] == 1 && limits[2] == 0.5)
  }

  @Test func elementaryFunctionsAreWithinAFewUnitsInTheLastPlaceOfTheCLibrary() {
    forEachKernelPath { path in
      checkElementaryFunctions(Float.self, path: path)
      checkElementaryFunctions(Double.self, path: path)
    }
  }

  // MARK: Activations

  func checkActivationGradients<Scalar: BLASScalar>(_: Scalar.Type, path: VectorKernels.Path) {
    for count in Self.counts {
      let dy = values(Scalar.self, count: count, in: -2..<2, seed: 4)
      let y = values(Scalar.self, count: count, in: -1..<1, seed: 5) + []
      var dx = [Scalar](repeating: 0, count: count)
      func run(_ kernel: (Int, UnsafePointer<Scalar>, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void) -> [Scalar] {
        dy.withUnsafeBufferPointer { d in
          y.withUnsafeBufferPointer { o in dx.withUnsafeMutableBufferPointer { kernel(count, d._viewBase, o._viewBase, $0._viewBase) } }
        }
        return dx
      }
      #expect(run(Scalar._reluBackward) == zip(dy, y).map { $1 > 0 ? $0 : 0 })
      #expect(run(Scalar._sigmoidBackward) == zip(dy, y).map { $0 * $1 * (1 - $1) })
      #expect(run(Scalar._tanhBackward) == zip(dy, y).map { $0 * multiplyAdd(-$1, $1, 1, on: path) }, "tanh′ \(Scalar.self) on \(path)")
      var relu = [Scalar](repeating: 0, count: count)
      y.withUnsafeBufferPointer { x in relu.withUnsafeMutableBufferPointer { Scalar._relu(count: count, x: x._viewBase, y: $0._viewBase) } }
      #expect(relu == y.map { $0 > 0 ? $0 : 0 })
    }
  }

  @Test func activationKernelsAreTheirFormulasOnEveryPath() {
    forEachKernelPath { path in
      checkActivationGradients(Float.self, path: path)
      checkActivationGradients(Double.self, path: path)
    }
    // NaN: ReLU gives 0, as `x > 0 ? x : 0` does.
    var out: Double = 1
    var nan = Double.nan
    Double._relu(count: 1, x: &nan, y: &out)
    #expect(out == 0)
  }

  // MARK: Losses

  func checkLosses<Scalar: BLASScalar>(_: Scalar.Type, path: VectorKernels.Path) {
    for (rows, columns) in [(1, 1), (3, 2), (4, 10), (2, 17), (5, 33)] {
      let z = Matrix<Scalar>.random(rows: rows, columns: columns, in: -4..<4, seed: UInt64(rows * 100 + columns))
      let t = Matrix<Scalar>.random(rows: rows, columns: columns, in: 0..<1, seed: 9)
      let scale: Scalar = 0.25
      var gradient = [Scalar](repeating: 0, count: rows * columns)
      var losses = [Scalar](repeating: 0, count: rows)
      let tolerance = Scalar(16 * (columns + 2)) * Scalar.ulpOfOne
      func run(
        _ kernel: (Int, Int, UnsafePointer<Scalar>, UnsafePointer<Scalar>, Scalar, UnsafeMutablePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void
      ) {
        z.withUnsafeBufferPointer { zb in
          t.withUnsafeBufferPointer { tb in
            gradient.withUnsafeMutableBufferPointer { g in
              losses.withUnsafeMutableBufferPointer { kernel(rows, columns, zb._viewBase, tb._viewBase, scale, g._viewBase, $0._viewBase) }
            }
          }
        }
      }
      func expect(_ name: String, loss: (Int) -> Scalar, gradient expected: (Int, Int) -> Scalar) {
        for i in 0..<rows {
          let reference = loss(i)
          #expect(Swift.abs(losses[i] - reference) <= tolerance * Swift.max(1, Swift.abs(reference)), "\(name) row \(i) \(Scalar.self) on \(path)")
          for j in 0..<columns {
            let g = expected(i, j)
            #expect(Swift.abs(gradient[i * columns + j] - g) <= tolerance, "\(name) gradient (\(i), \(j)) \(Scalar.self) on \(path)")
          }
        }
      }
      run(Scalar._softmaxCrossEntropy)
      expect("softmax cross-entropy", loss: { i in
        let row = (0..<columns).map { z[i, $0] }
        let m = row.max()!
        let logSum = m + Scalar.log(row.reduce(0) { $0 + Scalar.exp($1 - m) })
        return (0..<columns).reduce(0) { $0 + t[i, $1] * (logSum - z[i, $1]) }
      }, gradient: { i, j in
        let row = (0..<columns).map { z[i, $0] }
        let m = row.max()!
        let sum = row.reduce(0) { $0 + Scalar.exp($1 - m) }
        return (Scalar.exp(z[i, j] - m) / sum - t[i, j]) * scale
      })
      run(Scalar._squaredError)
      expect("squared error", loss: { i in (0..<columns).reduce(0) { $0 + (z[i, $1] - t[i, $1]) * (z[i, $1] - t[i, $1]) } },
             gradient: { i, j in 2 * (z[i, j] - t[i, j]) * scale })
      run(Scalar._binaryCrossEntropy)
      expect("binary cross-entropy", loss: { i in
        (0..<columns).reduce(0) { total, j in
          let v = z[i, j]
          return total + Swift.max(v, 0) - v * t[i, j] + Scalar.log1p(Scalar.exp(-Swift.abs(v)))
        }
      }, gradient: { i, j in
        let v = z[i, j]
        let sigma = v >= 0 ? 1 / (1 + Scalar.exp(-v)) : Scalar.exp(v) / (1 + Scalar.exp(v))
        return (sigma - t[i, j]) * scale
      })
    }
  }

  @Test func lossKernelsMatchTheirFormulasOnEveryPath() {
    forEachKernelPath { path in
      checkLosses(Float.self, path: path)
      checkLosses(Double.self, path: path)
    }
  }

  // MARK: Optimizer updates

  func checkOptimizerUpdates<Scalar: BLASScalar>(_: Scalar.Type, path: VectorKernels.Path) {
    func madd(_ a: Scalar, _ b: Scalar, _ c: Scalar) -> Scalar { multiplyAdd(a, b, c, on: path) }
    for count in Self.counts {
      let g = values(Scalar.self, count: count, in: -2..<2, seed: 11)
      let m0 = values(Scalar.self, count: count, in: -1..<1, seed: 12)
      let v0 = values(Scalar.self, count: count, in: 0..<1, seed: 13)
      let label = "\(Scalar.self) count \(count) on \(path)"
      for amsgrad in [false, true] {
        var (u, m, v, maximum) = (g, m0, v0, values(Scalar.self, count: count, in: 0..<1, seed: 14))
        let expectedMaximum = maximum
        let (b1, b2, eps, c1, r2): (Scalar, Scalar, Scalar, Scalar, Scalar) = (0.9, 0.999, 1e-8, 0.19, 0.0447)
        u.withUnsafeMutableBufferPointer { u in
          m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
              maximum.withUnsafeMutableBufferPointer { vMax in
                Scalar._adam(
                  count: count, u: u._viewBase, m: m._viewBase, v: v._viewBase, maximum: amsgrad ? vMax._viewBase : nil,
                  beta1: b1, beta2: b2, epsilon: eps, correction1: c1, root2: r2)
              }
            }
          }
        }
        for i in 0..<count {
          let first = madd(g[i] - m0[i], 1 - b1, m0[i])
          var second = madd((1 - b2) * g[i], g[i], b2 * v0[i])
          #expect(m[i] == first && v[i] == second, "adam moments \(label)")
          if amsgrad {
            second = second >= expectedMaximum[i] ? second : expectedMaximum[i]
            #expect(maximum[i] == second, "amsgrad maximum \(label)")
          }
          #expect(u[i] == (first / c1) / (second.squareRoot() / r2 + eps), "adam step \(label)")
        }
      }
      for (first, nesterov) in [(true, false), (false, false), (false, true)] {
        var (u, b) = (g, m0)
        u.withUnsafeMutableBufferPointer { u in
          b.withUnsafeMutableBufferPointer {
            Scalar._momentum(count: count, u: u._viewBase, buffer: $0._viewBase, momentum: 0.9, keep: 0.75, first: first, nesterov: nesterov)
          }
        }
        for i in 0..<count {
          let value = first ? g[i] : madd(0.9, m0[i], 0.75 * g[i])
          #expect(b[i] == value && u[i] == (nesterov ? madd(0.9, value, g[i]) : value), "momentum \(label)")
        }
      }
      // Second moments well above the squared means, so the centered root stays real.
      let (squares0, means0) = (v0.map { 0.5 + $0 / 2 }, m0.map { $0 / 4 })
      for centered in [false, true] {
        var (u, v, mean) = (g, squares0, means0)
        u.withUnsafeMutableBufferPointer { u in
          v.withUnsafeMutableBufferPointer { v in
            mean.withUnsafeMutableBufferPointer {
              Scalar._rms(count: count, u: u._viewBase, v: v._viewBase, mean: centered ? $0._viewBase : nil, alpha: 0.99, epsilon: 1e-8)
            }
          }
        }
        for i in 0..<count {
          let second = madd((1 - 0.99) * g[i], g[i], 0.99 * squares0[i])
          let average = madd(g[i] - means0[i], 1 - 0.99, means0[i])
          let denominator = centered ? madd(-average, average, second).squareRoot() : second.squareRoot()
          #expect(v[i] == second && u[i] == g[i] / (denominator + 1e-8), "rms \(label)")
          if centered { #expect(mean[i] == average, "rms mean \(label)") }
        }
      }
      var (u, sums) = (g, v0)
      u.withUnsafeMutableBufferPointer { u in
        sums.withUnsafeMutableBufferPointer { Scalar._sumOfSquares(count: count, u: u._viewBase, sums: $0._viewBase, epsilon: 1e-10) }
      }
      for i in 0..<count {
        let total = madd(g[i], g[i], v0[i])
        #expect(sums[i] == total && u[i] == g[i] / (total.squareRoot() + 1e-10), "sum of squares \(label)")
      }
      var y = m0
      g.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { Scalar._addScaled(count: count, x: x._viewBase, factor: -0.3, y: $0._viewBase) } }
      #expect(y == (0..<count).map { madd(-0.3, g[$0], m0[$0]) }, "add scaled \(label)")
      var scaled = g
      scaled.withUnsafeMutableBufferPointer { Scalar._scale(count: count, x: $0._viewBase, factor: 0.5) }
      #expect(scaled == g.map { $0 * 0.5 }, "scale \(label)")
      var clamped = g + []
      clamped.withUnsafeMutableBufferPointer { Scalar._clamp(count: count, x: $0._viewBase, limit: 1) }
      #expect(clamped == g.map { $0 > 1 ? 1 : $0 < -1 ? -1 : $0 }, "clamp \(label)")
    }
    var nan = Scalar.nan
    Scalar._clamp(count: 1, x: &nan, limit: 1)
    #expect(nan.isNaN)
  }

  @Test func optimizerUpdatesAreTheirFormulasOnEveryPath() {
    forEachKernelPath { path in
      checkOptimizerUpdates(Float.self, path: path)
      checkOptimizerUpdates(Double.self, path: path)
    }
  }

  // MARK: HALS

  /// The coordinate updates of one row, written out: the reference for the kernel.
  func referenceSweep<Scalar: BLASScalar>(
    _ factor: inout [Scalar], rows: Int, k: Int, gram: [Scalar], cross: [Scalar], violations: inout [Scalar], path: VectorKernels.Path
  ) {
    for i in 0..<rows {
      for t in 0..<k {
        var gradient = -cross[i * k + t]
        for r in 0..<k { gradient = multiplyAdd(gram[t * k + r], factor[i * k + r], gradient, on: path) }
        let projected = factor[i * k + t] == 0 ? Swift.min(0, gradient) : gradient
        violations[t * rows + i] = Swift.abs(projected)
        let hessian = gram[t * k + t]
        if hessian != 0 { factor[i * k + t] = Swift.max(factor[i * k + t] - gradient / hessian, 0) }
      }
    }
  }

  func checkHALS<Scalar: BLASScalar>(_: Scalar.Type, path: VectorKernels.Path) {
    for (rows, k) in [(1, 1), (5, 3), (33, 7), (70, 12), (129, 20)] {
      var factor = values(Scalar.self, count: rows * k, in: 0..<1, seed: UInt64(rows + k))
      for index in stride(from: 0, to: factor.count, by: 5) { factor[index] = 0 }
      let basis = Matrix<Scalar>.random(rows: k + 2, columns: k, seed: 3)
      var gram = (basis.transposed * basis).elements
      if k > 2 { gram[k + 1] = 0 }  // a zero curvature: that entry is not moved
      let cross = values(Scalar.self, count: rows * k, in: -1..<3, seed: 4)
      var expected = factor
      var expectedViolations = [Scalar](repeating: 0, count: rows * k)
      referenceSweep(&expected, rows: rows, k: k, gram: gram, cross: cross, violations: &expectedViolations, path: path)
      // Whole, and split at an arbitrary row: the same bits.
      for split in Set([rows, rows / 3]) {
        var got = factor
        var violations = [Scalar](repeating: -1, count: rows * k)
        got.withUnsafeMutableBufferPointer { f in
          gram.withUnsafeBufferPointer { g in
            cross.withUnsafeBufferPointer { c in
              violations.withUnsafeMutableBufferPointer { v in
                for range in [0..<split, split..<rows] where !range.isEmpty {
                  Scalar._halsSweep(
                    begin: range.lowerBound, end: range.upperBound, k: k, rows: rows, factor: f._viewBase, gram: g._viewBase,
                    cross: c._viewBase, violations: v._viewBase)
                }
              }
            }
          }
        }
        #expect(got == expected && violations == expectedViolations, "HALS \(Scalar.self) \(rows)×\(k) split at \(split) on \(path)")
      }
    }
  }

  @Test func halsSweepIsTheCoordinateUpdateOnEveryPathForAnySplit() {
    forEachKernelPath { path in
      checkHALS(Float.self, path: path)
      checkHALS(Double.self, path: path)
    }
  }

  // MARK: Block rows and transposes

  func checkBlockRow<Scalar: BLASScalar>(_: Scalar.Type, path: VectorKernels.Path) {
    for (m, inner, n, terms) in [(1, 1, 1, 1), (3, 5, 7, 3), (8, 8, 40, 4), (7, 2, 17, 5), (32, 32, 33, 2), (4, 4, 1, 0)] {
      for transposed in [false, true] {
        let blockCount = terms + 2
        let blockSize = m * inner
        let blocks = values(Scalar.self, count: blockCount * blockSize, in: -1..<1, seed: 21)
        let x = Matrix<Scalar>.random(rows: inner * 4, columns: n + 3, in: -1..<1, seed: 22)
        let positions = (0..<terms).map { (blockCount - 1 - $0) }
        let inputs = (0..<terms).map { ($0 * 3) % 4 }
        let c0 = Matrix<Scalar>.random(rows: m, columns: n, seed: 23)
        // Block `p` as `m × inner`: stored row-major, or stored `inner × m` and read transposed.
        func a(_ p: Int, _ i: Int, _ q: Int) -> Scalar { blocks[p * blockSize + (transposed ? q * m + i : i * inner + q)] }
        for (alpha, beta) in [(Scalar(1), Scalar(0)), (1, 1), (2, 0.5)] {
          var c = c0
          blocks.withUnsafeBufferPointer { b in
            positions.withUnsafeBufferPointer { p in
              inputs.withUnsafeBufferPointer { ins in
                x.withUnsafeBufferPointer { xb in
                  c.withUnsafeMutableBufferPointer { cb in
                    Scalar._blockRowProduct(
                      m: m, n: n, inner: inner, terms: terms, blocks: b._viewBase, blockStride: blockSize, positions: p._viewBase,
                      aRowStride: transposed ? 1 : inner, aColumnStride: transposed ? m : 1, x: xb._viewBase, ldx: n + 3,
                      inputs: ins._viewBase, alpha: alpha, beta: beta, c: cb._viewBase, ldc: n)
                  }
                }
              }
            }
          }
          for i in 0..<m {
            for j in 0..<n {
              var total: Scalar = 0
              for t in 0..<terms {
                for q in 0..<inner { total = multiplyAdd(a(positions[t], i, q), x[inputs[t] * inner + q, j], total, on: path) }
              }
              let expected: Scalar
              if terms == 0 { expected = beta == 0 ? 0 : beta * c0[i, j] }
              else if alpha == 1 && beta == 0 { expected = total }
              else if alpha == 1 && beta == 1 { expected = c0[i, j] + total }
              else { expected = c0[i, j] * beta + total * alpha }
              #expect(c[i, j] == expected, "\(Scalar.self) m \(m) inner \(inner) n \(n) terms \(terms) transposed \(transposed) α \(alpha) β \(beta) (\(i), \(j)) on \(path)")
            }
          }
        }
      }
    }
  }

  @Test func blockRowProductSumsEveryTermOnEveryPath() {
    forEachKernelPath { path in
      checkBlockRow(Float.self, path: path)
      checkBlockRow(Double.self, path: path)
    }
  }

  @Test func transposeIsExactAroundEveryTileEdge() {
    forEachKernelPath { path in
      for (rows, columns) in [(0, 3), (1, 1), (3, 5), (4, 4), (5, 9), (31, 33), (33, 31), (64, 65)] {
        let source = Matrix<Double>.random(rows: rows, columns: columns + 2, seed: 31)
        var target = [Double](repeating: -1, count: columns * (rows + 1))
        source.withUnsafeBufferPointer { s in
          target.withUnsafeMutableBufferPointer {
            Double._transpose(rows: rows, columns: columns, source: s._viewBase, lds: columns + 2, target: $0._viewBase, ldt: rows + 1)
          }
        }
        var expected = [Double](repeating: -1, count: columns * (rows + 1))
        for i in 0..<rows { for j in 0..<columns { expected[j * (rows + 1) + i] = source[i, j] } }
        #expect(target == expected, "\(rows)×\(columns) on \(path)")
        let float = Matrix<Float>.random(rows: rows, columns: columns, seed: 32)
        #expect(float.transposed.transposed == float)
      }
    }
  }
}
