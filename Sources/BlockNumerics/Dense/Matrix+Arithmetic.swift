// Element-wise arithmetic. Operators on two matrices require equal shapes and stop with a
// precondition failure naming both; the named methods throw instead.

extension Matrix {
  /// Throws unless `other` has this matrix's shape.
  @usableFromInline
  func _checkSameShape(as other: Matrix, _ operation: String) throws {
    guard rows == other.rows && columns == other.columns else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "shapes \(shapeDescription) and \(other.shapeDescription) differ; element-wise operations need equal shapes")
    }
  }

  @usableFromInline
  static func _requireSameShape(_ lhs: Matrix, _ rhs: Matrix, _ operation: String) {
    precondition(
      lhs.rows == rhs.rows && lhs.columns == rhs.columns,
      "Matrix \(operation): shapes \(lhs.shapeDescription) and \(rhs.shapeDescription) differ")
  }

  /// Combines two equally shaped matrices entry by entry.
  @inlinable
  func _zip(_ other: Matrix, _ combine: (Scalar, Scalar) -> Scalar) -> Matrix {
    var result = self
    result._storage.withUnsafeMutableBufferPointer { out in
      other._storage.withUnsafeBufferPointer { rhs in
        for i in out.indices { out[i] = combine(out[i], rhs[i]) }
      }
    }
    return result
  }

  /// A matrix of the same shape with `transform` applied to every entry.
  /// - Complexity: O(rows · columns).
  @inlinable
  public func map(_ transform: (Scalar) throws -> Scalar) rethrows -> Matrix {
    Matrix(_unchecked: rows, columns, try _storage.map(transform))
  }

  /// Applies `transform` to every entry in place.
  /// - Complexity: O(rows · columns).
  @inlinable
  public mutating func apply(_ transform: (Scalar) throws -> Scalar) rethrows {
    try _storage.withUnsafeMutableBufferPointer { buffer in
      for i in buffer.indices { buffer[i] = try transform(buffer[i]) }
    }
  }

  // MARK: Matrix ⊕ matrix

  /// The entry-wise sum; stops on different shapes (``adding(_:)`` throws instead).
  /// - Complexity: O(rows · columns).
  @inlinable
  public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
    _requireSameShape(lhs, rhs, "+")
    return lhs._zip(rhs, +)
  }

  /// The entry-wise difference; stops on different shapes (``subtracting(_:)`` throws instead).
  /// - Complexity: O(rows · columns).
  @inlinable
  public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
    _requireSameShape(lhs, rhs, "-")
    return lhs._zip(rhs, -)
  }

  /// Adds `rhs` to `lhs` entry by entry; stops on different shapes.
  public static func += (lhs: inout Matrix, rhs: Matrix) {
    _requireSameShape(lhs, rhs, "+=")
    lhs._accumulate(rhs, alpha: 1)
  }

  /// Subtracts `rhs` from `lhs` entry by entry; stops on different shapes.
  public static func -= (lhs: inout Matrix, rhs: Matrix) {
    _requireSameShape(lhs, rhs, "-=")
    lhs._accumulate(rhs, alpha: -1)
  }

  /// `self ← self + alpha·other` through BLAS `axpy`; shapes must already agree.
  @usableFromInline
  mutating func _accumulate(_ other: Matrix, alpha: Scalar) {
    let count = BLAS.int32(self.count, "Matrix axpy")
    guard count > 0 else { return }
    _storage.withUnsafeMutableBufferPointer { y in
      other._storage.withUnsafeBufferPointer { x in
        Scalar.axpy(count: count, alpha: alpha, x: x.baseAddress!, incrementX: 1, y: y.baseAddress!, incrementY: 1)
      }
    }
  }

  /// The entry-wise sum.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` on different shapes.
  @inlinable
  public func adding(_ other: Matrix) throws -> Matrix {
    try _checkSameShape(as: other, "Matrix.adding(_:)")
    return _zip(other, +)
  }

  /// The entry-wise difference.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` on different shapes.
  @inlinable
  public func subtracting(_ other: Matrix) throws -> Matrix {
    try _checkSameShape(as: other, "Matrix.subtracting(_:)")
    return _zip(other, -)
  }

  /// The element-wise (Hadamard) product `self ⊙ other`, NumPy's `a * b`.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` on different shapes.
  /// - Complexity: O(rows · columns).
  @inlinable
  public func elementwiseProduct(_ other: Matrix) throws -> Matrix {
    try _checkSameShape(as: other, "Matrix.elementwiseProduct(_:)")
    return _zip(other, *)
  }

  /// The element-wise quotient `self ⊘ other`, NumPy's `a / b` (IEEE rules for zero divisors).
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` on different shapes.
  /// - Complexity: O(rows · columns).
  @inlinable
  public func elementwiseQuotient(_ other: Matrix) throws -> Matrix {
    try _checkSameShape(as: other, "Matrix.elementwiseQuotient(_:)")
    return _zip(other, /)
  }

  // MARK: Matrix ⊕ scalar

  /// Every entry multiplied by `rhs` (BLAS `scal`).
  public static func * (lhs: Matrix, rhs: Scalar) -> Matrix {
    var result = lhs
    result *= rhs
    return result
  }

  /// Every entry multiplied by `lhs`.
  public static func * (lhs: Scalar, rhs: Matrix) -> Matrix { rhs * lhs }

  /// Every entry divided by `rhs` (IEEE rules for a zero divisor).
  @inlinable
  public static func / (lhs: Matrix, rhs: Scalar) -> Matrix { lhs.map { $0 / rhs } }

  /// `rhs` added to every entry.
  @inlinable
  public static func + (lhs: Matrix, rhs: Scalar) -> Matrix { lhs.map { $0 + rhs } }

  /// `lhs` added to every entry.
  @inlinable
  public static func + (lhs: Scalar, rhs: Matrix) -> Matrix { rhs.map { lhs + $0 } }

  /// `rhs` subtracted from every entry.
  @inlinable
  public static func - (lhs: Matrix, rhs: Scalar) -> Matrix { lhs.map { $0 - rhs } }

  /// Every entry subtracted from `lhs`.
  @inlinable
  public static func - (lhs: Scalar, rhs: Matrix) -> Matrix { rhs.map { lhs - $0 } }

  /// Every entry negated.
  @inlinable
  public static prefix func - (operand: Matrix) -> Matrix { operand.map { -$0 } }

  /// Multiplies every entry by `rhs` in place (BLAS `scal`).
  public static func *= (lhs: inout Matrix, rhs: Scalar) {
    let count = BLAS.int32(lhs.count, "Matrix *= scalar")
    guard count > 0 else { return }
    if rhs == 0 {
      // scal by zero keeps NaN in some BLAS builds and not in others; NumPy gives NaN·0 = NaN.
      lhs.apply { $0 * 0 }
      return
    }
    lhs._storage.withUnsafeMutableBufferPointer { x in
      Scalar.scal(count: count, alpha: rhs, x: x.baseAddress!, incrementX: 1)
    }
  }

  /// Divides every entry by `rhs` in place.
  @inlinable
  public static func /= (lhs: inout Matrix, rhs: Scalar) { lhs.apply { $0 / rhs } }

  /// Adds `rhs` to every entry in place.
  @inlinable
  public static func += (lhs: inout Matrix, rhs: Scalar) { lhs.apply { $0 + rhs } }

  /// Subtracts `rhs` from every entry in place.
  @inlinable
  public static func -= (lhs: inout Matrix, rhs: Scalar) { lhs.apply { $0 - rhs } }
}
