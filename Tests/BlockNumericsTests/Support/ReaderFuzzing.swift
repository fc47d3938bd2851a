// The property every file reader must have, shared by the test suite (regression corpus)
// and the libFuzzer harness (Tests/Fuzz/ReadersFuzzer.swift, built by scripts/fuzz into one
// module with the library sources, hence no import there).
#if !BLOCKNUMERICS_FUZZER
@testable import BlockNumerics
#endif

/// Feeds arbitrary bytes to one of the readers and checks what comes back.
///
/// The first byte picks the reader (and its options), the rest is the file:
///
/// | byte % 8 | reader |
/// |---|---|
/// | 0 | `Matrix<Double>(npyData:lossy:)`, `lossy` when bit 3 (0x08) is set |
/// | 1 | `Matrix<Float>(npyData:)`; bit 3 set: `NumPyArchive(npzData:)`, every entry read, written back stored (bit 4 clear) or deflated (bit 4 set) |
/// | 2 | `NumPyFormat.vector(npyData:as: Double.self)`, or `NumPyFormat.labels(npyData:)` when bit 3 is set |
/// | 3 | `Matrix<Double>(matrixMarketData:)` |
/// | 4 | `MatrixMarket.coordinates(data:)` → `BlockSparseMatrix(_:blockRows:blockColumns:)` |
/// | 5 | `Matrix<Double>(csvData:)` |
/// | 6 | `Matrix<Float>(csvData:hasHeader: true, separator:)`, separator from the byte |
/// | 7 | `Matrix<Float>(matrixMarketData:)` |
///
/// A reader must either throw ``BlockNumericsError`` or return a value that survives a
/// round trip (write, read again, equal — NaN equal to NaN; a `.npz` archive must give the
/// same names and entry bytes, and each entry read through the archive what the `.npy`
/// reader gives on its bytes). Anything else — another error
/// type, a round trip that changes values, a crash, a hang — is a finding.
///
/// Bound on allocation: a file may legitimately declare a dense `.mtx` matrix of up to half
/// the physical memory, and a block-sparse one whose block-row pointer array is that large
/// (the library refuses anything larger). To keep fuzzing inside a fixed memory budget the
/// harness does not hand such files to the allocating step: dense shapes above
/// ``maximumDenseElements`` and block grids above ``maximumBlockRows`` are parsed as
/// coordinates only. Everything else a reader allocates is bounded by the input's length.
enum ReaderFuzzing {
  /// The largest dense `.mtx` shape (elements) the harness builds: 32 MiB of Double.
  static let maximumDenseElements = 1 << 22
  /// The largest dense matrix the harness writes back as text and reads again. A 60-byte
  /// file may declare 4 million zeros; their array-format text round trip took 17 s under
  /// AddressSanitizer, past the fuzzer's 10 s timeout, while the read itself is instant.
  static let maximumRoundTripElements = 1 << 18
  /// The largest number of block rows the harness lets a BSR have.
  static let maximumBlockRows = 1 << 20
  /// The selectors of the `.npz` reader: written back stored, and deflated.
  static let npzSelectors: [UInt8] = [1 | 0x08, 1 | 0x18]

  enum Outcome: Equatable {
    /// The reader accepted the input and the round trip held.
    case parsed
    /// The reader threw ``BlockNumericsError``.
    case rejected
    /// Above the harness's allocation bound (see the type's description).
    case skipped
  }

  /// What happened, or a description of the violated property.
  static func check(_ input: [UInt8]) -> Result<Outcome, Violation> {
    guard let selector = input.first else { return .success(.rejected) }
    let bytes = Array(input.dropFirst())
    do {
      switch selector % 8 {
      case 0: return try roundTripNPY(Matrix<Double>(npyData: bytes, lossy: selector & 0x08 != 0))
      case 1 where selector & 0x08 != 0: return try roundTripNPZ(bytes, compressed: selector & 0x10 != 0)
      case 1: return try roundTripNPY(Matrix<Float>(npyData: bytes))
      case 2 where selector & 0x08 != 0: return try roundTripLabels(NumPyFormat.labels(npyData: bytes))
      case 2:
        let vector = try NumPyFormat.vector(npyData: bytes, as: Double.self)
        let again = try NumPyFormat.vector(npyData: NumPyFormat.data(vector: vector), as: Double.self)
        return again.map(\.bitPattern) == vector.map(\.bitPattern)
          ? .success(.parsed) : .failure(Violation("npy vector round trip changed \(vector) to \(again)"))
      case 3: return try dense(bytes, as: Double.self)
      case 4: return try blockSparse(bytes, selector: selector)
      case 5: return try roundTripCSV(Matrix<Double>(csvData: bytes), separator: ",")
      case 6:
        let separators: [Character] = [",", ";", "\t", " "]
        let separator = separators[Int(selector >> 3) % 4]
        return try roundTripCSV(Matrix<Float>(csvData: bytes, hasHeader: true, separator: separator), separator: separator)
      default: return try dense(bytes, as: Float.self)
      }
    } catch is BlockNumericsError {
      return .success(.rejected)
    } catch {
      return .failure(Violation("a reader threw \(type(of: error)), not BlockNumericsError: \(error)"))
    }
  }

  struct Violation: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }

  /// Whether two arrays hold the same bits (NaN payloads included).
  static func sameBits<Scalar: BLASScalar>(_ a: [Scalar], _ b: [Scalar]) -> Bool {
    a.count == b.count && a.withUnsafeBytes { x in b.withUnsafeBytes { y in x.elementsEqual(y) } }
  }

  static func same<Scalar: BLASScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) -> Bool {
    a.rows == b.rows && a.columns == b.columns
      && zip(a.elements, b.elements).allSatisfy { ($0.isNaN && $1.isNaN) || $0 == $1 }
  }

  static func roundTripNPY<Scalar: BLASScalar>(_ m: Matrix<Scalar>) throws -> Result<Outcome, Violation> {
    let again = try Matrix<Scalar>(npyData: m.npyData())
    // .npy stores the bits, so even NaN payloads come back.
    guard again.rows == m.rows, again.columns == m.columns,
      sameBits(again.elements, m.elements)
    else { return .failure(Violation("npy round trip changed a \(m.shapeDescription) \(Scalar.self) matrix")) }
    return .success(.parsed)
  }

  /// Labels within ±2^53 written back as a float64 vector read again as the same labels.
  static func roundTripLabels(_ labels: [Int]) throws -> Result<Outcome, Violation> {
    guard labels.allSatisfy({ $0.magnitude <= 1 << 53 }) else { return .success(.parsed) }
    let again = try NumPyFormat.labels(npyData: NumPyFormat.data(vector: labels.map(Double.init)))
    return again == labels ? .success(.parsed) : .failure(Violation("npy labels round trip changed \(labels) to \(again)"))
  }

  static func roundTripNPZ(_ bytes: [UInt8], compressed: Bool) throws -> Result<Outcome, Violation> {
    let archive = try NumPyArchive(npzData: bytes)
    var arrays: [(name: String, npyData: [UInt8])] = []
    for name in archive.names { arrays.append((name, try archive.npyData(named: name))) }
    for (name, data) in arrays {
      // Through the archive or straight from the entry's bytes, the same matrix or error type.
      let direct = Result { try Matrix<Double>(npyData: data) }
      let viaArchive = Result { try archive.matrix(named: name, as: Double.self) }
      switch (direct, viaArchive) {
      case let (.success(m), .success(again)):
        guard m.rows == again.rows, m.columns == again.columns, sameBits(m.elements, again.elements) else {
          return .failure(Violation(".npz entry '\(name)' read through the archive differs from its .npy bytes read directly"))
        }
      case let (.failure(first), .failure(second)):
        guard first is BlockNumericsError, second is BlockNumericsError else {
          return .failure(Violation(".npz entry '\(name)': a reader threw \(type(of: first)) / \(type(of: second)), not BlockNumericsError"))
        }
      default:
        return .failure(Violation(".npz entry '\(name)' parses directly or through the archive, not both"))
      }
    }
    let written: [UInt8]
    do {
      written = try NumPyArchive.npzData(arrays, compressed: compressed)
    } catch BlockNumericsError.invalidArgument {
      return .success(.parsed)  // names or data np.savez could not have written
    }
    let again = try NumPyArchive(npzData: written)
    guard again.names == archive.names else {
      return .failure(Violation(".npz round trip changed the names \(archive.names) to \(again.names)"))
    }
    for (name, data) in arrays where try again.npyData(named: name) != data {
      return .failure(Violation(".npz round trip changed the bytes of entry '\(name)'"))
    }
    return .success(.parsed)
  }

  static func dense<Scalar: BLASScalar>(_ bytes: [UInt8], as _: Scalar.Type) throws -> Result<Outcome, Violation> {
    let coordinates = try MatrixMarket.coordinates(data: bytes, as: Scalar.self)
    let (count, overflow) = coordinates.rows.multipliedReportingOverflow(by: coordinates.columns)
    guard !overflow, count <= maximumDenseElements else {
      // The library's own bound (half the physical memory) must still refuse the absurd.
      if overflow || count > FileAccess.maximumDenseElements(Scalar.self) {
        do {
          _ = try Matrix<Scalar>(matrixMarketData: bytes)
          return .failure(Violation("a dense \(coordinates.rows)×\(coordinates.columns) .mtx was accepted"))
        } catch is BlockNumericsError {}
      }
      return .success(.skipped)
    }
    let m = try Matrix<Scalar>(matrixMarketData: bytes)
    guard count <= maximumRoundTripElements else { return .success(.parsed) }
    for format in [MatrixMarket.Format.array, .coordinate] {
      let again = try Matrix<Scalar>(matrixMarketData: Array(m.matrixMarketText(format: format).utf8))
      guard same(m, again) else { return .failure(Violation(".mtx \(format) round trip changed a \(m.shapeDescription) matrix")) }
    }
    return .success(.parsed)
  }

  static func blockSparse(_ bytes: [UInt8], selector: UInt8) throws -> Result<Outcome, Violation> {
    let coordinates = try MatrixMarket.coordinates(data: bytes, as: Double.self)
    // The largest of 8, 4, 3, 2, 1 not above the selector's choice that divides the extent.
    func blockSize(_ extent: Int, _ wanted: Int) -> Int {
      [8, 4, 3, 2, 1].first { $0 <= wanted && extent % $0 == 0 } ?? 1
    }
    let blockRows = blockSize(coordinates.rows, Int(selector >> 3) % 8 + 1)
    let blockColumns = blockSize(coordinates.columns, Int(selector >> 6) * 3 + 1)
    guard coordinates.rows / blockRows <= maximumBlockRows else {
      // Beyond the library's bound it must throw rather than allocate.
      if coordinates.rows / blockRows + 1 > FileAccess.maximumDenseElements(Int.self) {
        do {
          _ = try BlockSparseMatrix(coordinates, blockRows: blockRows, blockColumns: blockColumns)
          return .failure(Violation("a BSR with \(coordinates.rows / blockRows) block rows was accepted"))
        } catch is BlockNumericsError {}
      }
      return .success(.skipped)
    }
    let s = try BlockSparseMatrix(coordinates, blockRows: blockRows, blockColumns: blockColumns)
    let text = s.matrixMarketText()
    let again = try BlockSparseMatrix(
      MatrixMarket.coordinates(data: Array(text.utf8), as: Double.self), blockRows: blockRows, blockColumns: blockColumns)
    let before = s.nonzeroEntries, after = again.nonzeroEntries
    guard s.rows == again.rows, s.columns == again.columns, before.count == after.count,
      zip(before, after).allSatisfy({ $0.row == $1.row && $0.column == $1.column && (($0.value.isNaN && $1.value.isNaN) || $0.value == $1.value) })
    else { return .failure(Violation(".mtx → BSR round trip changed a \(s.rows)×\(s.columns) matrix")) }
    return .success(.parsed)
  }

  static func roundTripCSV<Scalar: BLASScalar>(_ m: Matrix<Scalar>, separator: Character) throws -> Result<Outcome, Violation> {
    guard m.rows > 0 else { return .success(.parsed) }  // nothing to write back
    let again = try Matrix<Scalar>(csvData: Array(m.csvText(separator: separator).utf8), separator: separator)
    guard same(m, again) else { return .failure(Violation("CSV round trip changed a \(m.shapeDescription) matrix")) }
    return .success(.parsed)
  }
}
