// What NMF checks before it starts: the settings, and X entry by entry.

extension NMF {
  /// Checks the settings against `x` and scans `x` (finite, non-negative, `‖X‖²_F` finite).
  /// - Throws: ``BlockNumericsError`` naming `operation` and the setting or entry at fault.
  /// - Complexity: O(stored entries of `x`).
  func validate<Input: NMFInput>(_ x: Input, operation: String) throws where Input.Scalar == Scalar {
    if let failure = _settingsFailure(rows: x.rows, columns: x.columns, operation: operation) { throw failure }
    if let (row, column, value) = x.firstInvalidEntry() {
      if value.isFinite {
        throw BlockNumericsError.invalidArgument(operation: operation, message: "X[\(row), \(column)] is \(value); NMF needs a non-negative X")
      }
      throw BlockNumericsError.nonFiniteValue(operation: operation, message: "X[\(row), \(column)] is \(value); NMF needs finite entries")
    }
    // Every solver works on squared norms and Gram matrices: their overflow would turn the
    // factors into NaN, so it is refused up front (one more pass over X).
    guard x.squaredFrobeniusNorm.isFinite else {
      throw BlockNumericsError.nonFiniteValue(
        operation: operation,
        message: "‖X‖²_F overflows \(Scalar.self) (entries up to about \(Scalar.greatestFiniteMagnitude.squareRoot()) fit); "
          + "divide X by its largest entry before fitting and multiply W by it afterwards")
    }
  }

  /// What is wrong with the settings for an `rows × columns` X, or nil: the checks that do
  /// not read X's entries. Package-visible: the distributed NMF runs the same checks on
  /// every process before any data moves.
  package func _settingsFailure(rows: Int, columns: Int, operation: String) -> BlockNumericsError? {
    func invalid(_ message: String) -> BlockNumericsError { .invalidArgument(operation: operation, message: message) }
    guard components >= 1 else { return invalid("components must be at least 1, got \(components)") }
    guard rows > 0 && columns > 0 else { return invalid("X is \(rows)×\(columns); it must not be empty") }
    guard maxIterations >= 0 else { return invalid("maxIterations must be non-negative, got \(maxIterations)") }
    guard tolerance >= 0 else { return invalid("tolerance must be non-negative, got \(tolerance)") }
    guard alphaW >= 0 && alphaH >= 0 else { return invalid("alphaW and alphaH must be non-negative, got \(alphaW) and \(alphaH)") }
    guard l1Ratio >= 0 && l1Ratio <= 1 else { return invalid("l1Ratio must lie in [0, 1], got \(l1Ratio)") }
    guard errorCheckInterval >= 1 else { return invalid("errorCheckInterval must be at least 1, got \(errorCheckInterval)") }
    guard !(solver == .hals && loss == .kullbackLeibler) else {
      return invalid("the HALS solver minimises the Frobenius loss only; use .multiplicativeUpdate for Kullback–Leibler")
    }
    if case .randomized(let oversampling, let powerIterations, _) = compression {
      guard oversampling >= 0 && powerIterations >= 0 else {
        return invalid("a randomized sketch needs oversampling and powerIterations ≥ 0, got \(oversampling) and \(powerIterations)")
      }
      guard loss == .frobenius else {
        return invalid("the Kullback–Leibler loss needs X entry by entry; use compression .exact")
      }
    }
    return nil
  }

  /// Checks a given factor: its shape (`rows × columns`) and its entries (finite, non-negative).
  package func checkFactor(_ factor: Matrix<Scalar>, rows: Int, columns: Int, name: String, operation: String) throws {
    guard factor.rows == rows && factor.columns == columns else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation, message: "\(name) must be \(rows)×\(columns) for this X and \(components) components, got \(factor.shapeDescription)")
    }
    if let index = factor._storage.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "\(name)[\(index / columns), \(index % columns)] is \(factor._storage[index]); factors must be finite and non-negative")
    }
  }
}
