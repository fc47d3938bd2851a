import Testing
@testable import BlockNumerics

@Suite struct MatrixCSVTests {
  @Test func readsWhatNumPyWrote() throws {
    let expected = try Fixtures.matrix("io/a_f64_v1.npy", as: Double.self)
    #expect(try Matrix<Double>(contentsOfCSVFile: Fixtures.path("io/a.csv")) == expected)
    #expect(try Matrix<Double>(contentsOfCSVFile: Fixtures.path("io/a_header.csv"), hasHeader: true) == expected)
  }

  func checkRoundTrips<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (rows, columns) in [(0, 0), (1, 1), (1, 6), (6, 1), (5, 3)] {
      let m = Matrix<Scalar>.random(rows: rows, columns: columns, in: -1e3..<1e3, seed: 9)
      #expect(try Matrix<Scalar>(csvData: Array(m.csvText().utf8)) == m, "\(rows)×\(columns)")
      #expect(try Matrix<Scalar>(csvData: Array(m.csvText(separator: ";").utf8), separator: ";") == m)
      try Fixtures.withTemporaryPath("m.csv") { path in
        try m.writeCSV(to: path)
        #expect(try Matrix<Scalar>(contentsOfCSVFile: path) == m)
      }
    }
  }

  @Test func roundTripsExactly() throws {
    try checkRoundTrips(Float.self)
    try checkRoundTrips(Double.self)
  }

  @Test func dialects() throws {
    #expect(try Matrix<Double>(csvData: Array("1, 2\r\n\r\n3 ,4\n\n".utf8)).elements == [1, 2, 3, 4])
    #expect(try Matrix<Double>(csvData: Array("1\t2\n".utf8), separator: "\t").elements == [1, 2])
    #expect(try Matrix<Double>(csvData: Array("nan,inf,-1e-3\n".utf8)).elements[2] == -1e-3)
  }

  @Test func malformedInputThrowsNamingLineAndField() {
    for (name, text, location) in ReaderCorpora.csv {
      #expect(
        "\(name)",
        performing: { try Matrix<Double>(csvData: Array(text.utf8)) },
        throws: { error in
          guard case .malformedInput("CSV", let where_, _) = error as? BlockNumericsError else { return false }
          return where_ == location
        })
    }
    #expect(throws: BlockNumericsError.self) { try Matrix<Double>(csvData: [], separator: "é") }
  }
}
