import BlockNumerics

extension DistributedMatrix {
  /// The singular value decomposition by ScaLAPACK's `p?gesvd` (bidiagonalization, then
  /// QR iteration on the bidiagonal matrix on every process); singular values on every
  /// process, `U` and `Vᵀ` distributed over the same grid.
  ///
  /// `p?gesvd` needs square blocks: a matrix whose blocks are not `blockSize × blockSize`
  /// is first redistributed (`p?gemr2d`) into such a copy; the result's vectors use that
  /// block size too. As with `SVD`, the row-major matrix is ScaLAPACK's `Aᵀ = V·Σ·Uᵀ`, so
  /// ScaLAPACK's left vectors are our `Vᵀ` and its right vectors our `U`: no transposes.
  /// - Parameters:
  ///   - vectors: ``DistributedSVD/Vectors/thin`` (default) or ``DistributedSVD/Vectors/none``.
  ///   - blockSize: the square block size to work in; `max(blockRows, blockColumns)` by
  ///     default.
  /// - Throws: on every process: `BlockNumericsError.nonFiniteValue`
  ///   when any entry is NaN or infinite (checked before ScaLAPACK runs, naming the entry);
  ///   `BlockNumericsError.invalidArgument` for a non-positive block
  ///   size or arguments that differ between processes;
  ///   `BlockNumericsError.systemFailure` when a process cannot
  ///   allocate the workspace; `BlockNumericsError.didNotConverge` or
  ///   `BlockNumericsError.lapackFailure` when ScaLAPACK reports
  ///   `info ≠ 0`.
  /// - Complexity: collective; O(m·n·min(m, n) / processes) flops per process for the
  ///   bidiagonalization, plus O(min(m, n)² · (m + n) / processes) for the vectors.
  public func svd(vectors: DistributedSVD<Scalar>.Vectors = .thin, blockSize: Int? = nil) throws -> DistributedSVD<Scalar> {
    let operation = "DistributedMatrix.svd(vectors:blockSize:)"
    let routine = "p\(Scalar.routinePrefix)gesvd"
    let communicator = grid.communicator
    try communicator._checkActive(operation)
    let square = blockSize ?? Swift.max(blockRows, blockColumns)
    var failure: BlockNumericsError? = nil
    if square < 1 || square > Int(Int32.max) {
      failure = .invalidArgument(operation: operation, message: "the block size must be positive and fit 32 bits, got \(square)")
    } else if let index = _local.firstIndex(where: { !$0.isFinite }), let row = grid.row, let column = grid.column {
      let localColumnCount = localColumns
      let globalRow = layout.globalRow(localRow: index / localColumnCount, processRow: row)
      let globalColumn = layout.globalColumn(localColumn: index % localColumnCount, processColumn: column)
      failure = .nonFiniteValue(
        operation: operation,
        message: "the \(shapeDescription) matrix holds \(_local[index]) at [\(globalRow), \(globalColumn)] (on process \(communicator.rank)); SVD needs finite entries")
    }
    try communicator._agree(
      failure, values: [rows, columns, blockRows, blockColumns, grid.serial, square, vectors == .thin ? 1 : 0],
      names: ["the number of rows", "the number of columns", "the block rows", "the block columns", "the process grid", "the block size", "the vectors"],
      operation: operation)

    let r = Swift.min(rows, columns)
    let wantVectors = vectors == .thin
    // The input is destroyed by p?gesvd: work on a copy, in square blocks.
    var a = square == blockRows && square == blockColumns
      ? self : try redistributed(blockRows: square, blockColumns: square, grid: grid)
    let uLayout = try Self._checkedLayout(
      rows: wantVectors ? rows : 0, columns: wantVectors ? r : 0, blockRows: square, blockColumns: square, grid: grid, operation: operation)
    let vtLayout = try Self._checkedLayout(
      rows: wantVectors ? r : 0, columns: wantVectors ? columns : 0, blockRows: square, blockColumns: square, grid: grid, operation: operation)
    var u = DistributedMatrix(_zeros: uLayout, grid: grid)
    var vt = DistributedMatrix(_zeros: vtLayout, grid: grid)
    if r == 0 {
      return DistributedSVD(singularValues: [], u: wantVectors ? u : nil, vt: wantVectors ? vt : nil)
    }

    var singularValues = [Scalar](repeating: 0, count: r)
    let job = UInt8(ascii: wantVectors ? "V" : "N")
    // ScaLAPACK factors the stored Aᵀ (columns × rows): its U is our Vᵀ, its Vᵀ our U.
    let descriptorA = a._descriptor
    let descriptorU = wantVectors ? vt._descriptor : descriptorA
    let descriptorVT = wantVectors ? u._descriptor : descriptorA
    func run(work: UnsafeMutablePointer<Scalar>, lwork: Int32) -> Int32 {
      a._withMutableLocal { aLocal in
        vt._withMutableLocal { vtLocal in
          u._withMutableLocal { uLocal in
            singularValues.withUnsafeMutableBufferPointer { s in
              Scalar.pgesvd(
                jobU: job, jobVT: job, m: Int32(columns), n: Int32(rows), a: aLocal, descriptorA: descriptorA,
                s: s.baseAddress!, u: vtLocal, descriptorU: descriptorU, vt: uLocal, descriptorVT: descriptorVT,
                work: work, lwork: lwork)
            }
          }
        }
      }
    }

    var workspace: Workspace<Scalar>? = nil
    failure = nil
    if grid.containsThisProcess {
      var query: Scalar = 0
      let info = run(work: &query, lwork: -1)
      // The size comes back as a floating-point number, rounded to the nearest one a Float
      // can hold (possibly below the integer ScaLAPACK needs): a little more is asked for.
      let size = (Double(query) * (1 + 4 * Double(Scalar.ulpOfOne))).rounded(.up) + 16
      if info != 0 {
        failure = .lapackFailure(routine: routine, info: Int(info), message: "the workspace query failed for the \(shapeDescription) matrix (argument \(-info))")
      } else if !(size <= Double(Int32.max)) {
        failure = .systemFailure(
          operation: operation, message: "\(routine) asks for \(size) workspace entries on process \(communicator.rank), beyond its 32-bit LWORK; use more processes")
      } else if let allocated = Workspace<Scalar>(count: Int(size)) {
        workspace = allocated
      } else {
        failure = .systemFailure(
          operation: operation, message: "process \(communicator.rank) could not allocate \(Int(size)) workspace entries for \(routine); use more processes or nodes")
      }
    }
    try communicator._agree(failure, operation: operation)

    failure = nil
    if let workspace {
      let info = run(work: workspace.pointer, lwork: Int32(workspace.count))
      if info > 0 && Int(info) <= r {
        failure = .didNotConverge(
          operation: "\(operation) (\(routine))",
          message: "the QR iteration on the bidiagonal form did not converge (info \(info)) for the \(shapeDescription) matrix")
      } else if Int(info) == r + 1 {
        failure = .lapackFailure(
          routine: routine, info: Int(info),
          message: "the processes computed different singular values (a heterogeneous grid); the results cannot be trusted")
      } else if info != 0 {
        failure = .lapackFailure(routine: routine, info: Int(info), message: "argument \(-info) was invalid for the \(shapeDescription) matrix")
      }
    }
    try communicator._agree(failure, operation: operation)
    // Rank 0 is grid process (0, 0); its values go to every process, grid or not.
    singularValues = try communicator.broadcast(communicator.rank == 0 ? singularValues : nil, root: 0)
    return DistributedSVD(singularValues: singularValues, u: wantVectors ? u : nil, vt: wantVectors ? vt : nil)
  }
}
