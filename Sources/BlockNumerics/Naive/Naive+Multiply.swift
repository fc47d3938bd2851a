extension Naive {
  /// The matrix product `a · b` by the textbook triple loop: for every row `i` and column
  /// `j`, the dot product of row `i` of `a` with column `j` of `b`, summed in order of `k`.
  ///
  /// This is the reference other products are checked against, so it stays a plain loop:
  /// no blocking, no reordering, no BLAS. It reads `b` down its columns and is therefore
  /// slow for large matrices; use `*` (BLAS) for real work.
  ///
  /// `a` is `m × k` and `b` is `k × n`; the result is `m × n` (zeros when `k == 0`).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when
  ///   `a.columns != b.rows`, naming both shapes.
  /// - Complexity: O(m·n·k) time, O(m·n) extra memory for the result.
  @inlinable
  public static func multiply<Scalar: BLASScalar>(
    _ a: Matrix<Scalar>, _ b: Matrix<Scalar>
  ) throws -> Matrix<Scalar> {
    try _checkProductShapes(a, b, "Naive.multiply(_:_:)")
    let m = a.rows
    let n = b.columns
    let k = a.columns
    return Matrix(_uninitializedRows: m, columns: n) { c in
      a._storage.withUnsafeBufferPointer { a in
        b._storage.withUnsafeBufferPointer { b in
          for i in 0..<m {
            for j in 0..<n {
              var sum: Scalar = 0
              for p in 0..<k {
                sum += a[i &* k &+ p] * b[p &* n &+ j]
              }
              c.base[i &* n &+ j] = sum
            }
          }
        }
      }
    }
  }
}
