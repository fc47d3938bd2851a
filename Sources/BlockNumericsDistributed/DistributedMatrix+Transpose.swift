import BlockNumerics

extension DistributedMatrix {
  /// The transpose, `columns × rows` in `blockColumns × blockRows` blocks on the same grid:
  /// one ScaLAPACK `p?tran`.
  ///
  /// In ScaLAPACK's column-major view this matrix is stored as `Aᵀ` and the result as
  /// `(Aᵀ)ᵀ = A`, so `p?tran` transposes the stored matrix as it is.
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when the processes disagree on the matrix.
  /// - Complexity: collective; O(rows · columns / processes) entries sent per process.
  public var transposed: DistributedMatrix {
    get throws {
      let operation = "DistributedMatrix.transposed"
      let layout = try Self._checkedLayout(
        rows: columns, columns: rows, blockRows: blockColumns, blockColumns: blockRows, grid: grid, operation: operation)
      var result = DistributedMatrix(_zeros: layout, grid: grid)
      guard grid.containsThisProcess, rows > 0, columns > 0 else { return result }
      let descriptor = _descriptor
      let resultDescriptor = result._descriptor
      let (m, n) = (Int32(rows), Int32(columns))
      _withLocal { source in
        result._withMutableLocal { target in
          // Stored: source is Aᵀ (columns × rows, column-major); target is (Aᵀ)ᵀ, rows × columns.
          Scalar.ptran(m: m, n: n, alpha: 1, a: source, descriptorA: descriptor, beta: 0, c: target, descriptorC: resultDescriptor)
        }
      }
      return result
    }
  }
}
