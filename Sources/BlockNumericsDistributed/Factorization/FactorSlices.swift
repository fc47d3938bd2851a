import BlockNumerics

/// One side of MPI-FAUN's factor distribution (Kannan, Ballard & Park 2018): how the rows
/// of `W` (`m × k`, following X's rows) or of `Hᵀ` (`n × k`, following X's columns) are
/// dealt out over a `p × q` grid.
///
/// Process row `i` of the grid holds X's local rows `Rᵢ` (block-cyclic, as in its
/// ``DistributedMatrix``); the `q` processes of that grid row split `W`'s rows `Rᵢ` into `q`
/// contiguous slices of the local order, one each. `Hᵀ`'s rows `Cⱼ` are split the same way
/// among the `p` processes of grid column `j`:
///
/// ```
///   X on a 2 × 2 grid               W (m × k)                 Hᵀ (n × k)
///   ┌────────┬────────┐             ┌──────┐ (0,0) ┐ R₀       ┌──────┐ (0,0) ┐ C₀
///   │ X₀₀    │ X₀₁    │ R₀          │      │ (0,1) ┘          │      │ (1,0) ┘
///   ├────────┼────────┤             ├──────┤ (1,0) ┐ R₁       ├──────┤ (0,1) ┐ C₁
///   │ X₁₀    │ X₁₁    │ R₁          │      │ (1,1) ┘          │      │ (1,1) ┘
///   └────────┴────────┘             └──────┘                  └──────┘
///      C₀       C₁
/// ```
///
/// The *panel* is the whole `Rᵢ` (or `Cⱼ`) part, `panelCount` rows; the *slice* is this
/// process's share of it. Outside the grid both are empty.
struct FactorSlices: Sendable {
  /// X's layout.
  let layout: BlockCyclicLayout
  /// Whether this side follows X's rows (`W`) or its columns (`Hᵀ`).
  let followsRows: Bool
  /// The grid row (for `W`) or column (for `Hᵀ`) whose panel this process shares; nil outside.
  let panelCoordinate: Int?
  /// The rows of the panel: X's local rows (or columns) on that grid row (or column).
  let panelCount: Int
  /// Where each member's slice starts in the panel, and the panel's end (`members + 1` entries).
  let bounds: [Int]
  /// This process's place among the panel's sharers (its grid column for `W`, row for `Hᵀ`).
  let member: Int

  /// The `W` side (`followsRows`) or the `Hᵀ` side of X's `layout` for the process at
  /// `(row, column)` of the grid, or outside it (nils).
  init(layout: BlockCyclicLayout, followsRows: Bool, row: Int?, column: Int?) {
    self.layout = layout
    self.followsRows = followsRows
    let members = followsRows ? layout.gridColumns : layout.gridRows
    if let row, let column {
      let coordinate = followsRows ? row : column
      let count = followsRows ? layout.localRows(processRow: coordinate) : layout.localColumns(processColumn: coordinate)
      panelCoordinate = coordinate
      panelCount = count
      member = followsRows ? column : row
      bounds = (0...members).map { count * $0 / members }
    } else {
      panelCoordinate = nil
      panelCount = 0
      member = 0
      bounds = [0, 0]
    }
  }

  /// The extent of the side: X's rows `m` or columns `n`.
  var extent: Int { followsRows ? layout.rows : layout.columns }
  /// This process's slice, as positions in the panel.
  var range: Range<Int> { bounds[member]..<bounds[member + 1] }
  /// The rows of this process's slice.
  var count: Int { bounds[member + 1] - bounds[member] }
  /// Every member's slice length, in member order.
  var counts: [Int] { (0..<(bounds.count - 1)).map { bounds[$0 + 1] - bounds[$0] } }

  /// The global index (row of `W`, or row of `Hᵀ`) of panel position `position`.
  func globalIndex(panelPosition position: Int) -> Int {
    followsRows
      ? layout.globalRow(localRow: position, processRow: panelCoordinate!)
      : layout.globalColumn(localColumn: position, processColumn: panelCoordinate!)
  }

  /// The global indices of this process's slice rows, in order.
  /// - Complexity: O(count).
  var globalIndices: [Int] { range.map { globalIndex(panelPosition: $0) } }

  /// The rows `globalIndices` of an `extent × c` matrix held whole: this process's slice of it.
  /// - Complexity: O(count · c).
  func slice<Scalar: BLASScalar>(of whole: Matrix<Scalar>) -> Matrix<Scalar> {
    let c = whole.columns
    var elements: [Scalar] = []
    elements.reserveCapacity(count * c)
    whole.withUnsafeBufferPointer { source in
      for index in globalIndices {
        elements.append(contentsOf: UnsafeBufferPointer(rebasing: source[(index * c)..<(index * c + c)]))
      }
    }
    return try! Matrix(rows: count, columns: c, elements: elements)
  }
}
