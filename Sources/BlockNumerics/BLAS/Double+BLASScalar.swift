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

  public static func axpy(
    count: Int32, alpha: Double, x: UnsafePointer<Double>, incrementX: Int32,
    y: UnsafeMutablePointer<Double>, incrementY: Int32
  ) {
    cblas_daxpy(count, alpha, x, incrementX, y, incrementY)
  }

  public static func scal(count: Int32, alpha: Double, x: UnsafeMutablePointer<Double>, incrementX: Int32) {
    cblas_dscal(count, alpha, x, incrementX)
  }

  public static func dot(
    count: Int32, x: UnsafePointer<Double>, incrementX: Int32, y: UnsafePointer<Double>, incrementY: Int32
  ) -> Double {
    cblas_ddot(count, x, incrementX, y, incrementY)
  }

  public static func nrm2(count: Int32, x: UnsafePointer<Double>, incrementX: Int32) -> Double {
    cblas_dnrm2(count, x, incrementX)
  }

  public static func gemv(
    transpose: Bool, rows: Int32, columns: Int32, alpha: Double,
    a: UnsafePointer<Double>, lda: Int32, x: UnsafePointer<Double>, incrementX: Int32,
    beta: Double, y: UnsafeMutablePointer<Double>, incrementY: Int32
  ) {
    cblas_dgemv(
      CblasRowMajor, transposeFlag(transpose), rows, columns, alpha, a, lda, x, incrementX,
      beta, y, incrementY)
  }

  public static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Double,
    a: UnsafePointer<Double>, lda: Int32, b: UnsafePointer<Double>, ldb: Int32,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32
  ) {
    cblas_dgemm(
      CblasRowMajor, transposeFlag(transposeA), transposeFlag(transposeB), m, n, k, alpha,
      a, lda, b, ldb, beta, c, ldc)
  }

  public static func syrk(
    transpose: Bool, n: Int32, k: Int32, alpha: Double, a: UnsafePointer<Double>, lda: Int32,
    beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int32
  ) {
    cblas_dsyrk(CblasRowMajor, CblasUpper, transposeFlag(transpose), n, k, alpha, a, lda, beta, c, ldc)
  }

  public static func gesvd(
    jobU: UInt8, jobVT: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
    s: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>?, ldu: Int32,
    vt: UnsafeMutablePointer<Double>?, ldvt: Int32, superb: UnsafeMutablePointer<Double>
  ) -> Int32 {
    LAPACKE_dgesvd(
      LAPACK_ROW_MAJOR, CChar(bitPattern: jobU), CChar(bitPattern: jobVT), m, n, a, lda, s,
      u, ldu, vt, ldvt, superb)
  }

  public static func gesdd(
    jobZ: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
    s: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>?, ldu: Int32,
    vt: UnsafeMutablePointer<Double>?, ldvt: Int32
  ) -> Int32 {
    LAPACKE_dgesdd(LAPACK_ROW_MAJOR, CChar(bitPattern: jobZ), m, n, a, lda, s, u, ldu, vt, ldvt)
  }

  public static func geqrf(
    m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, tau: UnsafeMutablePointer<Double>
  ) -> Int32 {
    LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, m, n, a, lda, tau)
  }

  public static func orgqr(
    m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, tau: UnsafePointer<Double>
  ) -> Int32 {
    LAPACKE_dorgqr(LAPACK_ROW_MAJOR, m, n, k, a, lda, tau)
  }

  public static func gesv(
    n: Int32, rightHandSides: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
    pivots: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Double>, ldb: Int32
  ) -> Int32 {
    LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, rightHandSides, a, lda, pivots, b, ldb)
  }

  public static func posv(
    n: Int32, rightHandSides: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
    b: UnsafeMutablePointer<Double>, ldb: Int32
  ) -> Int32 {
    LAPACKE_dposv(LAPACK_ROW_MAJOR, CChar(bitPattern: UInt8(ascii: "U")), n, rightHandSides, a, lda, b, ldb)
  }

  @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
  @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
  @inlinable public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
  @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
  @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
  @inlinable public static func cos(_ x: Double) -> Double { Glibc.cos(x) }

  public static var numpyDescriptor: String { "<f8" }
}
