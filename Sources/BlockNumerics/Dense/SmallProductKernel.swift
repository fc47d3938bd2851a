// The choice between the small-product kernel and BLAS for one product, and the kernel's
// Swift entry point. The kernel itself is C (Sources/CKernels/SmallProductBody.h), compiled
// for AVX-512, AVX2 with FMA and the portable baseline (see VectorKernels).

/// Which products go to the small-product kernel rather than to BLAS.
@usableFromInline
struct SmallProductParameters: Sendable, Equatable {
  /// Products with at most this many multiply-adds go to the kernel, whatever their shape.
  @usableFromInline var tinyWork: Int
  /// Products with two of `m`, `n`, `k` at most this go to the kernel whatever the third:
  /// BLAS packs its operands even for such thin products and reaches a fraction of its speed.
  @usableFromInline var thinSide: Int
  /// Products with every side at most this go to the kernel: a BLAS call packs both new
  /// operands and clears `C` first, which costs more than the arithmetic at these sizes.
  @usableFromInline var maximumSide: Int

  /// Parameters; see each property.
  @usableFromInline
  init(tinyWork: Int = 512, thinSide: Int = 4, maximumSide: Int = 48) {
    self.tinyWork = tinyWork
    self.thinSide = thinSide
    self.maximumSide = maximumSide
  }

  /// The defaults, measured on x86-64 with OpenBLAS 0.3.21.
  @usableFromInline static let automatic = SmallProductParameters()

  /// Whether an `m × k` times `k × n` product goes to the kernel; one column goes to `gemv`.
  @inlinable
  func usesKernel(m: Int, n: Int, k: Int) -> Bool {
    let thin = (m <= thinSide ? 1 : 0) + (n <= thinSide ? 1 : 0) + (k <= thinSide ? 1 : 0)
    if thin >= 2 || m &* n &* k <= tinyWork { return true }
    return n > 1 && Swift.max(m, n, k) <= maximumSide
  }
}

/// `C ← alpha·op(A)·op(B) + beta·C` on views, by whichever is faster for the shape: the
/// small-product kernel (``SmallProductParameters``), BLAS `gemv` for one column, or BLAS
/// `gemm`. Shapes must already agree; with `beta == 0`, `C` is not read.
///
/// Batched products, block-sparse kernels and block-sparse layers all multiply through it.
@inlinable
func _smallOrBLASProduct<Scalar: BLASScalar>(
  _ a: MatrixView<Scalar>, transposeA: Bool = false, _ b: MatrixView<Scalar>, transposeB: Bool = false,
  alpha: Scalar = 1, beta: Scalar = 0, into c: MutableMatrixView<Scalar>,
  parameters: SmallProductParameters = .automatic
) {
  let k = transposeA ? a.rows : a.columns
  if parameters.usesKernel(m: c.rows, n: c.columns, k: k) {
    SmallProductKernel.multiply(
      a, transposeA: transposeA, b, transposeB: transposeB, alpha: alpha, beta: beta, into: c)
  } else if c.columns == 1 && !transposeB && b.leadingDimension == 1 && c.leadingDimension == 1 {
    // One right-hand column, contiguous: a matrix–vector product.
    BLAS.gemv(a, transpose: transposeA, x: b.base, alpha: alpha, beta: beta, into: c.base)
  } else {
    BLAS.gemm(a, transposeA: transposeA, b, transposeB: transposeB, alpha: alpha, beta: beta, into: c)
  }
}

/// `C ← alpha·op(A)·op(B) + beta·C` for small row-major operands, by the library's vector
/// kernel (``VectorKernels``).
///
/// C is computed in register tiles (AVX-512: 8 rows by 16 Double or 32 Float columns; AVX2:
/// 4 by 8 or 16; portable: 2 by 8 or 16), each holding its sums across the whole inner
/// dimension; partial tiles at the edges use masked loads and stores. Each entry of C sums
/// over `k` in ascending order — a fused multiply-add per step on the AVX paths, a multiply
/// then an add on the portable one — whichever tile computes it, and is then stored as
/// `C ← Σ`, `C ← C + Σ` or `C ← beta·C + alpha·Σ`, as BLAS does; so results do not depend on
/// how the caller splits work. `C ← Σ` and `C ← C + Σ`, the updates batched and block-sparse
/// products make, are compiled separately, without scaling or a test per tile (the tile
/// update is a constant in the C body, as `_TileUpdate` was in the Swift kernel this
/// replaces). A transposed `A` is read in place through its strides; a transposed `B` is
/// first copied into its transpose (O(k·n) against O(m·n·k) arithmetic).
///
/// Measured on one core of an AMD EPYC (Zen 4), 16 × 16 Double operands in cache: ~175 ns a
/// product on the AVX-512 and AVX2 paths, ~440 ns on the portable one (the Swift SSE2 kernel
/// it replaces: ~570 ns); a single-threaded `cblas_dgemm` (OpenBLAS 0.3.21, Cooperlake
/// kernels) ~210–430 ns in cache but 0.9–1.4 µs when, as in a batch, each call meets new
/// operands it must pack.
@usableFromInline
enum SmallProductKernel {
  /// `C ← alpha·op(A)·op(B) + beta·C` on views with matching shapes; with `beta == 0`, `C`
  /// is not read, and with `alpha == 0` (or an empty inner dimension) `A` and `B` are not.
  @inlinable
  static func multiply<Scalar: BLASScalar>(
    _ a: MatrixView<Scalar>, transposeA: Bool = false, _ b: MatrixView<Scalar>, transposeB: Bool = false,
    alpha: Scalar = 1, beta: Scalar = 0, into c: MutableMatrixView<Scalar>
  ) {
    Scalar._smallProduct(
      m: c.rows, n: c.columns, k: transposeA ? a.rows : a.columns, alpha: alpha, a: a.base,
      aRowStride: transposeA ? 1 : a.leadingDimension, aColumnStride: transposeA ? a.leadingDimension : 1,
      b: b.base, ldb: b.leadingDimension, transposeB: transposeB, beta: beta, c: c.base, ldc: c.leadingDimension)
  }
}
