/// `C ← op(A)·op(B)` with the rows of `C` cut into one panel per core, each panel one
/// single-threaded `gemm`, the panels run by ``ParallelLoop``.
///
/// For skinny products (few columns in `C`, as NMF's `X·Hᵀ`) OpenBLAS runs a single thread
/// however many it has; splitting the rows uses every core. The split follows the shapes and
/// the number of cores, never `BLAS.threadCount`, and every panel is a single-threaded call, so
/// the bits are the same for any thread count. (OpenBLAS may round a small panel differently
/// from the whole product, so machines with other core counts can differ in the last bits.)
/// Shapes must already agree.
/// - Complexity: O(m·n·k), spread over the cores.
func _rowParallelGEMM<Scalar: BLASScalar>(
  _ a: MatrixView<Scalar>, transposeA: Bool = false, _ b: MatrixView<Scalar>, transposeB: Bool = false,
  into c: MutableMatrixView<Scalar>, parameters: ParallelParameters = .automatic
) {
  let inner = transposeA ? a.rows : a.columns
  ParallelLoop.forEachChunk(
    c.rows, work: c.rows * c.columns * inner, chunksPerCore: 1, minimumChunk: parameters.minimumPanelRows,
    parameters: parameters
  ) { rows in
    let panel = transposeA
      ? a.subview(rows: 0..<a.rows, columns: rows) : a.subview(rows: rows, columns: 0..<a.columns)
    BLAS.gemm(panel, transposeA: transposeA, b, transposeB: transposeB, into: c.subview(rows: rows, columns: 0..<c.columns))
  }
}

extension Matrix {
  /// `self · op(other)` through ``_rowParallelGEMM(_:transposeA:_:transposeB:into:parameters:)``;
  /// shapes must agree.
  func _rowParallelProduct(_ other: Matrix, transposeOther: Bool = false) -> Matrix {
    Matrix(_uninitializedRows: rows, columns: transposeOther ? other.rows : other.columns) { c in
      withUnsafeView { a in
        other.withUnsafeView { b in _rowParallelGEMM(a, b, transposeB: transposeOther, into: c) }
      }
    }
  }

  /// `result ← self · other` through ``_rowParallelGEMM(_:transposeA:_:transposeB:into:parameters:)``,
  /// reusing `result`'s storage; shapes must agree (`result` is `rows × other.columns`).
  func _rowParallelProduct(_ other: Matrix, into result: inout Matrix) {
    withUnsafeView { a in
      other.withUnsafeView { b in
        result.withUnsafeMutableView { c in _rowParallelGEMM(a, b, into: c) }
      }
    }
  }
}
