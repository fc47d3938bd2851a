/// The thin QR factorization `A = Q·R` of an `m × n` matrix by Householder reflections
/// (LAPACK `?geqrf`, then `?orgqr` to form `Q`): `Q` is `m × min(m, n)` with orthonormal
/// columns, `R` is `min(m, n) × n` upper triangular.
public struct QR<Scalar: BLASScalar>: Sendable {
  /// The orthonormal factor, `m × min(m, n)`.
  public let q: Matrix<Scalar>
  /// The upper-triangular factor, `min(m, n) × n`.
  public let r: Matrix<Scalar>

  /// Factors `a`.
  /// - Throws: ``BlockNumericsError/nonFiniteValue(operation:message:)`` for NaN or infinity;
  ///   ``BlockNumericsError/lapackFailure(routine:info:message:)`` for a LAPACK error.
  /// - Complexity: O(m·n·min(m, n)).
  public init(_ a: Matrix<Scalar>) throws {
    guard a.isFinite else {
      throw BlockNumericsError.nonFiniteValue(operation: "QR", message: "the \(a.shapeDescription) matrix holds NaN or infinity")
    }
    let m = a.rows
    let n = a.columns
    let k = Swift.min(m, n)
    guard k > 0 else {
      q = Matrix(rows: m, columns: 0)
      r = Matrix(rows: 0, columns: n)
      return
    }
    var work = a._storage
    var tau = [Scalar](repeating: 0, count: k)
    let info = Scalar.geqrf(m: BLAS.int32(m, "QR"), n: BLAS.int32(n, "QR"), a: &work, lda: BLAS.int32(n, "QR"), tau: &tau)
    guard info == 0 else { throw BlockNumericsError.lapackFailure(routine: "?geqrf", info: Int(info), message: "QR of a \(a.shapeDescription) matrix") }
    // Row segments are copied whole: from generic code an element-by-element copy runs
    // through value witnesses and took longer than the factorization (2000×40: 10 ms).
    var upper = [Scalar](repeating: 0, count: k * n)
    var reflectors = [Scalar](repeating: 0, count: m * k)
    work.withUnsafeBufferPointer { factored in
      let source = factored.baseAddress!
      upper.withUnsafeMutableBufferPointer { upper in
        for i in 0..<k { (upper.baseAddress! + i * n + i).update(from: source + i * n + i, count: n - i) }
      }
      // Q from the reflectors: the first k columns of the factored matrix.
      reflectors.withUnsafeMutableBufferPointer { reflectors in
        for i in 0..<m { (reflectors.baseAddress! + i * k).update(from: source + i * n, count: k) }
      }
    }
    r = Matrix(_unchecked: k, n, upper)
    let formed = Scalar.orgqr(m: BLAS.int32(m, "QR"), n: BLAS.int32(k, "QR"), k: BLAS.int32(k, "QR"), a: &reflectors, lda: BLAS.int32(k, "QR"), tau: tau)
    guard formed == 0 else { throw BlockNumericsError.lapackFailure(routine: "?orgqr", info: Int(formed), message: "forming Q for a \(a.shapeDescription) matrix") }
    q = Matrix(_unchecked: m, k, reflectors)
  }
}
