/// The small kernels the recommender solvers share: the one parallel loop they all run
/// through, a dense k × k Cholesky factorization with its triangular solves, and
/// length-k dot products and updates.
///
/// k is the number of factors (tens, rarely more than a few hundred), so one system is far
/// too small for a LAPACK call to pay for itself, while thousands of them per sweep are
/// independent: each task factors its own systems with these kernels.
enum RecommenderKernels {
  /// Runs `body` on contiguous ranges of `0..<count` that together cover it once, on up to
  /// `threads` cores (`nil`: all of them), through the library's scheduler (``ParallelLoop``),
  /// with BLAS calls made inside single-threaded.
  ///
  /// Every parallel loop of the recommenders goes through here. Callers make each index's
  /// result depend on that index alone, so results are identical for any thread count. Each
  /// index is at least one `k × k` solve, so the loops always use the cores they may.
  static func forEachChunk(count: Int, threads: Int?, _ body: @Sendable (Range<Int>) -> Void) {
    ParallelLoop.forEachChunk(count, work: .max, parameters: ParallelParameters(coreCount: threads), body)
  }

  /// Factors the symmetric positive definite `n × n` row-major matrix at `a` (lower
  /// triangle read) in place into `L` with `A = L·Lᵀ`, `L` in the lower triangle; the upper
  /// triangle is left as it was. Returns `false` when a pivot is not positive (the matrix
  /// is not numerically positive definite).
  /// - Complexity: O(n³/3).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func choleskyFactor<Scalar: BLASScalar>(_ a: UnsafeMutablePointer<Scalar>, _ n: Int) -> Bool {
    for j in 0..<n {
      var diagonal = a[j * n + j]
      for p in 0..<j { diagonal -= a[j * n + p] * a[j * n + p] }
      guard diagonal > 0, diagonal.isFinite else { return false }
      let pivot = diagonal.squareRoot()
      a[j * n + j] = pivot
      let inverse = 1 / pivot
      for i in (j + 1)..<Swift.max(j + 1, n) {
        var sum = a[i * n + j]
        for p in 0..<j { sum -= a[i * n + p] * a[j * n + p] }
        a[i * n + j] = sum * inverse
      }
    }
    return true
  }

  /// Solves `L·y = b` in place (`b` becomes `y`) with `L` the lower triangle at `l`.
  /// - Complexity: O(n²).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func solveLower<Scalar: BLASScalar>(_ l: UnsafePointer<Scalar>, _ n: Int, _ b: UnsafeMutablePointer<Scalar>) {
    for i in 0..<n {
      var sum = b[i]
      for p in 0..<i { sum -= l[i * n + p] * b[p] }
      b[i] = sum / l[i * n + i]
    }
  }

  /// Solves `Lᵀ·x = y` in place (`y` becomes `x`) with `L` the lower triangle at `l`.
  /// - Complexity: O(n²).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func solveLowerTransposed<Scalar: BLASScalar>(_ l: UnsafePointer<Scalar>, _ n: Int, _ y: UnsafeMutablePointer<Scalar>) {
    for i in stride(from: n - 1, through: 0, by: -1) {
      var sum = y[i]
      for p in (i + 1)..<Swift.max(i + 1, n) { sum -= l[p * n + i] * y[p] }
      y[i] = sum / l[i * n + i]
    }
  }

  /// Solves `A·x = b` for symmetric positive definite `A` (lower triangle read, then
  /// overwritten by its Cholesky factor); `b` becomes `x`. Returns `false` when `A` is not
  /// positive definite (`b` is then unchanged).
  static func choleskySolve<Scalar: BLASScalar>(_ a: UnsafeMutablePointer<Scalar>, _ n: Int, _ b: UnsafeMutablePointer<Scalar>) -> Bool {
    guard choleskyFactor(a, n) else { return false }
    solveLower(a, n, b)
    solveLowerTransposed(a, n, b)
    return true
  }

  /// `xᵀy` over `n` entries, accumulated in eight lanes then summed (a fixed order, so
  /// the result does not depend on where the call runs).
  @inline(__always)
  static func dot<Scalar: BLASScalar>(_ x: UnsafePointer<Scalar>, _ y: UnsafePointer<Scalar>, _ n: Int) -> Scalar {
    var lanes = SIMD8<Scalar>()
    var f = 0
    while f + 8 <= n {
      // `addProduct` would call the C library's fma once per lane on baseline x86-64.
      lanes += UnsafeRawPointer(x + f).loadUnaligned(as: SIMD8<Scalar>.self)
        * UnsafeRawPointer(y + f).loadUnaligned(as: SIMD8<Scalar>.self)
      f += 8
    }
    var sum = lanes.sum()
    while f < n {
      sum += x[f] * y[f]
      f += 1
    }
    return sum
  }

  /// `y ← y + alpha·x` over `n` entries.
  @inline(__always)
  static func axpy<Scalar: BLASScalar>(_ alpha: Scalar, _ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, _ n: Int) {
    for f in 0..<n { y[f] += alpha * x[f] }
  }

  /// `y ← S·x` for the symmetric `n × n` row-major `S` (every entry stored), as a sum of
  /// scaled rows.
  @inline(__always)
  static func symmetricProduct<Scalar: BLASScalar>(
    _ s: UnsafePointer<Scalar>, _ x: UnsafePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>, _ n: Int
  ) {
    for f in 0..<n { y[f] = 0 }
    for c in 0..<n { axpy(x[c], s + c * n, y, n) }
  }
}
