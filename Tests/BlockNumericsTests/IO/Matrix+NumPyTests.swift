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

  /// Whether `m` has `rows × columns` and the values of `expected`, NaN equal to NaN.
  func same<Scalar: BLASScalar>(_ m: Matrix<Scalar>, _ expected: Matrix<Scalar>) -> Bool {
    m.rows == expected.rows && m.columns == expected.columns
      && zip(m.elements, expected.elements).allSatisfy { ($0.isNaN && $1.isNaN) || $0 == $1 }
  }

  /// Every numeric dtype NumPy writes, in C and Fortran order and each byte order, equals
  /// the values NumPy converted to float64 (`dtype_<name>_expected.npy`).
  @Test(arguments: ["f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"])
  func readsEveryDTypeInEveryOrderAndByteOrder(name: String) throws {
    let expected = try Fixtures.matrix("io/dtype_\(name)_expected.npy", as: Double.self)
    #expect(expected.shape == (2, 3))
    let endians = name == "i1" || name == "u1" || name == "b1" ? ["na"] : ["le", "be"]
    for order in ["C", "F"] {
      for endian in endians {
        let file = "io/dtype_\(name)_\(order)_\(endian).npy"
        let header = try NumPyFormat.parse(FileAccess.readBytes(Fixtures.path(file))).header
        #expect(header.fortranOrder == (order == "F"), "\(file)")
        #expect(same(try Fixtures.matrix(file, as: Double.self), expected), "\(file)")
        // As Float: floats round as astype does; integers round only when asked to.
        let single = try Matrix<Float>(contentsOfNPYFile: Fixtures.path(file), lossy: true)
        #expect(same(single, try Fixtures.matrix("io/dtype_\(name)_expected.npy", as: Float.self)), "\(file)")
        #expect(same(try Matrix<Double>(contentsOfNPYFile: Fixtures.path(file), lossy: true), expected), "\(file)")
      }
    }
  }

  @Test func floatsConvertAsAstypeDoes() throws {
    // float64 → Float rounds to nearest: max → ∞, the smallest subnormal → 0.
    let f8 = try Fixtures.matrix("io/dtype_f8_F_be.npy", as: Float.self).elements
    #expect(Array(f8[0..<5]) == [Float(0.1), -2.5, .infinity, 0, -.infinity] && f8[5].isNaN)
    // float16 and float32 are exact in Double.
    #expect(try Fixtures.matrix("io/dtype_f2_C_le.npy", as: Double.self).elements[0] == Double(Float16(0.1)))
    #expect(try Fixtures.matrix("io/dtype_f4_F_le.npy", as: Double.self).elements[2] == Double(Float.greatestFiniteMagnitude))
    #expect(try NumPyFormat.vector(contentsOfFile: Fixtures.path("io/vector_f2.npy"), as: Float.self) == [0.5, -1, 65504, 0x1p-24])
  }

  @Test func fortranOrderIsReadAsTheTransposeItIs() throws {
    let a = try Fixtures.matrix("io/transposed_a.npy", as: Double.self)
    let aT = try Fixtures.matrix("io/transposed_aT.npy", as: Double.self)
    #expect(aT.shape == (4, 3) && aT == a.transposed)
    #expect(try NumPyFormat.parse(FileAccess.readBytes(Fixtures.path("io/transposed_aT.npy"))).header.fortranOrder)
    let expected = try Fixtures.matrix("io/a_f64_v1.npy", as: Double.self)
    #expect(try Fixtures.matrix("io/fortran_f64.npy", as: Double.self) == expected)
    #expect(try Fixtures.matrix("io/bigendian_f64.npy", as: Double.self) == expected)
    #expect(try Fixtures.matrix("io/int64.npy", as: Float.self) == Matrix(rows: 2, columns: 3, elements: [0, 1, 2, 3, 4, 5]))
    // A single column (or row) in Fortran order is laid out as in C order: copied as it is.
    let column = NumPyFormatLabelsTests.npy("<f8", [1.5, 2.5].map(\.bitPattern), shape: "(2, 1)", fortranOrder: true)
    #expect(try Matrix<Double>(npyData: column) == Matrix(rows: 2, columns: 1, elements: [1.5, 2.5]))
    let row = NumPyFormatLabelsTests.npy(">f4", [Float(1.5), 2.5].map { UInt64($0.bitPattern) }, shape: "(1, 2)", fortranOrder: true)
    #expect(try Matrix<Double>(npyData: row) == Matrix(rows: 1, columns: 2, elements: [1.5, 2.5]))
  }

  @Test func zeroAndOneDimensionalArraysOfAnyDType() throws {
    #expect(try Fixtures.matrix("io/scalar_i2.npy", as: Double.self).elements == [-7])
    #expect(try Fixtures.matrix("io/scalar_i2.npy", as: Double.self).shape == (1, 1))
    #expect(try NumPyFormat.vector(contentsOfFile: Fixtures.path("io/scalar_i2.npy"), as: Float.self) == [-7])
    #expect(try NumPyFormat.vector(contentsOfFile: Fixtures.path("io/mask_b1.npy"), as: Double.self) == [1, 0, 0, 1])
    #expect(try Fixtures.matrix("io/labels_i8.npy", as: Double.self).shape == (1, 6))
  }

  /// Without `lossy`, an integer the scalar type cannot hold exactly is an error naming its
  /// index, value and dtype; with it, the value rounds as `astype` does.
  @Test func integersThatDoNotConvertExactlyThrowUnlessLossy() throws {
    func expectRefusal(_ message: String, contains parts: [String], performing read: () throws -> Void) {
      #expect {
        try read()
      } throws: { error in
        guard case .malformedInput(".npy", let location, let text) = error as? BlockNumericsError else { return false }
        return location.hasPrefix("byte ") && parts.allSatisfy { text.contains($0) }
      }
    }
    let beyond = Fixtures.path("io/int64_beyond_2p53.npy")
    expectRefusal("int64", contains: ["element [0, 0]", "9007199254740993", "'<i8'", "Double", "2^53", "lossy: true"]) {
      _ = try Matrix<Double>(contentsOfNPYFile: beyond)
    }
    let rounded = try Fixtures.matrix("io/int64_beyond_2p53_rounded.npy", as: Double.self)
    #expect(try Matrix<Double>(contentsOfNPYFile: beyond, lossy: true) == rounded)
    #expect(try Matrix<Float>(contentsOfNPYFile: beyond, lossy: true) == Fixtures.matrix("io/int64_beyond_2p53_rounded.npy", as: Float.self))
    // 2^24 + 1 is exact in Double, not in Float; 2^32 − 1 neither in Float.
    let uint32 = Fixtures.path("io/uint32_max.npy")
    #expect(try NumPyFormat.vector(contentsOfFile: uint32, as: Double.self) == [16_777_216, 16_777_217, 4_294_967_295])
    expectRefusal("uint32", contains: ["element [1]", "16777217", "'<u4'", "Float", "2^24"]) {
      _ = try NumPyFormat.vector(contentsOfFile: uint32, as: Float.self)
    }
    #expect(try NumPyFormat.vector(contentsOfFile: uint32, as: Float.self, lossy: true) == [16_777_216, 16_777_216, 4_294_967_296])
    // The index is the array's, whatever the storage order: [1, 2] is int32.max in both
    // (int32.min = -2^31 at [0, 0] is exact in Float).
    for (file, descriptor) in [("io/dtype_i4_C_le.npy", "'<i4'"), ("io/dtype_i4_F_be.npy", "'>i4'")] {
      expectRefusal(file, contains: ["element [1, 2]", "2147483647", descriptor, "Float"]) {
        _ = try Matrix<Float>(contentsOfNPYFile: Fixtures.path(file))
      }
    }
  }

  @Test(arguments: [
    ("io/three_d_f64.npy", "3-d array of shape [2, 2, 2]"), ("io/refused_c16.npy", "complex"), ("io/refused_c8.npy", "complex"),
    ("io/refused_M8.npy", "datetime64"), ("io/refused_m8.npy", "timedelta64"), ("io/refused_U3.npy", "string"),
    ("io/refused_S3.npy", "string"), ("io/refused_V4.npy", "void"), ("io/refused_object.npy", "object array (needs pickle)"),
    ("io/refused_structured.npy", "structured dtype"), ("io/refused_longdouble.npy", "long double"),
  ])
  func unsupportedFilesThrowSayingWhy(file: String, reason: String) {
    for read in [
      { _ = try Fixtures.matrix(file, as: Double.self) },
      { _ = try NumPyFormat.vector(contentsOfFile: Fixtures.path(file), as: Float.self, lossy: true) },
      { _ = try NumPyFormat.labels(contentsOfFile: Fixtures.path(file)) },
    ] as [() throws -> Void] {
      #expect {
        try read()
      } throws: { error in
        guard case .malformedInput(".npy", let location, let message) = error as? BlockNumericsError else { return false }
        return location.hasPrefix("byte ") && message.contains(reason)
      }
    }
  }

  @Test func readsPython2Headers() throws {
    // numpy/lib/tests/data/win64python2.npy writes the shape as (2L,).
    let text = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }"
    let header = Array(text.utf8) + Array(repeating: UInt8(ascii: " "), count: 118 - text.utf8.count - 1) + [10]
    var bytes = NumPyFormat.magic + [1, 0, UInt8(header.count), 0] + header
    for value in [1.5, -2.0] { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
    #expect(try NumPyFormat.vector(npyData: bytes, as: Double.self) == [1.5, -2])
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
