// How far W·H is from X: the relative Frobenius error (computed without forming W·H) and
// the losses the stopping rules watch.

extension NMF {
  /// `‖X − W·Hᵗᵀ‖_F / ‖X‖_F` without forming `W·Hᵗᵀ`:
  /// `‖X‖² − 2·⟨W, X·Hᵗ⟩ + ⟨WᵀW, HᵗᵀHᵗ⟩`. A zero `X` has relative error 0.
  /// - Complexity: one product with `X` and O((m + n)·k²).
  func relativeError<Input: NMFInput>(_ x: Input, w: Matrix<Scalar>, ht: Matrix<Scalar>) -> Scalar where Input.Scalar == Scalar {
    let normX = x.squaredFrobeniusNorm
    guard normX > 0 else { return 0 }
    // Single-threaded BLAS calls, as inside the solvers: the same bits there and here.
    return BLAS.withSingleThreadedCalls {
      _relativeError(squaredNormX: normX, w: w, crossWH: x.applied(to: ht), gramW: gram(w), gramH: gram(ht))
    }
  }

  /// `‖X − W·Hᵗᵀ‖_F / ‖X‖_F` from `‖X‖²`, `X·Hᵗ`, `WᵀW` and `HᵗᵀHᵗ`, as ``relativeError(_:w:ht:)``.
  func _relativeError(
    squaredNormX normX: Scalar, w: Matrix<Scalar>, crossWH: Matrix<Scalar>, gramW: Matrix<Scalar>, gramH: Matrix<Scalar>
  ) -> Scalar {
    guard normX > 0 else { return 0 }
    let crossInner = _inner(w, crossWH)
    let gramInner = _inner(gramW, gramH)
    return (Swift.max(0, normX - 2 * crossInner + gramInner) / normX).squareRoot()
  }

  /// `Σ aᵢⱼ·bᵢⱼ` through BLAS `dot`.
  func _inner(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Scalar {
    a._storage.withUnsafeBufferPointer { a in
      b._storage.withUnsafeBufferPointer { b in
        Scalar.dot(count: BLAS.int32(a.count, "NMF error"), x: a._viewBase, incrementX: 1, y: b._viewBase, incrementY: 1)
      }
    }
  }

  /// `Fᵀ·F` (`k × k`) for a factor `F` (`W` or `Hᵀ`).
  func gram(_ factor: Matrix<Scalar>) -> Matrix<Scalar> {
    var result = Matrix<Scalar>(rows: components, columns: components)
    gram(factor, into: &result)
    return result
  }

  /// `Fᵀ·F` (`k × k`) into `result`, reusing its storage.
  func gram(_ factor: Matrix<Scalar>, into result: inout Matrix<Scalar>) {
    factor.withUnsafeView { f in
      result.withUnsafeMutableView { g in BLAS.gemm(f, transposeA: true, f, transposeB: false, into: g) }
    }
  }

  /// The Frobenius loss the multiplicative stopping rule watches: `‖X − WH‖_F`.
  func frobeniusLoss<Input: NMFInput>(_ x: Input, w: Matrix<Scalar>, ht: Matrix<Scalar>) -> Scalar where Input.Scalar == Scalar {
    relativeError(x, w: w, ht: ht) * x.squaredFrobeniusNorm.squareRoot()
  }

  /// The Kullback–Leibler loss the multiplicative stopping rule watches, as scikit-learn:
  /// `sqrt(2·KL(X ‖ WH))`, `KL = Σ x·log(x / y) − x + y` with `Σ y = Σ_t (Σ_i W_it)(Σ_j H_tj)`.
  func kullbackLeiblerLoss<Input: KullbackLeiblerNMFInput>(_ x: Input, w: Matrix<Scalar>, ht: Matrix<Scalar>) -> Scalar
  where Input.Scalar == Scalar {
    let (_, xLogXOverY, sumX) = x.klQuotient(w: w, ht: ht, floor: Self.epsilon)
    let columnSumsW = w.sum(along: .rows)._storage
    let columnSumsHt = ht.sum(along: .rows)._storage
    let sumY = zip(columnSumsW, columnSumsHt).reduce(0) { $0 + $1.0 * $1.1 }
    return (2 * Swift.max(0, xLogXOverY - sumX + sumY)).squareRoot()
  }
}
