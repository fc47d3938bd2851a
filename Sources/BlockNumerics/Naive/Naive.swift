/// Plain-Swift reference kernels that tests and benchmarks compare the BLAS-backed code
/// against.
///
/// Nothing here calls BLAS or LAPACK. ``multiply(_:_:)`` is the textbook triple loop, kept
/// obviously correct; ``blockedMultiply(_:_:parameters:)`` is a cache-blocked version that
/// shows what careful pure Swift reaches; ``blockSparseMultiply(_:_:)`` is the plain loop
/// over a block-sparse matrix's stored blocks. All are generic over ``BLASScalar`` and
/// `@inlinable`, so callers get code specialized for `Float` or `Double`.
public enum Naive {}

extension Naive {
  /// Throws unless an `a.rows × a.columns` matrix can multiply a `b.rows × b.columns` one.
  @usableFromInline
  static func _checkProductShapes<Scalar: BLASScalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>, _ operation: String
  ) throws {
    guard a.columns == b.rows else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "cannot multiply \(a.shapeDescription) by \(b.shapeDescription): inner dimensions \(a.columns) and \(b.rows) differ")
    }
  }
}
