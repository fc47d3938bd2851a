import CLinearAlgebra
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `Float` computes with the single-precision (`s`) BLAS and LAPACK routines.
extension Float: BLASScalar {
  @inline(__always)
  private static func transposeFlag(_ transpose: Bool) -> CBLAS_TRANSPOSE {
    transpose ? CblasTrans : CblasNoTrans
  }

  /// Forwards to `cblas_saxpy` (row-major).
  public static func axpy(
    count: Int32, alpha: Float, x: UnsafePointer<Float>, incrementX: Int32,
    y: UnsafeMutablePointer<Float>, incrementY: Int32
  ) {
    BLAS.checkKernelsOnce()
    cblas_saxpy(count, alpha, x, incrementX, y, incrementY)
  }

  /// Forwards to `cblas_sscal` (row-major).
  public static func scal(count: Int32, alpha: Float, x: UnsafeMutablePointer<Float>, incrementX: Int32) {
    BLAS.checkKernelsOnce()
    cblas_sscal(count, alpha, x, incrementX)
  }

  /// Forwards to `cblas_sdot` (row-major).
  public static func dot(
    count: Int32, x: UnsafePointer<Float>, incrementX: Int32, y: UnsafePointer<Float>, incrementY: Int32
  ) -> Float {
    BLAS.checkKernelsOnce()
    return cblas_sdot(count, x, incrementX, y, incrementY)
  }

  /// Forwards to `cblas_snrm2` (row-major).
  public static func nrm2(count: Int32, x: UnsafePointer<Float>, incrementX: Int32) -> Float {
    BLAS.checkKernelsOnce()
    return cblas_snrm2(count, x, incrementX)
  }

  /// Forwards to `cblas_sgemv` (row-major).
  public static func gemv(
    transpose: Bool, rows: Int32, columns: Int32, alpha: Float,
    a: UnsafePointer<Float>, lda: Int32, x: UnsafePointer<Float>, incrementX: Int32,
    beta: Float, y: UnsafeMutablePointer<Float>, incrementY: Int32
  ) {
    BLAS.checkKernelsOnce()
    cblas_sgemv(
      CblasRowMajor, transposeFlag(transpose), rows, columns, alpha, a, lda, x, incrementX,
      beta, y, incrementY)
  }

  /// Forwards to `cblas_sgemm` (row-major).
  public static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Float,
    a: UnsafePointer<Float>, lda: Int32, b: UnsafePointer<Float>, ldb: Int32,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int32
  ) {
    BLAS.checkKernelsOnce()
    cblas_sgemm(
      CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB), m, n, k, alpha,
      a, lda, b, ldb, beta, c, ldc)
  }

  /// Forwards to `cblas_ssyrk` (row-major).
  public static func syrk(
    transpose: Bool, n: Int32, k: Int32, alpha: Float, a: UnsafePointer<Float>, lda: Int32,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int32
  ) {
    BLAS.checkKernelsOnce()
    cblas_ssyrk(CblasRowMajor, CblasUpper, transposeFlag(transpose), n, k, alpha, a, lda, beta, c, ldc)
  }

  /// Forwards to `LAPACKE_sgesvd` (column-major, LAPACK's own layout: no transposed copies).
  public static func gesvd(
    jobU: UInt8, jobVT: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
    s: UnsafeMutablePointer<Float>, u: UnsafeMutablePointer<Float>?, ldu: Int32,
    vt: UnsafeMutablePointer<Float>?, ldvt: Int32, superb: UnsafeMutablePointer<Float>
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_sgesvd(
      LAPACK_COL_MAJOR, CChar(bitPattern: jobU), CChar(bitPattern: jobVT), m, n, a, lda, s,
      u, ldu, vt, ldvt, superb)
  }

  /// Forwards to `LAPACKE_sgesdd` (column-major, LAPACK's own layout: no transposed copies).
  public static func gesdd(
    jobZ: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
    s: UnsafeMutablePointer<Float>, u: UnsafeMutablePointer<Float>?, ldu: Int32,
    vt: UnsafeMutablePointer<Float>?, ldvt: Int32
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_sgesdd(LAPACK_COL_MAJOR, CChar(bitPattern: jobZ), m, n, a, lda, s, u, ldu, vt, ldvt)
  }

  /// Forwards to `LAPACKE_sgeqrf` (row-major).
  public static func geqrf(
    m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32, tau: UnsafeMutablePointer<Float>
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, m, n, a, lda, tau)
  }

  /// Forwards to `LAPACKE_sorgqr` (row-major).
  public static func orgqr(
    m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Float>, lda: Int32, tau: UnsafePointer<Float>
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_sorgqr(LAPACK_ROW_MAJOR, m, n, k, a, lda, tau)
  }

  /// Forwards to `LAPACKE_sgesv` (row-major).
  public static func gesv(
    n: Int32, rightHandSides: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
    pivots: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Float>, ldb: Int32
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_sgesv(LAPACK_ROW_MAJOR, n, rightHandSides, a, lda, pivots, b, ldb)
  }

  /// Forwards to `LAPACKE_sposv` (row-major).
  public static func posv(
    n: Int32, rightHandSides: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
    b: UnsafeMutablePointer<Float>, ldb: Int32
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_sposv(LAPACK_ROW_MAJOR, CChar(bitPattern: UInt8(ascii: "U")), n, rightHandSides, a, lda, b, ldb)
  }

  /// Forwards to the C library's `expf`.
  @inlinable public static func exp(_ x: Float) -> Float { Glibc.expf(x) }
  /// Forwards to the C library's `logf`.
  @inlinable public static func log(_ x: Float) -> Float { Glibc.logf(x) }
  /// Forwards to the C library's `log1pf`.
  @inlinable public static func log1p(_ x: Float) -> Float { Glibc.log1pf(x) }
  /// Forwards to the C library's `tanhf`.
  @inlinable public static func tanh(_ x: Float) -> Float { Glibc.tanhf(x) }
  /// Forwards to the C library's `powf`.
  @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { Glibc.powf(x, y) }
  /// Forwards to the C library's `cosf`.
  @inlinable public static func cos(_ x: Float) -> Float { Glibc.cosf(x) }

  /// `<f4`, NumPy's little-endian float32.
  public static var numpyDescriptor: String { "<f4" }
}
