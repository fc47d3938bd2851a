extension NumPyFormat {
  /// Integer labels (class indices, counts, masks) from the bytes of a `.npy` file, read
  /// exactly into the `[Int]` that `Sequential.fit(inputs:labels:…)` takes.
  ///
  /// The array is 1-d, 0-d (one label), or 2-d with one row or one column (`n × 1` or
  /// `1 × n`, in either order). Its dtype is any integer (signed or unsigned, 1 to 8 bytes,
  /// either byte order) or bool (0 and 1); a float array (float16, float32, float64) is
  /// accepted when every value is an integer within `Int`'s range, as
  /// `np.save(path, y.astype(float))` leaves labels.
  /// - Throws: ``BlockNumericsError/malformedInput(format:location:message:)`` naming the
  ///   byte offset and the problem: every error of ``Matrix/init(npyData:lossy:)``, a shape
  ///   that is not a vector (the shape named), and the first value that is not an integer
  ///   (NaN, ±∞, a fraction) or outside `Int`'s range (a `uint64` above `Int.max`), with
  ///   its index and the dtype.
  /// - Complexity: O(bytes).
  public static func labels(npyData bytes: [UInt8]) throws -> [Int] {
    let parsed = try parse(bytes)
    let shape = parsed.header.shape
    guard shape.count <= 1 || shape[0] <= 1 || shape[1] <= 1 else {
      throw malformed(10, "labels must be a 1-d array (or a single row or column), found shape \(shape)")
    }
    return try integers(bytes, parsed)
  }

  /// Integer labels read from a `.npy` file; see ``labels(npyData:)``.
  /// - Throws: ``BlockNumericsError/fileAccess(path:message:)`` when the file cannot be read,
  ///   and the errors of ``labels(npyData:)``.
  /// - Complexity: O(bytes).
  public static func labels(contentsOfFile path: String) throws -> [Int] {
    try labels(npyData: FileAccess.readBytes(path))
  }
}
