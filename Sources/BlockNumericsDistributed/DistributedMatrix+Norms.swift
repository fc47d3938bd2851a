import BlockNumerics

extension DistributedMatrix {
  /// The Frobenius norm `sqrt(Σ aᵢⱼ²)`, on every process: one ScaLAPACK `p?lange`, which
  /// scales its sums of squares so large entries do not overflow.
  ///
  /// The value computed on grid process (0, 0) is broadcast, so every process (inside the
  /// grid or not) returns the same bits.
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when the processes disagree on the matrix.
  /// - Complexity: collective; O(local entries) plus a reduction over the grid.
  public var frobeniusNorm: Scalar {
    get throws {
      let operation = "DistributedMatrix.frobeniusNorm"
      try grid.communicator._checkActive(operation)
      try grid.communicator._agree(
        nil, values: [rows, columns, blockRows, blockColumns, grid.serial],
        names: ["the number of rows", "the number of columns", "the block rows", "the block columns", "the process grid"],
        operation: operation)
      guard rows > 0 && columns > 0 else { return 0 }
      var norm: Scalar = 0
      if grid.containsThisProcess {
        let descriptor = _descriptor
        var work: Scalar = 0   // not referenced for the Frobenius norm
        norm = _withLocal { local in
          Scalar.plange(norm: UInt8(ascii: "F"), m: Int32(columns), n: Int32(rows), a: local, descriptorA: descriptor, work: &work)
        }
      }
      // Rank 0 is always grid process (0, 0).
      return try grid.communicator.broadcast(grid.communicator.rank == 0 ? norm : nil, root: 0)
    }
  }
}
