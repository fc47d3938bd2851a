// Shape-aware BLAS calls on matrix views: the one place that turns Swift `Int` sizes into
// the `Int32` the C interfaces take, and that handles the zero-sized edge cases BLAS
// implementations treat inconsistently.

extension BLAS {
  /// `value` as the 32-bit integer CBLAS and LAPACKE take; stops when it does not fit.
  @inlinable @inline(__always)
  static func int32(_ value: Int, _ operation: @autoclosure () -> String) -> Int32 {
    guard let narrow = Int32(exactly: value) else {
      preconditionFailure("\(operation()): size \(value) exceeds the 32-bit BLAS/LAPACK interface")
    }
    return narrow
  }

  /// `C ← alpha·op(A)·op(B) + beta·C` on views; shapes must already agree.
  ///
  /// With `beta == 0`, `C` is not read (NaN in it does not propagate), as BLAS specifies.
  @inlinable
  static func gemm<Scalar: BLASScalar>(
    _ a: MatrixView<Scalar>, transposeA: Bool, _ b: MatrixView<Scalar>, transposeB: Bool,
    alpha: Scalar = 1, beta: Scalar = 0, into c: MutableMatrixView<Scalar>
  ) {
    let m = c.rows
    let n = c.columns
    let k = transposeA ? a.rows : a.columns
    if m == 0 || n == 0 { return }
    if k == 0 || alpha == 0 {
      scale(c, by: beta)
      return
    }
    Scalar.gemm(
      transposeA: transposeA, transposeB: transposeB,
      m: int32(m, "gemm"), n: int32(n, "gemm"), k: int32(k, "gemm"), alpha: alpha,
      a: a.base, lda: int32(a.leadingDimension, "gemm"),
      b: b.base, ldb: int32(b.leadingDimension, "gemm"),
      beta: beta, c: c.base, ldc: int32(c.leadingDimension, "gemm"))
  }

  /// `y ← alpha·op(A)·x + beta·y` on a view and contiguous vectors.
  @inlinable
  static func gemv<Scalar: BLASScalar>(
    _ a: MatrixView<Scalar>, transpose: Bool, x: UnsafePointer<Scalar>,
    alpha: Scalar = 1, beta: Scalar = 0, into y: UnsafeMutablePointer<Scalar>
  ) {
    let outputCount = transpose ? a.columns : a.rows
    let inputCount = transpose ? a.rows : a.columns
    if outputCount == 0 { return }
    if inputCount == 0 || alpha == 0 {
      let yBuffer = UnsafeMutableBufferPointer(start: y, count: outputCount)
      for i in yBuffer.indices { yBuffer[i] = beta == 0 ? 0 : beta * yBuffer[i] }
      return
    }
    Scalar.gemv(
      transpose: transpose, rows: int32(a.rows, "gemv"), columns: int32(a.columns, "gemv"),
      alpha: alpha, a: a.base, lda: int32(a.leadingDimension, "gemv"), x: x, incrementX: 1,
      beta: beta, y: y, incrementY: 1)
  }

  /// `C ← beta·C` on a view; `beta == 0` writes exact zeros.
  @inlinable
  static func scale<Scalar: BLASScalar>(_ c: MutableMatrixView<Scalar>, by beta: Scalar) {
    if beta == 1 { return }
    for i in 0..<c.rows {
      let row = c.base + i * c.leadingDimension
      if beta == 0 {
        row.update(repeating: 0, count: c.columns)
      } else {
        Scalar.scal(count: int32(c.columns, "scal"), alpha: beta, x: row, incrementX: 1)
      }
    }
  }
}
