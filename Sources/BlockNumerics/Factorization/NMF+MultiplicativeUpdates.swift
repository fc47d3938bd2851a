// NMF by multiplicative updates (Lee & Seung 2001; scikit-learn's solver='mu'), for the
// Frobenius and the Kullback–Leibler loss.

extension NMF {
  /// Runs multiplicative updates on `w` (`m × k`) and `ht` (`Hᵀ`, `n × k`); with `updatesW`
  /// false only `ht` moves. Every ``errorCheckInterval`` iterations the relative error is
  /// recorded and the stopping rule checked: the loss must have fallen by at least
  /// `tolerance` times the initial loss since the last check.
  ///
  /// - Parameters:
  ///   - terms: the numerator and denominator of one factor's update (`W`, or `Hᵀ` when
  ///     `transposed`) with the other factor fixed.
  ///   - loss: the loss the stopping rule watches.
  func multiplicativeUpdates<Input: NMFInput>(
    _ x: Input, w: inout Matrix<Scalar>, ht: inout Matrix<Scalar>, updatesW: Bool, progress: ((Int, Scalar) -> Void)?,
    terms: (_ factor: Matrix<Scalar>, _ fixed: Matrix<Scalar>, _ transposed: Bool) -> (numerator: Matrix<Scalar>, denominator: Matrix<Scalar>),
    loss: (_ w: Matrix<Scalar>, _ ht: Matrix<Scalar>) -> Scalar
  ) -> IterationHistory where Input.Scalar == Scalar {
    let (l1W, l2W, l1H, l2H) = regularization(rows: x.rows, columns: x.columns)
    var history = IterationHistory(errors: [relativeError(x, w: w, ht: ht)])
    func update(_ factor: inout Matrix<Scalar>, fixed: Matrix<Scalar>, transposed: Bool, l1: Scalar, l2: Scalar) {
      var (numerator, denominator) = terms(factor, fixed, transposed)
      _multiplicativeStep(&factor, numerator: numerator, denominator: &denominator, l1: l1, l2: l2, epsilon: Self.epsilon)
    }
    let initialLoss = loss(w, ht)
    var previousLoss = initialLoss
    while history.iterations < maxIterations {
      history.iterations += 1
      if updatesW { update(&w, fixed: ht, transposed: false, l1: l1W, l2: l2W) }
      update(&ht, fixed: w, transposed: true, l1: l1H, l2: l2H)
      if history.iterations % errorCheckInterval == 0 {
        let error = relativeError(x, w: w, ht: ht)
        history.errors.append(error)
        progress?(history.iterations, error)
        let current = loss(w, ht)
        if tolerance > 0 && initialLoss > 0 && (previousLoss - current) / initialLoss < tolerance {
          history.converged = true
          break
        }
        previousLoss = current
      }
    }
    return history
  }

  /// The Frobenius terms: `W ← W ∘ (X·Hᵀ) / (W·H·Hᵀ)`; `Hᵀ ← Hᵀ ∘ (Xᵀ·W) / (Hᵀ·Wᵀ·W)`.
  func frobeniusTerms<Input: NMFInput>(
    _ x: Input, factor: Matrix<Scalar>, fixed: Matrix<Scalar>, transposed: Bool
  ) -> (numerator: Matrix<Scalar>, denominator: Matrix<Scalar>) where Input.Scalar == Scalar {
    (transposed ? x.transposeApplied(to: fixed) : x.applied(to: fixed), factor._rowParallelProduct(gram(fixed)))
  }

  /// The Kullback–Leibler terms: `W ← W ∘ ((X ⊘ WH)·Hᵀ) / (1·Hᵀ)`;
  /// `Hᵀ ← Hᵀ ∘ ((X ⊘ WH)ᵀ·W) / (1ᵀ·W)`.
  func kullbackLeiblerTerms<Input: KullbackLeiblerNMFInput>(
    _ x: Input, factor: Matrix<Scalar>, fixed: Matrix<Scalar>, transposed: Bool
  ) -> (numerator: Matrix<Scalar>, denominator: Matrix<Scalar>) where Input.Scalar == Scalar {
    let (w, ht) = transposed ? (fixed, factor) : (factor, fixed)
    let quotient = x.klQuotient(w: w, ht: ht, floor: Self.epsilon).quotient
    let numerator = transposed ? quotient.transposeApplied(to: fixed) : quotient.applied(to: fixed)
    let sums = fixed.sum(along: .rows)._storage
    return (numerator, Matrix(_unchecked: factor.rows, components, (0..<factor.count).map { sums[$0 % components] }))
  }

  /// scikit-learn's floor for denominators and for `WH` under the KL loss (float32's epsilon).
  package static var epsilon: Scalar { Scalar(Float.ulpOfOne) }
}

/// `factor ← factor ∘ numerator / (denominator + l1 + l2·factor)`, zero denominators
/// replaced by `epsilon` (scikit-learn's multiplicative step). Package-visible: the
/// distributed NMF runs the same step on each process's rows.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
package func _multiplicativeStep<Scalar: BLASScalar>(
  _ factor: inout Matrix<Scalar>, numerator: Matrix<Scalar>, denominator: inout Matrix<Scalar>, l1: Scalar, l2: Scalar, epsilon: Scalar
) {
  factor._storage.withUnsafeMutableBufferPointer { f in
    numerator._storage.withUnsafeBufferPointer { n in
      denominator._storage.withUnsafeMutableBufferPointer { d in
        for index in f.indices {
          var denominator = d[index] + l1 + l2 * f[index]
          if denominator == 0 { denominator = epsilon }
          f[index] *= n[index] / denominator
        }
      }
    }
  }
}
