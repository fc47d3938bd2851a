import BlockNumerics

/// A distributed X with MPI-FAUN's factor layout (Kannan, Ballard & Park 2018) and the
/// three collectives its products need: what the distributed NMF and randomized SVD run on.
///
/// X lives on a `p × q` grid (block-cyclic, as its ``DistributedMatrix``); a tall factor
/// that follows X's rows (`W`, `m × c`) or its columns (`Hᵀ`, `n × c`) is held as
/// ``FactorSlices``. Then, without ever moving X:
/// - `X·B` for `B` held as `Hᵀ`-slices: all-gather the slices of grid column `j` into the
///   panel `B_Cⱼ`, multiply locally `Xᵢⱼ·B_Cⱼ`, reduce-scatter the partial products along
///   grid row `i`: the result arrives as `W`-slices.
/// - `Xᵀ·A` for `A` held as `W`-slices: the same along the other axis.
/// - `FᵀF` (`c × c`) for a factor held as slices: one all-reduce over the grid.
///
/// Per product each process receives `(p−1)/p·|B_Cⱼ|` and sends `(q−1)/q·|Xᵢⱼ·B_Cⱼ|`
/// words, and the Gram all-reduce moves `c²`; X never travels. Every operation is
/// collective over the grid's communicator (processes outside the grid take part in the
/// Gram all-reduces with empty slices) and counts what it sends in ``volume``.
final class FactorDistribution<Scalar: ScaLAPACKScalar> {
  /// X's grid.
  let grid: ProcessGrid
  /// The processes of this process's grid row, numbered by grid column; nil outside.
  let rowGroup: Communicator?
  /// The processes of this process's grid column, numbered by grid row; nil outside.
  let columnGroup: Communicator?
  /// `W`'s side: X's rows.
  let rowSide: FactorSlices
  /// `Hᵀ`'s side: X's columns.
  let columnSide: FactorSlices
  /// This process's block of X, `Xᵢⱼ` (`rowSide.panelCount × columnSide.panelCount`).
  let x: Matrix<Scalar>
  /// `Xᵢⱼᵀ`, kept beside it: a product with a contiguous transpose is about a third faster
  /// than a transposed `gemm` for these skinny products (as the local NMF finds).
  let xt: Matrix<Scalar>
  /// What the collectives sent since the last reset.
  var volume = CommunicationVolume()
  /// Reused panels and partial products, taken out while in use so that they stay
  /// uniquely referenced (no copy on write).
  private var rowPanel = Matrix<Scalar>(rows: 0, columns: 0)
  private var columnPanel = Matrix<Scalar>(rows: 0, columns: 0)
  private var rowPartial = Matrix<Scalar>(rows: 0, columns: 0)
  private var columnPartial = Matrix<Scalar>(rows: 0, columns: 0)

  /// X's layout.
  var layout: BlockCyclicLayout { rowSide.layout }
  /// The grid's communicator: every process takes part in the Gram all-reduces.
  var communicator: Communicator { grid.communicator }
  /// The BLAS threads this process computes with (its share of the node's cores).
  var cores: Int { BLAS.threadCount }

  /// The distribution of `x`'s factors. Collective over `x`'s grid's communicator (two
  /// communicator splits); `x` must have been checked by every process already.
  /// - Complexity: O(local entries of x) for the transposed copy.
  init(_ x: DistributedMatrix<Scalar>) throws {
    grid = x.grid
    rowGroup = try grid.communicator.split(color: grid.row, key: grid.column)
    columnGroup = try grid.communicator.split(color: grid.column, key: grid.row)
    rowSide = FactorSlices(layout: x.layout, followsRows: true, row: grid.row, column: grid.column)
    columnSide = FactorSlices(layout: x.layout, followsRows: false, row: grid.row, column: grid.column)
    self.x = try Matrix(rows: x.localRows, columns: x.localColumns, elements: x._local)
    xt = self.x.transposed
  }

  /// `X·B` for `B` (`n × c`) given as this process's `Hᵀ`-side slice (`columnSide.count × c`):
  /// this process's `W`-side slice of the product (`rowSide.count × c`), in `result`.
  /// - Complexity: collective; `2·(m/p)·(n/q)·c` flops per process.
  func applied(_ slice: Matrix<Scalar>, into result: inout Matrix<Scalar>) {
    product(slice, transposed: false, into: &result)
  }

  /// `Xᵀ·A` for `A` (`m × c`) given as this process's `W`-side slice (`rowSide.count × c`):
  /// this process's `Hᵀ`-side slice of the product (`columnSide.count × c`), in `result`.
  /// - Complexity: as ``applied(_:into:)``.
  func transposeApplied(_ slice: Matrix<Scalar>, into result: inout Matrix<Scalar>) {
    product(slice, transposed: true, into: &result)
  }

  /// `X·B` as ``applied(_:into:)``, into a new matrix.
  func applied(_ slice: Matrix<Scalar>) -> Matrix<Scalar> {
    var result = Matrix<Scalar>(rows: rowSide.count, columns: slice.columns)
    applied(slice, into: &result)
    return result
  }

  /// `Xᵀ·A` as ``transposeApplied(_:into:)``, into a new matrix.
  func transposeApplied(_ slice: Matrix<Scalar>) -> Matrix<Scalar> {
    var result = Matrix<Scalar>(rows: columnSide.count, columns: slice.columns)
    transposeApplied(slice, into: &result)
    return result
  }

  /// All-gather along one grid axis, local product, reduce-scatter along the other.
  private func product(_ slice: Matrix<Scalar>, transposed: Bool, into result: inout Matrix<Scalar>) {
    let c = slice.columns
    let (inputSide, outputSide) = transposed ? (rowSide, columnSide) : (columnSide, rowSide)
    let output = outputSide.count
    if result.rows != output || result.columns != c { result = Matrix(rows: output, columns: c) }
    guard let gatherGroup = transposed ? rowGroup : columnGroup, let scatterGroup = transposed ? columnGroup : rowGroup else { return }
    #if BLOCKNUMERICS_INTERNAL_CHECKS
    precondition(slice.rows == inputSide.count, "FactorDistribution: a slice of \(slice.rows) rows, expected \(inputSide.count)")
    #endif
    let bytes = MemoryLayout<Scalar>.stride
    // The panel of the input: the slices of this grid column (row), in order.
    let empty = Matrix<Scalar>(rows: 0, columns: 0)
    var panel = empty
    var partial = empty
    if transposed {
      swap(&panel, &rowPanel)
      swap(&partial, &columnPartial)
    } else {
      swap(&panel, &columnPanel)
      swap(&partial, &rowPartial)
    }
    if panel.rows != inputSide.panelCount || panel.columns != c { panel = Matrix(rows: inputSide.panelCount, columns: c) }
    if partial.rows != outputSide.panelCount || partial.columns != c { partial = Matrix(rows: outputSide.panelCount, columns: c) }
    slice.withUnsafeBufferPointer { send in
      panel.withUnsafeMutableBufferPointer { gathered in
        gatherGroup._allGather(send, counts: inputSide.counts.map { $0 * c }, into: gathered)
      }
    }
    volume._addAllGather(processes: gatherGroup.size, total: inputSide.panelCount * c * bytes, own: slice.rows * c * bytes)
    if inputSide.panelCount > 0 {
      try! Matrix.multiply(transposed ? xt : x, panel, into: &partial)
    } else {
      partial.withUnsafeMutableBufferPointer { entries in for index in entries.indices { entries[index] = 0 } }
    }
    partial.withUnsafeBufferPointer { send in
      result.withUnsafeMutableBufferPointer { received in
        scatterGroup._reduceScatterSum(send, counts: outputSide.counts.map { $0 * c }, into: received)
      }
    }
    volume._addReduceScatter(processes: scatterGroup.size, total: outputSide.panelCount * c * bytes, own: output * c * bytes)
    if transposed {
      rowPanel = panel
      columnPartial = partial
    } else {
      columnPanel = panel
      rowPartial = partial
    }
  }

  /// `FᵀF` (`c × c`) of a factor held as slices (`slice` is this process's), summed over
  /// every process, with `extras` summed along in the same all-reduce (a stopping rule's
  /// terms, so they cost no message of their own).
  /// - Complexity: collective; `slice.rows · c²` flops and one all-reduce of `c² + extras` values.
  func gram(_ slice: Matrix<Scalar>, extras: [Scalar] = []) -> (gram: Matrix<Scalar>, extras: [Scalar]) {
    let c = slice.columns
    var local = Matrix<Scalar>(rows: c, columns: c)
    if slice.rows > 0 { try! Matrix.multiply(slice, slice, transposeA: true, into: &local) }
    var buffer = local.elements + extras
    buffer.withUnsafeMutableBufferPointer { communicator._allReduceSum($0) }
    volume._addAllReduce(processes: communicator.size, total: buffer.count * MemoryLayout<Scalar>.stride)
    return (try! Matrix(rows: c, columns: c, elements: Array(buffer[0..<(c * c)])), Array(buffer[(c * c)...]))
  }

  /// `values` summed over every process of the grid's communicator.
  /// - Complexity: collective; one all-reduce of `values.count` values.
  func sum(_ values: [Scalar]) -> [Scalar] {
    var buffer = values
    buffer.withUnsafeMutableBufferPointer { communicator._allReduceSum($0) }
    volume._addAllReduce(processes: communicator.size, total: buffer.count * MemoryLayout<Scalar>.stride)
    return buffer
  }

  /// A factor held as `W`-slices (`rowSide.count × c`) as a distributed `m × c` matrix on X's
  /// grid: X's row blocks, one block column, so grid column 0 holds each process row's panel.
  /// - Complexity: collective; one all-gather along each grid row.
  func rowFactor(_ slice: Matrix<Scalar>, operation: String) throws -> DistributedMatrix<Scalar> {
    let c = slice.columns
    let layout = try DistributedMatrix<Scalar>._checkedLayout(
      rows: rowSide.extent, columns: c, blockRows: self.layout.blockRows, blockColumns: Swift.max(c, 1), grid: grid, operation: operation)
    let panel = gatheredPanel(slice, side: rowSide, group: rowGroup)
    return DistributedMatrix(_unchecked: layout, grid: grid, local: grid.column == 0 ? panel.elements : [])
  }

  /// A factor held as `Hᵀ`-slices (`columnSide.count × c`) as its transpose, a distributed
  /// `c × n` matrix on X's grid: one block row, X's column blocks, so grid row 0 holds each
  /// process column's panel.
  /// - Complexity: collective; one all-gather along each grid column.
  func columnFactorTransposed(_ slice: Matrix<Scalar>, operation: String) throws -> DistributedMatrix<Scalar> {
    let c = slice.columns
    let layout = try DistributedMatrix<Scalar>._checkedLayout(
      rows: c, columns: columnSide.extent, blockRows: Swift.max(c, 1), blockColumns: self.layout.blockColumns, grid: grid, operation: operation)
    let panel = gatheredPanel(slice, side: columnSide, group: columnGroup)
    return DistributedMatrix(_unchecked: layout, grid: grid, local: grid.row == 0 ? panel.transposed.elements : [])
  }

  /// The whole panel of `side` from every member's slice (empty outside the grid).
  private func gatheredPanel(_ slice: Matrix<Scalar>, side: FactorSlices, group: Communicator?) -> Matrix<Scalar> {
    let c = slice.columns
    var panel = Matrix<Scalar>(rows: side.panelCount, columns: c)
    guard let group else { return panel }
    slice.withUnsafeBufferPointer { send in
      panel.withUnsafeMutableBufferPointer { group._allGather(send, counts: side.counts.map { $0 * c }, into: $0) }
    }
    return panel
  }
}
