/// The singular value decomposition `A = U·diag(s)·Vᵀ` of an `m × n` matrix, computed by
/// LAPACK.
///
/// Two drivers: ``Driver/gesvd`` (Golub–Kahan bidiagonalization then implicit QR iteration,
/// `?gesvd`) and ``Driver/gesdd`` (divide and conquer, `?gesdd`: usually several times
/// faster for large matrices with vectors). Singular values are descending and
/// non-negative. With `r = min(m, n)`:
///
/// | vectors | `u` | `vt` |
/// |---|---|---|
/// | ``Vectors/thin`` | `m × r` | `r × n` |
/// | ``Vectors/full`` | `m × m` | `n × n` |
/// | ``Vectors/none`` | `m × 0` | `0 × n` |
public struct SVD<Scalar: BLASScalar>: Sendable {
  /// Which singular vectors to compute.
  public enum Vectors: Sendable, Equatable {
    /// The first `min(m, n)` left and right singular vectors (economy SVD).
    case thin
    /// All `m` left and `n` right singular vectors.
    case full
    /// Singular values only.
    case none
  }

  /// Which LAPACK driver computes the decomposition.
  public enum Driver: Sendable, Equatable {
    /// `?gesvd`: bidiagonal QR iteration.
    case gesvd
    /// `?gesdd`: divide and conquer.
    case gesdd
  }

  /// The left singular vectors as columns: `m × r` (thin), `m × m` (full) or `m × 0` (none).
  public let u: Matrix<Scalar>
  /// The `r = min(m, n)` singular values, descending and non-negative (`rank` of them after
  /// ``truncated(rank:)``).
  public let singularValues: [Scalar]
  /// The right singular vectors as rows: `r × n` (thin), `n × n` (full) or `0 × n` (none).
  public let vt: Matrix<Scalar>
  /// The driver that produced this decomposition: ``Driver/gesvd`` also when `gesdd` was
  /// asked for but failed to converge and the computation fell back to `gesvd`.
  public let driver: Driver
  /// Which vectors were computed.
  public let vectors: Vectors

  /// A decomposition from its parts (used by truncation and randomized SVD).
  init(u: Matrix<Scalar>, singularValues: [Scalar], vt: Matrix<Scalar>, driver: Driver, vectors: Vectors) {
    self.u = u
    self.singularValues = singularValues
    self.vt = vt
    self.driver = driver
    self.vectors = vectors
  }

  /// Decomposes `a` with the given driver (`?gesvd` by default), computing the thin
  /// vectors by default.
  ///
  /// `gesdd` reporting non-convergence (`info > 0`) falls back to `gesvd`, as NumPy and
  /// SciPy users do after "SVD did not converge"; ``driver`` says which one answered. An
  /// empty matrix gives an empty decomposition.
  /// - Throws: ``BlockNumericsError/nonFiniteValue(operation:message:)`` when `a` holds NaN
  ///   or infinity (checked before LAPACK is called: its behaviour on them is undefined);
  ///   ``BlockNumericsError/didNotConverge(operation:message:)`` when `gesvd` does not
  ///   converge; ``BlockNumericsError/lapackFailure(routine:info:message:)`` for any other
  ///   LAPACK error.
  /// - Complexity: O(m·n·min(m, n)); `a` is copied once (LAPACK overwrites its input).
  public init(_ a: Matrix<Scalar>, vectors: Vectors = .thin, driver: Driver = .gesvd) throws {
    try SVD._checkFinite(a)
    if driver == .gesdd {
      self = try SVD._falling(
        back: { try SVD._compute(a, vectors: vectors, driver: .gesdd) }, to: { try SVD._compute(a, vectors: vectors, driver: .gesvd) })
    } else {
      self = try SVD._compute(a, vectors: vectors, driver: .gesvd)
    }
  }

  /// Throws when `a` holds NaN or infinity, naming the first such entry. Specialized: a
  /// generic scan pays a witness-table call per entry, which showed in timings at 2000².
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func _checkFinite(_ a: Matrix<Scalar>) throws {
    let index = a._storage.withUnsafeBufferPointer { buffer in buffer.firstIndex { !$0.isFinite } }
    if let index {
      throw BlockNumericsError.nonFiniteValue(
        operation: "SVD", message: "the \(a.shapeDescription) matrix holds \(a._storage[index]) at [\(index / a.columns), \(index % a.columns)]; SVD needs finite entries")
    }
  }

  /// `first()`, or `fallback()` when `first` reports non-convergence: divide and conquer
  /// occasionally fails where QR iteration succeeds. Other errors pass through.
  static func _falling(back first: () throws -> SVD, to fallback: () throws -> SVD) throws -> SVD {
    do {
      return try first()
    } catch BlockNumericsError.didNotConverge {
      return try fallback()
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func _compute(_ a: Matrix<Scalar>, vectors: Vectors, driver: Driver) throws -> SVD {
    let m = a.rows
    let n = a.columns
    let r = Swift.min(m, n)
    let (uColumns, vtRows): (Int, Int)
    let job: UInt8
    switch vectors {
    case .thin: (uColumns, vtRows, job) = (r, r, UInt8(ascii: "S"))
    case .full: (uColumns, vtRows, job) = (m, n, UInt8(ascii: "A"))
    case .none: (uColumns, vtRows, job) = (0, 0, UInt8(ascii: "N"))
    }
    if r == 0 {
      let u = vectors == .full ? Matrix<Scalar>.identity(m) : Matrix(rows: m, columns: uColumns)
      let vt = vectors == .full ? Matrix<Scalar>.identity(n) : Matrix(rows: vtRows, columns: n)
      return SVD(u: u, singularValues: [], vt: vt, driver: driver, vectors: vectors)
    }
    // The row-major m × n buffer is the column-major n × m matrix Aᵀ = V·S·Uᵀ. Factoring
    // Aᵀ column-major hands back V (n × ·, column-major) which is our row-major Vᵀ, and Uᵀ
    // (· × m, column-major) which is our row-major U: no transposed copies anywhere.
    var work = a._storage
    var s = [Scalar](repeating: 0, count: r)
    var u = [Scalar](repeating: 0, count: Swift.max(1, m * uColumns))
    var vt = [Scalar](repeating: 0, count: Swift.max(1, vtRows * n))
    let rowsOfTranspose = BLAS.int32(n, "SVD")
    let columnsOfTranspose = BLAS.int32(m, "SVD")
    let leadingU = BLAS.int32(Swift.max(1, uColumns), "SVD")   // LAPACK's VT of Aᵀ: uColumns × m
    let leadingVt = BLAS.int32(Swift.max(1, n), "SVD")         // LAPACK's U of Aᵀ: n × vtRows
    let info: Int32
    let routine: String
    switch driver {
    case .gesvd:
      routine = Scalar.self == Float.self ? "sgesvd" : "dgesvd"
      var superb = [Scalar](repeating: 0, count: Swift.max(1, r - 1))
      info = Scalar.gesvd(
        jobU: job, jobVT: job, m: rowsOfTranspose, n: columnsOfTranspose, a: &work, lda: rowsOfTranspose,
        s: &s, u: &vt, ldu: leadingVt, vt: &u, ldvt: leadingU, superb: &superb)
    case .gesdd:
      routine = Scalar.self == Float.self ? "sgesdd" : "dgesdd"
      info = Scalar.gesdd(
        jobZ: job, m: rowsOfTranspose, n: columnsOfTranspose, a: &work, lda: rowsOfTranspose,
        s: &s, u: &vt, ldu: leadingVt, vt: &u, ldvt: leadingU)
    }
    if info > 0 {
      let what = driver == .gesvd
        ? "\(info) superdiagonals of the bidiagonal form did not converge to zero"
        : "the divide-and-conquer iteration did not converge (info \(info))"
      throw BlockNumericsError.didNotConverge(operation: "SVD (\(routine))", message: "\(what) for the \(a.shapeDescription) matrix")
    }
    if info < 0 {
      throw BlockNumericsError.lapackFailure(routine: routine, info: Int(info), message: "argument \(-info) was invalid for a \(a.shapeDescription) matrix")
    }
    if vectors == .none {
      return SVD(u: Matrix(rows: m, columns: 0), singularValues: s, vt: Matrix(rows: 0, columns: n), driver: driver, vectors: vectors)
    }
    return SVD(u: Matrix(_unchecked: m, uColumns, u), singularValues: s, vt: Matrix(_unchecked: vtRows, n, vt), driver: driver, vectors: vectors)
  }

  /// The number of rows of the decomposed matrix.
  public var rows: Int { u.rows }
  /// The number of columns of the decomposed matrix.
  public var columns: Int { vt.columns }
}
