extension Matrix {
  /// A matrix from the bytes of a NumPy `.npy` file (`numpy.save`).
  ///
  /// 2-d arrays keep their shape; a 1-d array of length `n` becomes a `1 × n` matrix and a
  /// 0-d array a `1 × 1` matrix. `float32` data read as `Double` (and `float64` as `Float`)
  /// is converted, as `arr.astype(...)` would.
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` naming the
  ///   byte offset and the problem for anything but a little-endian `<f4`/`<f8` C-order
  ///   array of at most two dimensions, for a truncated file, or for trailing bytes. The
  ///   declared shape is checked against the bytes present before anything is allocated.
  /// - Complexity: O(bytes).
  public init(npyData bytes: [UInt8]) throws {
    let parsed = try NumPyFormat.parse(bytes)
    let shape = parsed.header.shape
    let rows = shape.count == 2 ? shape[0] : 1
    let columns = shape.count == 2 ? shape[1] : (shape.first ?? 1)
    self.init(_unchecked: rows, columns, NumPyFormat.elements(bytes, parsed, as: Scalar.self))
  }

  /// A matrix read from a NumPy `.npy` file; see ``init(npyData:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when the file cannot be read,
  ///   and the errors of ``init(npyData:)``.
  public init(contentsOfNPYFile path: String) throws {
    try self.init(npyData: FileAccess.readBytes(path))
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
  /// A vector from the bytes of a 1-d `.npy` array (a 0-d array gives one element).
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` as
  ///   ``Matrix/init(npyData:)``, and for a 2-d array.
  public static func vector<Scalar: BLASScalar>(npyData bytes: [UInt8], as _: Scalar.Type = Scalar.self) throws -> [Scalar] {
    let parsed = try parse(bytes)
    guard parsed.header.shape.count <= 1 else {
      throw malformed(10, "expected a 1-d array, found shape \(parsed.header.shape); read it as a Matrix instead")
    }
    return elements(bytes, parsed, as: Scalar.self)
  }

  /// A vector read from a 1-d `.npy` file.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` and the errors of
  ///   ``vector(npyData:as:)``.
  public static func vector<Scalar: BLASScalar>(contentsOfFile path: String, as type: Scalar.Type = Scalar.self) throws -> [Scalar] {
    try vector(npyData: FileAccess.readBytes(path), as: type)
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
