import CLinearAlgebra
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `Double` computes with the double-precision (`d`) BLAS and LAPACK routines.
extension Double: BLASScalar {
  @inline(__always)
  private static func transposeFlag(_ transpose: Bool) -> CBLAS_TRANSPOSE {
    transpose ? CblasTrans : CblasNoTrans
  }

  /// Forwards to `cblas_daxpy` (row-major).
  public static func axpy(
    count: Int32, alpha: Double, x: UnsafePointer<Double>, incrementX: Int32,
    y: UnsafeMutablePointer<Double>, incrementY: Int32
  ) {
    BLAS.checkKernelsOnce()
    cblas_daxpy(count, alpha, x, incrementX, y, incrementY)
  }

  /// Forwards to `cblas_dscal` (row-major).
  public static func scal(count: Int32, alpha: Double, x: UnsafeMutablePointer<Double>, incrementX: Int32) {
    BLAS.checkKernelsOnce()
    cblas_dscal(count, alpha, x, incrementX)
  }

  /// Forwards to `cblas_ddot` (row-major).
  public static func dot(
    count: Int32, x: UnsafePointer<Double>, incrementX: Int32, y: UnsafePointer<Double>, incrementY: Int32
  ) -> Double {
    BLAS.checkKernelsOnce()
    return cblas_ddot(count, x, incrementX, y, incrementY)
  }

  /// Forwards to `cblas_dnrm2` (row-major).
  public static func nrm2(count: Int32, x: UnsafePointer<Double>, incrementX: Int32) -> Double {
    BLAS.checkKernelsOnce()
    return cblas_dnrm2(count, x, incrementX)
  }

  /// Forwards to `cblas_dgemv` (row-major).
  public static func gemv(
    transpose: Bool, rows: Int32, columns: Int32, alpha: Double,
    a: UnsafePointer<Double>, lda: Int32, x: UnsafePointer<Double>, incrementX: Int32,
    beta: Double, y: UnsafeMutablePointer<Double>, incrementY: Int32
  ) {
    BLAS.checkKernelsOnce()
    cblas_dgemv(
      CblasRowMajor, transposeFlag(transpose), rows, columns, alpha, a, lda, x, incrementX,
      beta, y, incrementY)
  }

  /// Forwards to `cblas_dgemm` (row-major).
  public static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Double,
    a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32
  ) {
    BLAS.checkKernelsOnce()
    cblas_dgemm(
      CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB), m, n, k, alpha,
      a, lda, b, ldb, beta, c, ldc)
  }

  /// Forwards to `cblas_dsyrk` (row-major).
  public static func syrk(
    transpose: Bool, n: Int32, k: Int32, alpha: Double, a: UnsafePointer<Double>, lda: Int32,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32
  ) {
    BLAS.checkKernelsOnce()
    cblas_dsyrk(CblasRowMajor, CblasUpper, transposeFlag(transpose), n, k, alpha, a, lda, beta, c, ldc)
  }

  /// Forwards to `LAPACKE_dgesvd` (column-major, LAPACK's own layout: no transposed copies).
  public static func gesvd(
    jobU: UInt8, jobVT: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
    s: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>?, ldu: Int32,
    vt: UnsafeMutablePointer<Double>?, ldvt: Int32, superb: UnsafeMutablePointer<Double>
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_dgesvd(
      LAPACK_COL_MAJOR, CChar(bitPattern: jobU), CChar(bitPattern: jobVT), m, n, a, lda, s,
      u, ldu, vt, ldvt, superb)
  }

  /// Forwards to `LAPACKE_dgesdd` (column-major, LAPACK's own layout: no transposed copies).
  public static func gesdd(
    jobZ: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
    s: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>?, ldu: Int32,
    vt: UnsafeMutablePointer<Double>?, ldvt: Int32
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_dgesdd(LAPACK_COL_MAJOR, CChar(bitPattern: jobZ), m, n, a, lda, s, u, ldu, vt, ldvt)
  }

  /// Forwards to `LAPACKE_dgeqrf` (row-major).
  public static func geqrf(
    m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, tau: UnsafeMutablePointer<Double>
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, m, n, a, lda, tau)
  }

  /// Forwards to `LAPACKE_dorgqr` (row-major).
  public static func orgqr(
    m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, tau: UnsafePointer<Double>
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_dorgqr(LAPACK_ROW_MAJOR, m, n, k, a, lda, tau)
  }

  /// Forwards to `LAPACKE_dgesv` (row-major).
  public static func gesv(
    n: Int32, rightHandSides: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
    pivots: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Double>, ldb: Int32
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, rightHandSides, a, lda, pivots, b, ldb)
  }

  /// Forwards to `LAPACKE_dposv` (row-major).
  public static func posv(
    n: Int32, rightHandSides: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
    b: UnsafeMutablePointer<Double>, ldb: Int32
  ) -> Int32 {
    BLAS.checkKernelsOnce()
    return LAPACKE_dposv(LAPACK_ROW_MAJOR, CChar(bitPattern: UInt8(ascii: "U")), n, rightHandSides, a, lda, b, ldb)
  }

  /// Forwards to the C library's `exp`.
  @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
  /// Forwards to the C library's `log`.
  @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
  /// Forwards to the C library's `log1p`.
  @inlinable public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
  /// Forwards to the C library's `tanh`.
  @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
  /// Forwards to the C library's `pow`.
  @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
  /// Forwards to the C library's `cos`.
  @inlinable public static func cos(_ x: Double) -> Double { Glibc.cos(x) }

  /// `<f8`, NumPy's little-endian float64.
  public static var numpyDescriptor: String { "<f8" }
}
