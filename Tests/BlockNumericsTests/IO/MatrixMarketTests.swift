import Testing
@testable import BlockNumerics

@Suite struct MatrixMarketTests {
  @Test func readsWhatSciPyWrote() throws {
    let expected = try Fixtures.matrix("io/mtx_expected.npy", as: Double.self)
    #expect(try Matrix<Double>(contentsOfMatrixMarketFile: Fixtures.path("io/general_array.mtx")) == expected)
    #expect(try Matrix<Double>(contentsOfMatrixMarketFile: Fixtures.path("io/general_coordinate.mtx")) == expected)
    #expect(try Matrix<Float>(contentsOfMatrixMarketFile: Fixtures.path("io/general_coordinate.mtx")) == expected.map { $0 }.elements.map(Float.init).asMatrix(3, 4))
    for (file, reference) in [
      ("integer_coordinate", "integer_expected"), ("symmetric_coordinate", "symmetric_expected"),
      ("symmetric_array", "symmetric_expected"), ("skew_coordinate", "skew_expected"),
    ] {
      #expect(
        try Matrix<Double>(contentsOfMatrixMarketFile: Fixtures.path("io/\(file).mtx")) == Fixtures.matrix("io/\(reference).npy", as: Double.self),
        "\(file)")
    }
    #expect(try Matrix<Double>(contentsOfMatrixMarketFile: Fixtures.path("io/pattern_coordinate.mtx")).elements == [1, 0, 1, 1])
    let coordinates = try MatrixMarket.coordinates(contentsOfFile: Fixtures.path("io/symmetric_coordinate.mtx"), as: Double.self)
    #expect(coordinates.rows == 3 && coordinates.entries.count == 7)
  }

  func checkRoundTrips<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (rows, columns) in [(0, 0), (1, 1), (1, 5), (5, 1), (4, 7)] {
      var m = Matrix<Scalar>.random(rows: rows, columns: columns, in: -1..<1, seed: 3)
      if m.count > 2 { m.withUnsafeMutableBufferPointer { $0[1] = 0 } }
      for format in [MatrixMarket.Format.array, .coordinate] {
        #expect(try Matrix<Scalar>(matrixMarketData: Array(m.matrixMarketText(format: format).utf8)) == m, "\(rows)×\(columns) \(format)")
      }
      try Fixtures.withTemporaryPath("m.mtx") { path in
        try m.writeMatrixMarket(to: path, format: .coordinate)
        #expect(try Matrix<Scalar>(contentsOfMatrixMarketFile: path) == m)
        try MatrixMarket.write(m.coordinates, to: path)
        #expect(try MatrixMarket.coordinates(contentsOfFile: path, as: Scalar.self) == m.coordinates)
      }
    }
  }

  @Test func roundTrips() throws {
    try checkRoundTrips(Float.self)
    try checkRoundTrips(Double.self)
  }

  @Test func duplicateEntriesAddUp() throws {
    let text = "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1.5\n1 1 2\n2 2 -1\n"
    #expect(try Matrix<Double>(matrixMarketData: Array(text.utf8)).elements == [3.5, 0, 0, -1])
  }

  @Test func malformedInputThrowsNamingTheLine() {
    for (name, text, line) in ReaderCorpora.matrixMarket {
      #expect(
        "\(name)",
        performing: { try Matrix<Double>(matrixMarketData: Array(text.utf8)) },
        throws: { error in
          guard case .malformedInput(".mtx", let location, _) = error as? BlockNumericsError else { return false }
          return location == "line \(line)"
        })
    }
  }

  @Test func denseShapesBeyondMemoryAreRefusedBeforeAllocating() throws {
    let text = "%%MatrixMarket matrix coordinate real general\n4000000000 4000000000 1\n1 1 1\n"
    #expect(throws: BlockNumericsError.self) { try Matrix<Double>(matrixMarketData: Array(text.utf8)) }
    // As coordinates, the same file is fine: nothing dense is made.
    #expect(try MatrixMarket.coordinates(data: Array(text.utf8), as: Double.self).entries.count == 1)
  }
}

extension Array where Element: BLASScalar {
  fileprivate func asMatrix(_ rows: Int, _ columns: Int) throws -> Matrix<Element> {
    try Matrix(rows: rows, columns: columns, elements: self)
  }
}
