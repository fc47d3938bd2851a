// NMF by hierarchical alternating least squares (HALS): exact non-negative coordinate
// updates, one row of a factor at a time, split across cores.

extension NMF {
  /// Runs HALS on `w` (`m × k`) and `ht` (`Hᵀ`, `n × k`, kept transposed so that both
  /// factors are updated row by row the same way); with `updatesW` false only `ht` moves.
  ///
  /// Every buffer is made once: an iteration allocates nothing. Every product is a
  /// row-parallel product or a single-threaded BLAS call (the caller runs inside
  /// ``BLAS/withSingleThreadedCalls(_:)``), so OpenBLAS's threads neither wake for the tiny
  /// `k × k` products nor compete with the split products, and the bits do not depend on
  /// the thread count.
  func halsIterations<Input: NMFInput>(
    _ x: Input, w: inout Matrix<Scalar>, ht: inout Matrix<Scalar>, updatesW: Bool, progress: ((Int, Scalar) -> Void)?
  ) -> IterationHistory where Input.Scalar == Scalar {
    let (l1W, l2W, l1H, l2H) = regularization(rows: x.rows, columns: x.columns)
    var history = IterationHistory(errors: [relativeError(x, w: w, ht: ht)])
    let k = components
    var cross = Matrix<Scalar>(rows: x.rows, columns: k)  // X·Hᵀ, then minus l1W
    var crossT = Matrix<Scalar>(rows: x.columns, columns: k)  // Xᵀ·W, then minus l1H
    var gramH = Matrix<Scalar>(rows: k, columns: k)  // H·Hᵀ
    var gramW = Matrix<Scalar>(rows: k, columns: k)  // Wᵀ·W
    var ridged = Matrix<Scalar>(rows: k, columns: k)  // a Gram matrix plus its ridge
    var scratch = [Scalar](repeating: 0, count: Swift.max(x.rows, x.columns) * k)
    let squaredNormX = x.squaredFrobeniusNorm
    // An error due after iteration j is recorded at the start of iteration j + 1, from
    // the X·Hᵀ and the two Gram matrices that iteration computes anyway (H and W have not
    // changed in between): the same numbers as ``relativeError(_:w:ht:)`` without its
    // extra pass over X.
    var pending: Int? = nil
    func record(_ iteration: Int, _ error: Scalar) {
      history.errors.append(error)
      progress?(iteration, error)
    }
    func recordPending() {
      guard let iteration = pending else { return }
      pending = nil
      record(iteration, _relativeError(squaredNormX: squaredNormX, w: w, crossWH: cross, gramW: gramW, gramH: gramH))
    }
    var initialViolation: Scalar = 0
    while history.iterations < maxIterations {
      history.iterations += 1
      let iteration = history.iterations
      var violation: Scalar = 0
      if updatesW {
        x.applied(to: ht, into: &cross)
        gram(ht, into: &gramH)
        recordPending()
        if l1W != 0 { cross._subtract(l1W) }
        violation += _coordinateDescentSweep(&w, gram: _withRidge(gramH, l2W, scratch: &ridged), cross: cross, scratch: &scratch)
      }
      // With W fixed (transform), Xᵀ·W and WᵀW are the same every iteration.
      if updatesW || iteration == 1 {
        x.transposeApplied(to: w, into: &crossT)
        gram(w, into: &gramW)
        if l1H != 0 { crossT._subtract(l1H) }
      }
      violation += _coordinateDescentSweep(&ht, gram: _withRidge(gramW, l2H, scratch: &ridged), cross: crossT, scratch: &scratch)
      if iteration % errorCheckInterval == 0 {
        if updatesW && iteration < maxIterations {
          pending = iteration
        } else {
          record(iteration, relativeError(x, w: w, ht: ht))
        }
      }
      if iteration == 1 { initialViolation = violation }
      if tolerance > 0 && (initialViolation == 0 || violation / initialViolation <= tolerance) {
        history.converged = true
        break
      }
    }
    // Stopped early with an error still due: it needs its own pass over X.
    if let iteration = pending { record(iteration, relativeError(x, w: w, ht: ht)) }
    return history
  }

  /// `gram`, or `gram + ridge·I` built in `scratch` when `ridge ≠ 0` (the L2 regularization).
  /// Package-visible: the distributed NMF applies the same ridge.
  package func _withRidge(_ gram: Matrix<Scalar>, _ ridge: Scalar, scratch: inout Matrix<Scalar>) -> Matrix<Scalar> {
    guard ridge != 0 else { return gram }
    scratch = gram
    for t in 0..<components { scratch._storage[t * components + t] += ridge }
    return scratch
  }
}

/// One sweep of exact non-negative coordinate updates over every entry of `factor`
/// (`rows × k`), each row's entry moved to the minimiser of the quadratic
/// `½ fᵀ·gram·f − crossᵀ·f` given the others, clipped at 0 (HALS; the arithmetic of
/// scikit-learn's `_update_cdnmf_fast`). Returns the sum of the projected gradients'
/// magnitudes before the updates, the stopping rule's violation.
///
/// scikit-learn sweeps component by component, each over all rows. Rows never read each
/// other (an entry's update reads only its own row, `gram` and `cross`), so running each
/// row through all components in order gives every entry the same operations in the same
/// order. That order lets the vector kernel (``VectorKernels``) take rows a group at a time
/// in vector lanes, and lets panels of rows go to different cores. The violation's terms go
/// to `scratch` and are summed component by component, row by row, as scikit-learn adds
/// them, so it too is the same for any split.
///
/// `cores` caps the cores the rows are split over (all of them when nil): the distributed
/// NMF sweeps each process's rows on the cores that process was given. Package-visible so
/// that it runs the same update.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
package func _coordinateDescentSweep<Scalar: BLASScalar>(
  _ factor: inout Matrix<Scalar>, gram: Matrix<Scalar>, cross: Matrix<Scalar>, scratch: inout [Scalar], cores: Int? = nil
) -> Scalar {
  let rows = factor.rows
  let k = factor.columns
  precondition(scratch.count >= rows * k, "_coordinateDescentSweep: scratch too small")
  factor._storage.withUnsafeMutableBufferPointer { f in
    gram._storage.withUnsafeBufferPointer { g in
      cross._storage.withUnsafeBufferPointer { c in
        scratch.withUnsafeMutableBufferPointer { v in
          guard let fBase = f.baseAddress, let gBase = g.baseAddress, let cBase = c.baseAddress, let vBase = v.baseAddress else {
            return
          }
          let rowsPointer = UnsafeSendablePointer(fBase)
          let gramPointer = UnsafeSendablePointer(readOnly: gBase)
          let crossPointer = UnsafeSendablePointer(readOnly: cBase)
          let violations = UnsafeSendablePointer(vBase)
          // One panel of rows per core, boundaries on multiples of 32 so that the kernel's
          // groups of rows stay whole; small sweeps stay on one core (see ParallelParameters).
          ParallelLoop.forEachChunk(
            rows, work: rows * k * k, chunksPerCore: 1, minimumChunk: 32, alignment: 32, parameters: ParallelParameters(coreCount: cores)
          ) { range in
            Scalar._halsSweep(
              begin: range.lowerBound, end: range.upperBound, k: k, rows: rows, factor: rowsPointer.base,
              gram: gramPointer.base, cross: crossPointer.base, violations: violations.base)
          }
        }
      }
    }
  }
  var violation: Scalar = 0
  scratch.withUnsafeBufferPointer { v in
    for index in 0..<(rows * k) { violation += v[index] }
  }
  return violation
}

extension Matrix {
  /// Subtracts `shift` from every entry in place (as `self - shift`, without a new matrix).
  mutating func _subtract(_ shift: Scalar) {
    _storage.withUnsafeMutableBufferPointer { entries in
      for index in entries.indices { entries[index] -= shift }
    }
  }
}
