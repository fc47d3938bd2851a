import Testing
@testable import BlockNumerics

@Suite struct NumPyFormatLabelsTests {
  func path(_ name: String) -> String { Fixtures.path("io/\(name)") }

  @Test func readsIntegerBoolAndIntegralFloatLabelsExactly() throws {
    #expect(try NumPyFormat.labels(contentsOfFile: path("labels_i8.npy")) == [0, 3, 1, 9, 2, 9])
    #expect(try NumPyFormat.labels(contentsOfFile: path("labels_column_u1.npy")) == [2, 0, 255])
    #expect(try NumPyFormat.labels(contentsOfFile: path("labels_f8.npy")) == [1, 0, -3, 1 << 53])
    #expect(try NumPyFormat.labels(contentsOfFile: path("mask_b1.npy")) == [1, 0, 0, 1])
    #expect(try NumPyFormat.labels(contentsOfFile: path("scalar_i2.npy")) == [-7])
    #expect(try NumPyFormat.labels(npyData: Matrix<Float>(rows: 1, columns: 3, elements: [4, 5, 6]).npyData()) == [4, 5, 6])
    #expect(try NumPyFormat.labels(npyData: Matrix<Double>(rows: 0, columns: 1).npyData()) == [])
    // Every integer dtype, either byte order, exactly — beyond 2^53 too, where a Double could
    // not hold them.
    #expect(try NumPyFormat.labels(npyData: Self.npy("<i8", [Int.min, (1 << 53) + 1, Int.max].map { UInt64(bitPattern: Int64($0)) })) == [Int.min, (1 << 53) + 1, Int.max])
    #expect(try NumPyFormat.labels(npyData: Self.npy(">u8", [UInt64(Int.max), 0])) == [Int.max, 0])
    #expect(try NumPyFormat.labels(npyData: Self.npy("|i1", [0x80, 0x7F, 0xFF])) == [-128, 127, -1])
    #expect(try NumPyFormat.labels(npyData: Self.npy(">i2", [0xFFFE, 0x0102])) == [-2, 258])
    #expect(try NumPyFormat.labels(npyData: Self.npy("<u2", [0xFFFF])) == [65535])
    #expect(try NumPyFormat.labels(npyData: Self.npy(">u4", [0xFFFF_FFFF])) == [4_294_967_295])
    #expect(try NumPyFormat.labels(npyData: Self.npy("<i4", [0x8000_0000])) == [-2_147_483_648])
    #expect(try NumPyFormat.labels(npyData: Self.npy("|b1", [0, 1, 2])) == [0, 1, 1])
    #expect(try NumPyFormat.labels(npyData: Self.npy("<f2", [0x4200])) == [3])
    #expect(try NumPyFormat.labels(npyData: Self.npy(">f4", [0xC040_0000])) == [-3])
    // A single row or column in Fortran order is stored as in C order.
    #expect(try NumPyFormat.labels(npyData: Self.npy("<i2", [5, 6, 7], shape: "(3, 1)", fortranOrder: true)) == [5, 6, 7])
    #expect(try NumPyFormat.labels(npyData: Self.npy(">u2", [5, 6, 7], shape: "(1, 3)", fortranOrder: true)) == [5, 6, 7])
    #expect(try NumPyFormat.labels(npyData: Self.npy("<i8", [9], shape: "()")) == [9])
  }

  /// A 1-d `.npy` of `descriptor` holding `values`, each as `descriptor`'s byte count in its
  /// byte order (the low bytes of each value).
  static func npy(_ descriptor: String, _ values: [UInt64], shape: String? = nil, fortranOrder: Bool = false) -> [UInt8] {
    let size = Int(descriptor.dropFirst(2))!
    let text = "{'descr': '\(descriptor)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shape ?? "(\(values.count),)"), }"
    let header = Array(text.utf8) + Array(repeating: UInt8(ascii: " "), count: 118 - text.utf8.count - 1) + [10]
    var bytes = NumPyFormat.magic + [1, 0, UInt8(header.count), 0] + header
    for value in values {
      let little = (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
      bytes += descriptor.hasPrefix(">") ? little.reversed() : little
    }
    return bytes
  }

  @Test func labelsUsedToTrain() throws {
    let labels = try NumPyFormat.labels(contentsOfFile: path("labels_i8.npy"))
    let inputs = Matrix<Double>.random(rows: labels.count, columns: 4, seed: 1)
    var model = Sequential<Double>([Dense(inputs: 4, outputs: 10, seed: 1)])
    let history = try model.fit(
      inputs: inputs, labels: labels, loss: .softmaxCrossEntropy, optimizer: SGD<Double>(learningRate: 0.1), epochs: 2, batchSize: 3)
    #expect(history.losses.count == 2)
  }

  @Test(arguments: [
    ("labels_fraction_f8.npy", ["element [1]", "2.5", "'<f8'", "not an integer"]),
    ("labels_u8_huge.npy", ["element [1]", "9223372036854775808", "'<u8'", "outside Int's range"]),
    ("dtype_i4_C_le.npy", ["shape [2, 3]", "1-d"]),
    ("refused_object.npy", ["object array (needs pickle)"]),
    ("three_d_f64.npy", ["3-d"]),
  ])
  func nonLabelsThrowSayingWhy(file: String, parts: [String]) {
    #expect {
      try NumPyFormat.labels(contentsOfFile: path(file))
    } throws: { error in
      guard case .malformedInput(".npy", let location, let message) = error as? BlockNumericsError else { return false }
      return location.hasPrefix("byte ") && parts.allSatisfy { message.contains($0) }
    }
  }

  @Test func nonFiniteValuesAreNotLabelsAndMissingFilesThrow() {
    for value in [Double.nan, .infinity, 1e300] {
      #expect {
        try NumPyFormat.labels(npyData: NumPyFormat.data(vector: [1, value]))
      } throws: { error in
        guard case .malformedInput(".npy", _, let message) = error as? BlockNumericsError else { return false }
        return message.contains("element [1]") && message.contains(value.isFinite ? "outside Int's range" : "not an integer")
      }
    }
    #expect {
      try NumPyFormat.labels(contentsOfFile: "/nonexistent/labels.npy")
    } throws: { error in
      if case .fileAccess(let path, _) = error as? BlockNumericsError { return path == "/nonexistent/labels.npy" }
      return false
    }
  }
}
