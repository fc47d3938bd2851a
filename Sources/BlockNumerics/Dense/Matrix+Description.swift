extension Matrix: CustomStringConvertible, CustomDebugStringConvertible {
  /// NumPy-style text: one bracketed line per row, columns aligned; matrices with more than
  /// 1000 entries show only their first and last three rows and columns around `...`.
  public var description: String {
    let summarize = count > 1000
    let edge = 3
    func indices(_ n: Int) -> [Int?] {
      guard summarize && n > 2 * edge else { return (0..<n).map { $0 } }
      return (0..<edge).map { $0 } + [nil] + (n - edge..<n).map { $0 }
    }
    let rowIndices = indices(rows)
    let columnIndices = indices(columns)
    func format(_ value: Scalar) -> String {
      if value == value.rounded() && abs(value) < 1e15 { return "\(Int64(value))." }
      return "\(value)"
    }
    let cells: [[String]] = rowIndices.map { i in
      columnIndices.map { j in
        guard let i, let j else { return "..." }
        return format(self[i, j])
      }
    }
    let width = cells.joined().map(\.count).max() ?? 0
    let lines = cells.enumerated().map { (position, row) -> String in
      if rowIndices[position] == nil { return " ..." }
      return " [" + row.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: " ") + "]"
    }
    guard !lines.isEmpty else { return "[]  (\(shapeDescription))" }
    var text = lines.joined(separator: "\n")
    text.replaceSubrange(text.startIndex...text.startIndex, with: "[")
    return text + "]"
  }

  /// The description preceded by the type and shape, e.g. `Matrix<Double> 2×2`.
  public var debugDescription: String { "Matrix<\(Scalar.self)> \(shapeDescription)\n\(description)" }
}
