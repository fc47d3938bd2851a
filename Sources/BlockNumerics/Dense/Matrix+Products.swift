extension Matrix {
  /// The matrix product `lhs · rhs`: one BLAS `gemm` call.
  ///
  /// `lhs.columns` must equal `rhs.rows`; otherwise this stops with a precondition failure
  /// naming both shapes (use ``multiplied(by:)`` to get a thrown error instead).
  /// - Complexity: O(m·n·k) for an `m×k` times `k×n` product.
  public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
    precondition(
      lhs.columns == rhs.rows,
      "Matrix *: cannot multiply \(lhs.shapeDescription) by \(rhs.shapeDescription) (inner dimensions \(lhs.columns) and \(rhs.rows) differ)")
    return lhs._product(rhs)
  }

  /// The matrix product `self · other`: one BLAS `gemm` call.
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when
  ///   `columns != other.rows`.
  /// - Complexity: O(m·n·k).
  public func multiplied(by other: Matrix) throws -> Matrix {
    guard columns == other.rows else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Matrix.multiplied(by:)",
        message: "cannot multiply \(shapeDescription) by \(other.shapeDescription): inner dimensions \(columns) and \(other.rows) differ")
    }
    return _product(other)
  }

  @inlinable
  func _product(_ other: Matrix) -> Matrix {
    // gemm with beta = 0 writes every entry of C without reading it (and k = 0 writes
    // zeros), so the result is not zero-filled first. That fill would be a second pass
    // over C, and from a client that calls this unspecialized it costs a generic
    // per-element loop: half the time of a 512×512 product.
    Matrix(_uninitializedRows: rows, columns: other.columns) { c in
      withUnsafeView { a in
        other.withUnsafeView { b in BLAS.gemm(a, transposeA: false, b, transposeB: false, into: c) }
      }
    }
  }

  /// Computes `C ← alpha·op(A)·op(B) + beta·C` in place, where `op(X)` is `X` or `Xᵀ`:
  /// one BLAS `gemm` call, no temporary matrices.
  ///
  /// With `beta == 0` the previous contents of `c` are not read.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` unless `op(A)` is
  ///   `m×k`, `op(B)` is `k×n` and `c` is `m×n`.
  /// - Complexity: O(m·n·k).
  public static func multiply(
    _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
    alpha: Scalar = 1, beta: Scalar = 0, into c: inout Matrix
  ) throws {
    let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
    let (kB, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
    guard k == kB, c.rows == m, c.columns == n else {
      let opA = transposeA ? "\(a.shapeDescription)ᵀ" : a.shapeDescription
      let opB = transposeB ? "\(b.shapeDescription)ᵀ" : b.shapeDescription
      throw BlockNumericsError.shapeMismatch(
        operation: "Matrix.multiply(_:_:into:)",
        message: k == kB
          ? "op(A)·op(B) = \(opA)·\(opB) is \(m)×\(n), but C is \(c.shapeDescription)"
          : "cannot multiply \(opA) by \(opB): inner dimensions \(k) and \(kB) differ")
    }
    a.withUnsafeView { aView in
      b.withUnsafeView { bView in
        c.withUnsafeMutableView { cView in
          BLAS.gemm(
            aView, transposeA: transposeA, bView, transposeB: transposeB,
            alpha: alpha, beta: beta, into: cView)
        }
      }
    }
  }

  /// The matrix–vector product `lhs · rhs`: one BLAS `gemv` call.
  ///
  /// `rhs.count` must equal `lhs.columns`; otherwise this stops with a precondition failure
  /// naming both shapes.
  /// - Complexity: O(rows · columns).
  public static func * (lhs: Matrix, rhs: [Scalar]) -> [Scalar] {
    precondition(
      lhs.columns == rhs.count,
      "Matrix * vector: cannot multiply \(lhs.shapeDescription) by a vector of \(rhs.count) elements")
    return lhs._product(vector: rhs, transpose: false)
  }

  /// The matrix–vector product `self · vector`, or `selfᵀ · vector` when `transposed`.
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the vector's
  ///   length does not match.
  /// - Complexity: O(rows · columns).
  public func multiplied(by vector: [Scalar], transposed: Bool = false) throws -> [Scalar] {
    guard vector.count == (transposed ? rows : columns) else {
      throw BlockNumericsError.shapeMismatch(
        operation: "Matrix.multiplied(by: vector)",
        message: "cannot multiply \(shapeDescription)\(transposed ? "ᵀ" : "") by a vector of \(vector.count) elements")
    }
    return _product(vector: vector, transpose: transposed)
  }

  func _product(vector: [Scalar], transpose: Bool) -> [Scalar] {
    var result = [Scalar](repeating: 0, count: transpose ? columns : rows)
    withUnsafeView { a in
      vector.withUnsafeBufferPointer { x in
        result.withUnsafeMutableBufferPointer { y in
          guard let yBase = y.baseAddress else { return }
          let xBase = x.baseAddress ?? UnsafePointer(yBase)
          BLAS.gemv(a, transpose: transpose, x: xBase, into: yBase)
        }
      }
    }
    return result
  }
}
