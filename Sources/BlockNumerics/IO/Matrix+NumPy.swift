extension Matrix {
  /// A matrix from the bytes of a NumPy `.npy` file (`numpy.save`).
  ///
  /// Reads every numeric dtype NumPy writes without pickling: float16, float32 and float64;
  /// signed and unsigned integers of 1, 2, 4 and 8 bytes; bool (as 0 and 1); little- or
  /// big-endian; C or Fortran order. 2-d arrays keep their shape; a 1-d array of length `n`
  /// becomes a `1 × n` matrix and a 0-d array a `1 × 1` matrix. A Fortran-order array (what
  /// `np.save(path, a.T)` writes) is the same matrix as its C-order twin: it is transposed
  /// into row-major storage while converting, in one pass, with no intermediate copy.
  ///
  /// Conversion: floats convert as `arr.astype(...)` would (float64 read as `Float` rounds
  /// to nearest; float16 and float32 are exact). Integers and bools convert exactly; an
  /// integer that `Scalar` cannot represent exactly (some beyond 2^53 in magnitude for
  /// `Double`, beyond 2^24 for `Float`) throws, unless `lossy` is `true`, which rounds it to
  /// the nearest `Scalar` as `arr.astype(...)` does.
  /// - Parameter lossy: Round integers that `Scalar` cannot hold exactly instead of throwing.
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` naming the
  ///   byte offset and the problem: an object array ("needs pickle"), a structured dtype, a
  ///   complex, datetime, timedelta, string or void dtype (named), an array of more than two
  ///   dimensions (its shape named), a truncated file, trailing bytes, or — without `lossy` —
  ///   an integer that does not convert exactly (its index, value and dtype named). The
  ///   declared shape is checked against the bytes present before anything is allocated.
  /// - Complexity: O(bytes + rows · columns).
  public init(npyData bytes: [UInt8], lossy: Bool = false) throws {
    let parsed = try NumPyFormat.parse(bytes)
    let shape = parsed.header.shape
    let rows = shape.count == 2 ? shape[0] : 1
    let columns = shape.count == 2 ? shape[1] : (shape.first ?? 1)
    self.init(_unchecked: rows, columns, try NumPyFormat.elements(bytes, parsed, as: Scalar.self, lossy: lossy))
  }

  /// A matrix read from a NumPy `.npy` file; see ``init(npyData:lossy:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when the file cannot be read,
  ///   and the errors of ``init(npyData:lossy:)``.
  /// - Complexity: O(bytes + rows · columns).
  public init(contentsOfNPYFile path: String, lossy: Bool = false) throws {
    try self.init(npyData: FileAccess.readBytes(path), lossy: lossy)
  }

  /// The bytes of a `.npy` file holding this matrix as a 2-d C-order array of this scalar
  /// type (`<f4` or `<f8`), which `numpy.load` reads.
  /// - Complexity: O(rows · columns).
  public func npyData(version: NumPyFormat.Version = .automatic) -> [UInt8] {
    NumPyFormat.encode(elements, shape: [rows, columns], version: version)
  }

  /// Writes this matrix to a `.npy` file at `path`, replacing it.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when it cannot be written.
  public func writeNPY(to path: String, version: NumPyFormat.Version = .automatic) throws {
    try FileAccess.write(npyData(version: version), to: path)
  }
}

extension NumPyFormat {
  /// A vector from the bytes of a 1-d `.npy` array (a 0-d array gives one element), of any
  /// dtype ``Matrix/init(npyData:lossy:)`` reads, converted the same way.
  /// - Parameter lossy: Round integers that `Scalar` cannot hold exactly instead of throwing.
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` as
  ///   ``Matrix/init(npyData:lossy:)``, and for a 2-d array.
  /// - Complexity: O(bytes).
  public static func vector<Scalar: BLASScalar>(
    npyData bytes: [UInt8], as _: Scalar.Type = Scalar.self, lossy: Bool = false
  ) throws -> [Scalar] {
    let parsed = try parse(bytes)
    guard parsed.header.shape.count <= 1 else {
      throw malformed(10, "expected a 1-d array, found shape \(parsed.header.shape); read it as a Matrix instead")
    }
    return try elements(bytes, parsed, as: Scalar.self, lossy: lossy)
  }

  /// A vector read from a 1-d `.npy` file; see ``vector(npyData:as:lossy:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` and the errors of
  ///   ``vector(npyData:as:lossy:)``.
  /// - Complexity: O(bytes).
  public static func vector<Scalar: BLASScalar>(
    contentsOfFile path: String, as type: Scalar.Type = Scalar.self, lossy: Bool = false
  ) throws -> [Scalar] {
    try vector(npyData: FileAccess.readBytes(path), as: type, lossy: lossy)
  }

  /// The bytes of a `.npy` file holding `vector` as a 1-d array.
  public static func data<Scalar: BLASScalar>(vector: [Scalar], version: Version = .automatic) -> [UInt8] {
    encode(vector, shape: [vector.count], version: version)
  }

  /// Writes `vector` to a 1-d `.npy` file at `path`.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when it cannot be written.
  public static func write<Scalar: BLASScalar>(vector: [Scalar], to path: String, version: Version = .automatic) throws {
    try FileAccess.write(data(vector: vector, version: version), to: path)
  }
}
