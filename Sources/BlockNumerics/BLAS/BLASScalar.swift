/// A floating-point type that BLAS and LAPACK can compute with: `Float` (the `s` routines)
/// and `Double` (the `d` routines).
///
/// Every requirement forwards to exactly one CBLAS, LAPACKE or C math routine, so generic
/// code in BlockNumerics never switches on the scalar type; the library's own vector kernels
/// come the same way through the refined ``_VectorKernelScalar``. Matrices are always row-major;
/// sizes and leading dimensions are `Int32` as the C interfaces declare them. These are
/// low-level entry points: they take raw pointers and check nothing, and most users never
/// call them directly (use ``Matrix`` and friends instead).
public protocol BLASScalar: BinaryFloatingPoint, SIMDScalar, Codable, LosslessStringConvertible, Sendable, _VectorKernelScalar
where RawSignificand: FixedWidthInteger {
  // MARK: BLAS level 1

  /// `y ← alpha·x + y` (`?axpy`).
  static func axpy(
    count: Int32, alpha: Self, x: UnsafePointer<Self>, incrementX: Int32,
    y: UnsafeMutablePointer<Self>, incrementY: Int32)
  /// `x ← alpha·x` (`?scal`).
  static func scal(count: Int32, alpha: Self, x: UnsafeMutablePointer<Self>, incrementX: Int32)
  /// `xᵀy` (`?dot`).
  static func dot(
    count: Int32, x: UnsafePointer<Self>, incrementX: Int32,
    y: UnsafePointer<Self>, incrementY: Int32) -> Self
  /// The Euclidean norm of `x`, computed without undue overflow or underflow (`?nrm2`).
  static func nrm2(count: Int32, x: UnsafePointer<Self>, incrementX: Int32) -> Self

  // MARK: BLAS level 2 and 3

  /// `y ← alpha·op(A)·x + beta·y` with row-major `A` of `rows × columns` (`?gemv`).
  static func gemv(
    transpose: Bool, rows: Int32, columns: Int32, alpha: Self,
    a: UnsafePointer<Self>, lda: Int32, x: UnsafePointer<Self>, incrementX: Int32,
    beta: Self, y: UnsafeMutablePointer<Self>, incrementY: Int32)
  /// `C ← alpha·op(A)·op(B) + beta·C`, row-major, `C` of `m × n`, inner dimension `k` (`?gemm`).
  static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Self,
    a: UnsafePointer<Self>, lda: Int32, b: UnsafePointer<Self>, ldb: Int32,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int32)
  /// `C ← alpha·A·Aᵀ + beta·C` (or `Aᵀ·A` when `transpose`), filling the upper triangle of
  /// the `n × n` matrix `C`; `k` is the inner dimension (`?syrk`).
  static func syrk(
    transpose: Bool, n: Int32, k: Int32, alpha: Self, a: UnsafePointer<Self>, lda: Int32,
    beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int32)

  // MARK: LAPACK (LAPACKE interface; each returns LAPACK's `info`)

  /// Singular value decomposition by QR iteration (`?gesvd`), **column-major**: a row-major
  /// `m × n` matrix is a column-major `n × m` one, so callers factor `Aᵀ` and swap `u`/`vt`
  /// instead of paying LAPACKE's transposed copies. `jobU`/`jobVT` are LAPACK's job
  /// characters (`A`, `S`, `O`, `N`); `superb` receives `min(m, n) − 1` values.
  static func gesvd(
    jobU: UInt8, jobVT: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
    s: UnsafeMutablePointer<Self>, u: UnsafeMutablePointer<Self>?, ldu: Int32,
    vt: UnsafeMutablePointer<Self>?, ldvt: Int32, superb: UnsafeMutablePointer<Self>) -> Int32
  /// Singular value decomposition by divide and conquer (`?gesdd`), column-major as
  /// ``gesvd(jobU:jobVT:m:n:a:lda:s:u:ldu:vt:ldvt:superb:)``; `jobZ` is `A`, `S`, `O` or `N`.
  /// The other LAPACK requirements below are row-major.
  static func gesdd(
    jobZ: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
    s: UnsafeMutablePointer<Self>, u: UnsafeMutablePointer<Self>?, ldu: Int32,
    vt: UnsafeMutablePointer<Self>?, ldvt: Int32) -> Int32
  /// Householder QR factorization of an `m × n` matrix (`?geqrf`).
  static func geqrf(
    m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
    tau: UnsafeMutablePointer<Self>) -> Int32
  /// Forms the `m × n` matrix `Q` with orthonormal columns from `?geqrf`'s output (`?orgqr`).
  static func orgqr(
    m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
    tau: UnsafePointer<Self>) -> Int32
  /// Solves `A·X = B` for a general `n × n` `A` by LU with partial pivoting (`?gesv`).
  static func gesv(
    n: Int32, rightHandSides: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
    pivots: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Self>, ldb: Int32) -> Int32
  /// Solves `A·X = B` for a symmetric positive definite `A` by Cholesky (`?posv`), reading
  /// the upper triangle.
  static func posv(
    n: Int32, rightHandSides: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
    b: UnsafeMutablePointer<Self>, ldb: Int32) -> Int32

  // MARK: Elementary functions (C math library)

  /// `eˣ` (`exp`/`expf`).
  static func exp(_ x: Self) -> Self
  /// The natural logarithm (`log`/`logf`).
  static func log(_ x: Self) -> Self
  /// `log(1 + x)`, accurate for small `x` (`log1p`/`log1pf`).
  static func log1p(_ x: Self) -> Self
  /// The hyperbolic tangent (`tanh`/`tanhf`).
  static func tanh(_ x: Self) -> Self
  /// `xʸ` (`pow`/`powf`).
  static func pow(_ x: Self, _ y: Self) -> Self
  /// The cosine (`cos`/`cosf`).
  static func cos(_ x: Self) -> Self

  /// The NumPy `dtype` descriptor of this type in little-endian order (`<f4`, `<f8`).
  static var numpyDescriptor: String { get }
}
