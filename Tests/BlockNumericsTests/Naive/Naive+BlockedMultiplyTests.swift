import Testing

@testable import BlockNumerics

@Suite("Naive.blockedMultiply")
struct NaiveBlockedMultiplyTests {
  /// Small tiles, so every tile edge is reached by small matrices.
  static let small = try! Naive.BlockedParameters(rowTile: 6, innerTile: 5, columnTile: 8)

  /// Sizes around each of ``small``'s tiles (−1, exact, +1) and around the four-row
  /// unrolling of the kernel.
  static let tileEdgeShapes: [(m: Int, k: Int, n: Int)] = [
    (5, 4, 7), (6, 5, 8), (7, 6, 9),
    (3, 5, 8), (4, 5, 8), (8, 5, 8), (9, 11, 17), (12, 10, 16), (13, 9, 15),
    (25, 26, 33), (1, 11, 1), (17, 1, 23),
  ]

  @Test("matches BLAS at edge shapes, automatic tiles", arguments: edgeProductShapes.indices)
  func matchesBLAS(shapeIndex: Int) throws {
    let (m, k, n) = edgeProductShapes[shapeIndex]
    try expectMatchesBLAS(Float.self, m: m, k: k, n: n, seed: 20) { try Naive.blockedMultiply($0, $1) }
    try expectMatchesBLAS(Double.self, m: m, k: k, n: n, seed: 20) { try Naive.blockedMultiply($0, $1) }
  }

  @Test("matches BLAS around small tile edges", arguments: tileEdgeShapes.indices)
  func matchesBLASAroundSmallTiles(shapeIndex: Int) throws {
    let (m, k, n) = Self.tileEdgeShapes[shapeIndex]
    try expectMatchesBLAS(Float.self, m: m, k: k, n: n, seed: 21) {
      try Naive.blockedMultiply($0, $1, parameters: Self.small)
    }
    try expectMatchesBLAS(Double.self, m: m, k: k, n: n, seed: 21) {
      try Naive.blockedMultiply($0, $1, parameters: Self.small)
    }
  }

  @Test("matches BLAS around the automatic tile edges", arguments: [-1, 0, 1])
  func matchesBLASAroundAutomaticTiles(offset: Int) throws {
    let tiles = Naive.BlockedParameters.automatic
    // Each dimension sits at one tile edge; the other two stay small to keep debug builds quick.
    let shapes = [
      (tiles.rowTile + offset, 9, 10),
      (10, tiles.innerTile + offset, 9),
      (9, 10, tiles.columnTile + offset),
    ]
    for (m, k, n) in shapes {
      try expectMatchesBLAS(Float.self, m: m, k: k, n: n, seed: 22) { try Naive.blockedMultiply($0, $1) }
      try expectMatchesBLAS(Double.self, m: m, k: k, n: n, seed: 22) { try Naive.blockedMultiply($0, $1) }
    }
  }

  @Test("matches BLAS at a few hundred, across several tiles")
  func matchesBLASLarge() throws {
    try expectMatchesBLAS(Float.self, m: 150, k: 300, n: 270, seed: 23) { try Naive.blockedMultiply($0, $1) }
    try expectMatchesBLAS(Double.self, m: 150, k: 300, n: 270, seed: 23) { try Naive.blockedMultiply($0, $1) }
  }

  @Test("agrees with the triple loop")
  func agreesWithTripleLoop() throws {
    let a = Matrix<Double>.random(rows: 31, columns: 17, seed: 24)
    let b = Matrix<Double>.random(rows: 17, columns: 29, seed: 25)
    let blocked = try Naive.blockedMultiply(a, b, parameters: Self.small)
    #expect(blocked.isApproximatelyEqual(to: try Naive.multiply(a, b), tolerance: 4 * 17 * .ulpOfOne))
  }

  @Test("throws on inner dimensions that differ")
  func shapeMismatch() {
    expectShapeMismatch(Float.self) { try Naive.blockedMultiply($0, $1) }
    expectShapeMismatch(Double.self) { try Naive.blockedMultiply($0, $1) }
  }

  @Test("rejects tile sizes below 1")
  func invalidParameters() {
    #expect(throws: BlockNumericsError.self) {
      try Naive.BlockedParameters(rowTile: 0, innerTile: 4, columnTile: 4)
    }
    #expect(throws: BlockNumericsError.self) {
      try Naive.BlockedParameters(rowTile: 4, innerTile: -1, columnTile: 4)
    }
    #expect(throws: BlockNumericsError.self) {
      try Naive.BlockedParameters(rowTile: 4, innerTile: 4, columnTile: 0)
    }
  }
}
