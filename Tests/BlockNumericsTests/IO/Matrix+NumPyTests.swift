import Testing
@testable import BlockNumerics

@Suite struct MatrixNumPyTests {
  func checkRoundTrips<Scalar: BLASScalar>(_: Scalar.Type) throws {
    for (rows, columns) in [(0, 0), (0, 3), (1, 1), (1, 9), (9, 1), (7, 5)] {
      let m = Matrix<Scalar>.random(rows: rows, columns: columns, in: -5..<5, seed: UInt64(rows * 10 + columns))
      for version in [NumPyFormat.Version.automatic, .v1, .v2] {
        let bytes = m.npyData(version: version)
        #expect(bytes.count % 64 == (m.count * MemoryLayout<Scalar>.size) % 64, "data starts on a 64-byte boundary")
        #expect(try Matrix<Scalar>(npyData: bytes) == m, "\(rows)×\(columns) \(version)")
      }
      try Fixtures.withTemporaryPath("m.npy") { path in
        try m.writeNPY(to: path)
        #expect(try Matrix<Scalar>(contentsOfNPYFile: path) == m)
      }
    }
    let vector: [Scalar] = [1, -2.5, 3]
    #expect(try NumPyFormat.vector(npyData: NumPyFormat.data(vector: vector), as: Scalar.self) == vector)
  }

  @Test func roundTrips() throws {
    try checkRoundTrips(Float.self)
    try checkRoundTrips(Double.self)
  }

  @Test func readsWhatNumPyWrote() throws {
    let expected = try Fixtures.matrix("io/a_f64_v1.npy", as: Double.self)
    #expect(expected.shape == (3, 4))
    #expect(try Fixtures.matrix("io/a_f64_v2.npy", as: Double.self) == expected)
    let single = try Fixtures.matrix("io/a_f32_v1.npy", as: Float.self)
    #expect(single.shape == (3, 4) && single.elements == expected.elements.map(Float.init))
    // float32 data read as Double is converted exactly.
    #expect(try Fixtures.matrix("io/a_f32_v1.npy", as: Double.self).elements == single.elements.map(Double.init))
    #expect(try Fixtures.matrix("io/vector_f64.npy", as: Double.self).elements == [1.5, -2, 3.25])
    #expect(try Fixtures.matrix("io/vector_f64.npy", as: Double.self).shape == (1, 3))
    #expect(try NumPyFormat.vector(contentsOfFile: Fixtures.path("io/vector_f64.npy"), as: Double.self) == [1.5, -2, 3.25])
    #expect(try Fixtures.matrix("io/scalar_f64.npy", as: Double.self).elements == [4.5])
    #expect(try Fixtures.matrix("io/empty_f64.npy", as: Double.self).shape == (0, 3))
    // Our bytes are what numpy.save writes for the same array.
    let numpyBytes = try FileAccess.readBytes(Fixtures.path("io/a_f64_v1.npy"))
    #expect(expected.npyData() == numpyBytes)
  }

  @Test(arguments: [
    ("io/fortran_f64.npy", "Fortran"), ("io/bigendian_f64.npy", "big-endian"), ("io/int64.npy", "<i8"), ("io/three_d_f64.npy", "3-d"),
  ])
  func unsupportedFilesThrowSayingWhy(file: String, reason: String) {
    #expect {
      try Fixtures.matrix(file, as: Double.self)
    } throws: { error in
      guard case .malformedInput(".npy", let location, let message) = error as? BlockNumericsError else { return false }
      return location.hasPrefix("byte ") && message.contains(reason)
    }
  }

  @Test func malformedInputThrowsNamingAByteOffset() {
    for (name, bytes) in ReaderCorpora.npy() {
      #expect(
        "\(name)",
        performing: { try Matrix<Double>(npyData: bytes) },
        throws: { error in
          guard case .malformedInput(".npy", let location, _) = error as? BlockNumericsError else { return false }
          return location.hasPrefix("byte ")
        })
    }
  }

  @Test func vectorsRefuseMatricesAndMissingFilesThrow() {
    #expect(throws: BlockNumericsError.self) { try NumPyFormat.vector(npyData: Matrix<Double>(rows: 2, columns: 2).npyData(), as: Double.self) }
    #expect {
      try Matrix<Double>(contentsOfNPYFile: "/nonexistent/file.npy")
    } throws: { error in
      if case .fileAccess(let path, _) = error as? BlockNumericsError { return path == "/nonexistent/file.npy" }
      return false
    }
  }
}
