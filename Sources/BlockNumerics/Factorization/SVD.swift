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

  /// The left singular vectors as columns.
  public let u: Matrix<Scalar>
  /// The singular values, descending.
  public let singularValues: [Scalar]
  /// The right singular vectors as rows.
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
    if let index = a._storage.firstIndex(where: { !$0.isFinite }) {
      throw BlockNumericsError.nonFiniteValue(
        operation: "SVD", message: "the \(a.shapeDescription) matrix holds \(a._storage[index]) at [\(index / a.columns), \(index % a.columns)]; SVD needs finite entries")
    }
    if driver == .gesdd {
      do {
        self = try SVD._compute(a, vectors: vectors, driver: .gesdd)
        return
      } catch BlockNumericsError.didNotConverge {
        // Divide and conquer occasionally fails where QR iteration succeeds.
      }
    }
    self = try SVD._compute(a, vectors: vectors, driver: .gesvd)
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
    var work = a._storage
    var s = [Scalar](repeating: 0, count: r)
    // Row-major LAPACKE checks ldu and ldvt even when no vectors are wanted; the buffers
    // are then never touched, so one element stands in for them.
    var u = [Scalar](repeating: 0, count: Swift.max(1, m * uColumns))
    var vt = [Scalar](repeating: 0, count: Swift.max(1, vtRows * n))
    let ldu = BLAS.int32(Swift.max(1, vectors == .none ? 1 : uColumns), "SVD")
    let ldvt = BLAS.int32(Swift.max(1, n), "SVD")
    let info: Int32
    let routine: String
    switch driver {
    case .gesvd:
      routine = Scalar.self == Float.self ? "sgesvd" : "dgesvd"
      var superb = [Scalar](repeating: 0, count: Swift.max(1, r - 1))
      info = Scalar.gesvd(
        jobU: job, jobVT: job, m: BLAS.int32(m, "SVD"), n: BLAS.int32(n, "SVD"), a: &work, lda: BLAS.int32(n, "SVD"),
        s: &s, u: &u, ldu: ldu, vt: &vt, ldvt: ldvt, superb: &superb)
    case .gesdd:
      routine = Scalar.self == Float.self ? "sgesdd" : "dgesdd"
      info = Scalar.gesdd(
        jobZ: job, m: BLAS.int32(m, "SVD"), n: BLAS.int32(n, "SVD"), a: &work, lda: BLAS.int32(n, "SVD"),
        s: &s, u: &u, ldu: ldu, vt: &vt, ldvt: ldvt)
    }
    if info > 0 {
      throw BlockNumericsError.didNotConverge(
        operation: "SVD (\(routine))", message: "\(info) superdiagonals of the bidiagonal form of the \(a.shapeDescription) matrix did not converge to zero")
    }
    if info < 0 {
      throw BlockNumericsError.lapackFailure(routine: routine, info: Int(info), message: "argument \(-info) was invalid for a \(a.shapeDescription) matrix")
    }
    return SVD(
      u: vectors == .none ? Matrix(rows: m, columns: 0) : Matrix(_unchecked: m, uColumns, u),
      singularValues: s,
      vt: vectors == .none ? Matrix(rows: 0, columns: n) : Matrix(_unchecked: vtRows, n, Array(vt.prefix(vtRows * n))),
      driver: driver, vectors: vectors)
  }

  /// The number of rows of the decomposed matrix.
  public var rows: Int { u.rows }
  /// The number of columns of the decomposed matrix.
  public var columns: Int { vt.columns }
}
