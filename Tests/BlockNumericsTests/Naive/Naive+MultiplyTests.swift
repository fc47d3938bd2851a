import Testing

@testable import BlockNumerics

/// Shapes `m × k` times `k × n` around the edges: empty, one, odd, tall and wide.
let edgeProductShapes: [(m: Int, k: Int, n: Int)] = [
  (0, 0, 0), (0, 5, 3), (4, 0, 3), (3, 5, 0),
  (1, 1, 1), (1, 7, 1), (7, 1, 5), (7, 13, 5), (13, 5, 7),
  (1, 40, 33), (33, 40, 1), (200, 3, 150), (3, 200, 4),
]

/// Checks `product(a, b)` against `a * b` (BLAS) on seeded random operands, with a
/// relative tolerance of a few `k·ε`: the rounding bound of a length-`k` dot product.
func expectMatchesBLAS<Scalar: BLASScalar>(
  _: Scalar.Type, m: Int, k: Int, n: Int, seed: UInt64,
  _ product: (Matrix<Scalar>, Matrix<Scalar>) throws -> Matrix<Scalar>,
  sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let a = Matrix<Scalar>.random(rows: m, columns: k, in: -1..<1, seed: seed)
  let b = Matrix<Scalar>.random(rows: k, columns: n, in: -1..<1, seed: seed &+ 1)
  let result = try product(a, b)
  let reference = a * b
  let tolerance = 4 * Scalar(Swift.max(k, 1)) * Scalar.ulpOfOne
  #expect(
    result.rows == m && result.columns == n,
    "\(Scalar.self) \(m)×\(k) · \(k)×\(n), seed \(seed): got shape \(result.shapeDescription)",
    sourceLocation: sourceLocation)
  #expect(
    result.isApproximatelyEqual(to: reference, tolerance: tolerance),
    "\(Scalar.self) \(m)×\(k) · \(k)×\(n), seed \(seed): relative error \((result - reference).frobeniusNorm / Swift.max(reference.frobeniusNorm, .leastNonzeroMagnitude)) above \(tolerance)",
    sourceLocation: sourceLocation)
}

/// Checks that `product` throws a shape mismatch naming both shapes.
func expectShapeMismatch<Scalar: BLASScalar>(
  _: Scalar.Type, _ product: (Matrix<Scalar>, Matrix<Scalar>) throws -> Matrix<Scalar>,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let a = Matrix<Scalar>(rows: 3, columns: 4)
  let b = Matrix<Scalar>(rows: 5, columns: 2)
  let error = #expect(throws: BlockNumericsError.self, sourceLocation: sourceLocation) {
    try product(a, b)
  }
  guard case let .shapeMismatch(_, message)? = error else {
    Issue.record("expected shapeMismatch, got \(String(describing: error))", sourceLocation: sourceLocation)
    return
  }
  #expect(message.contains("3×4") && message.contains("5×2"), "\(message)", sourceLocation: sourceLocation)
}

@Suite("Naive.multiply")
struct NaiveMultiplyTests {
  @Test("matches BLAS at edge shapes", arguments: edgeProductShapes.indices)
  func matchesBLAS(shapeIndex: Int) throws {
    let (m, k, n) = edgeProductShapes[shapeIndex]
    try expectMatchesBLAS(Float.self, m: m, k: k, n: n, seed: 10) { try Naive.multiply($0, $1) }
    try expectMatchesBLAS(Double.self, m: m, k: k, n: n, seed: 10) { try Naive.multiply($0, $1) }
  }

  @Test("matches BLAS at a few hundred")
  func matchesBLASLarge() throws {
    try expectMatchesBLAS(Float.self, m: 150, k: 300, n: 170, seed: 11) { try Naive.multiply($0, $1) }
    try expectMatchesBLAS(Double.self, m: 150, k: 300, n: 170, seed: 11) { try Naive.multiply($0, $1) }
  }

  @Test("is exact on small integers")
  func exactOnIntegers() throws {
    let a = try Matrix<Double>([[1, 2, 3], [4, 5, 6]])
    let b = try Matrix<Double>([[7, 8], [9, 10], [11, 12]])
    #expect(try Naive.multiply(a, b) == Matrix([[58, 64], [139, 154]]))
    let zeros = try Naive.multiply(Matrix<Float>(rows: 2, columns: 0), Matrix<Float>(rows: 0, columns: 3))
    #expect(zeros == Matrix<Float>(rows: 2, columns: 3))
  }

  @Test("throws on inner dimensions that differ")
  func shapeMismatch() {
    expectShapeMismatch(Float.self) { try Naive.multiply($0, $1) }
    expectShapeMismatch(Double.self) { try Naive.multiply($0, $1) }
  }
}
