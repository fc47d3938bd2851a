/// The one error type BlockNumerics throws.
///
/// Every case names the operation that failed and carries a message a person can act on:
/// the shapes or values involved and, where there is one, what to do instead. The
/// ``description`` reads `operation: message`.
public enum BlockNumericsError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Operands whose shapes (or partitions) do not fit together, e.g. `3×4` times `5×2`.
  case shapeMismatch(operation: String, message: String)
  /// An argument outside its allowed range: a negative size, a rank above `min(m, n)`,
  /// a density outside `[0, 1]`, a negative entry given to NMF.
  case invalidArgument(operation: String, message: String)
  /// NaN or infinity where the algorithm cannot go on.
  case nonFiniteValue(operation: String, message: String)
  /// A LAPACK routine reported `info != 0`.
  case lapackFailure(routine: String, info: Int, message: String)
  /// An iterative algorithm did not converge.
  case didNotConverge(operation: String, message: String)
  /// A file or buffer that is malformed, truncated or of an unsupported kind; `location`
  /// says where (a byte offset or a line number).
  case malformedInput(format: String, location: String, message: String)
  /// A file that could not be opened, read or written.
  case fileAccess(path: String, message: String)
  /// What the machine or the process environment could not provide: memory for a
  /// workspace, an MPI library that starts with the thread support needed, enough processes
  /// for a process grid.
  case systemFailure(operation: String, message: String)

  /// `operation: message` (or `format at location: message` for malformed input).
  public var description: String {
    switch self {
    case let .shapeMismatch(operation, message),
      let .invalidArgument(operation, message),
      let .nonFiniteValue(operation, message),
      let .didNotConverge(operation, message),
      let .systemFailure(operation, message):
      return "\(operation): \(message)"
    case let .lapackFailure(routine, info, message):
      return "\(routine) (info = \(info)): \(message)"
    case let .malformedInput(format, location, message):
      return "\(format) at \(location): \(message)"
    case let .fileAccess(path, message):
      return "\(path): \(message)"
    }
  }
}
