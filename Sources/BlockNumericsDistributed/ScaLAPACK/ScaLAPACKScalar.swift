import BlockNumerics

/// A floating-point type that ScaLAPACK computes with: `Float` (the `ps` routines) and
/// `Double` (the `pd` routines).
///
/// Every requirement forwards to exactly one PBLAS or ScaLAPACK routine on whole
/// distributed matrices (global indices start at 1, as in Fortran), so generic code never
/// switches on the scalar type. Matrices are column-major as ScaLAPACK sees them and are
/// described by ``ScaLAPACKDescriptor``s. These are low-level entry points: they check
/// nothing, and calling them with an inconsistent descriptor makes ScaLAPACK abort the job;
/// use ``DistributedMatrix`` instead.
public protocol ScaLAPACKScalar: BLASScalar, MPIScalar {
  /// The letter that starts this type's routine names, `s` or `d` (for messages).
  static var routinePrefix: String { get }
  /// `C ← alpha·op(A)·op(B) + beta·C`, `C` of `m × n`, inner dimension `k` (`p?gemm`);
  /// `transposeA`/`transposeB` are `N` or `T`.
  static func pgemm(
    transposeA: UInt8, transposeB: UInt8, m: Int32, n: Int32, k: Int32, alpha: Self,
    a: UnsafePointer<Self>, descriptorA: ScaLAPACKDescriptor, b: UnsafePointer<Self>, descriptorB: ScaLAPACKDescriptor,
    beta: Self, c: UnsafeMutablePointer<Self>, descriptorC: ScaLAPACKDescriptor)
  /// `C ← beta·C + alpha·Aᵀ` with `C` of `m × n` and `A` of `n × m` (`p?tran`).
  static func ptran(
    m: Int32, n: Int32, alpha: Self, a: UnsafePointer<Self>, descriptorA: ScaLAPACKDescriptor,
    beta: Self, c: UnsafeMutablePointer<Self>, descriptorC: ScaLAPACKDescriptor)
  /// A norm of the `m × n` matrix `A` (`p?lange`): `norm` is `F` (Frobenius), `M` (largest
  /// magnitude), `1` or `I`; `work` must hold what ScaLAPACK documents for `1` and `I`.
  static func plange(
    norm: UInt8, m: Int32, n: Int32, a: UnsafePointer<Self>, descriptorA: ScaLAPACKDescriptor,
    work: UnsafeMutablePointer<Self>) -> Self
  /// The singular value decomposition of the `m × n` matrix `A` (`p?gesvd`), which it
  /// destroys; `jobU`/`jobVT` are `V` or `N`; `lwork == -1` queries the workspace size into
  /// `work[0]`. Returns ScaLAPACK's `info`.
  static func pgesvd(
    jobU: UInt8, jobVT: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, descriptorA: ScaLAPACKDescriptor,
    s: UnsafeMutablePointer<Self>, u: UnsafeMutablePointer<Self>, descriptorU: ScaLAPACKDescriptor,
    vt: UnsafeMutablePointer<Self>, descriptorVT: ScaLAPACKDescriptor,
    work: UnsafeMutablePointer<Self>, lwork: Int32) -> Int32
  /// Copies the `m × n` matrix `A` into `B` of another distribution (`p?gemr2d`); `context`
  /// is a BLACS context spanning every process of both; a process outside either grid
  /// passes a descriptor whose context is -1.
  static func pgemr2d(
    m: Int32, n: Int32, a: UnsafePointer<Self>, descriptorA: ScaLAPACKDescriptor,
    b: UnsafeMutablePointer<Self>, descriptorB: ScaLAPACKDescriptor, context: Int32)
}

/// A ScaLAPACK array descriptor, `DESC(9)` for a dense block-cyclic matrix.
///
/// | index | name | meaning |
/// |---|---|---|
/// | 0 | `DTYPE_` | 1, dense |
/// | 1 | `CTXT_` | BLACS context (-1 on processes outside the grid) |
/// | 2, 3 | `M_`, `N_` | global rows and columns |
/// | 4, 5 | `MB_`, `NB_` | block rows and columns |
/// | 6, 7 | `RSRC_`, `CSRC_` | process row and column of the first block (0 here) |
/// | 8 | `LLD_` | leading dimension of the local column-major array, at least 1 |
public struct ScaLAPACKDescriptor: Sendable, Equatable {
  /// The nine integers in ScaLAPACK's order.
  public var values: [Int32]

  /// A descriptor of a column-major `rows × columns` matrix in `blockRows × blockColumns`
  /// blocks, first block on process (0, 0).
  public init(context: Int32, rows: Int32, columns: Int32, blockRows: Int32, blockColumns: Int32, leadingDimension: Int32) {
    values = [1, context, rows, columns, blockRows, blockColumns, 0, 0, Swift.max(1, leadingDimension)]
  }

  /// Calls `body` with a pointer to the nine integers.
  public func withUnsafePointer<Result>(_ body: (UnsafePointer<Int32>) throws -> Result) rethrows -> Result {
    try values.withUnsafeBufferPointer { try body($0.baseAddress!) }
  }
}
