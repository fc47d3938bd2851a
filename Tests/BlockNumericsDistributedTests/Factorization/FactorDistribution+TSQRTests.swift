import BlockNumerics
import Testing
@testable import BlockNumericsDistributed

// The sign recovery of the distributed TSQR, without MPI: for a matrix A, any orthonormal
// basis Q = Q_H·D of its columns (D diagonal of ±1, Q_H LAPACK's Householder Q) must give
// signs s with Q·diag(s) = Q_H, from Q's first c rows alone.

@Suite struct FactorDistributionTSQRTests {
  @Test(arguments: [(12, 3, UInt64(1)), (40, 7, 2), (9, 9, 3), (9, 9, 5), (10, 9, 6), (200, 20, 4)])
  func householderSignsRecoverLAPACKsColumnSigns(rows: Int, columns: Int, seed: UInt64) throws {
    let a = Matrix<Double>.randomNormal(rows: rows, columns: columns, seed: seed)
    let householder = try QR(a).q
    var generator = SeededRandomNumberGenerator(seed: seed &+ 100)
    let flips: [Double] = (0..<columns).map { _ in generator.next() % 2 == 0 ? 1 : -1 }
    var basis = householder
    for i in 0..<rows { for j in 0..<columns { basis[i, j] *= flips[j] } }
    let top = try Matrix(rows: columns, columns: columns, elements: Array(basis.elements[0..<(columns * columns)]))
    let signs = householderSigns(top, rows: rows)
    #expect(signs == flips, "\(rows)×\(columns), seed \(seed): signs \(signs), flips \(flips)")
  }

  @Test func factorSlicesCoverEachPanelOnceInOrder() {
    // 23 rows in blocks of 4 over 3 process rows, each grid row's rows split among 2 columns.
    let layout = BlockCyclicLayout(rows: 23, columns: 10, blockRows: 4, blockColumns: 3, gridRows: 3, gridColumns: 2)
    var seen: [Int] = []
    for row in 0..<3 {
      var panel: [Int] = []
      for column in 0..<2 {
        let side = FactorSlices(layout: layout, followsRows: true, row: row, column: column)
        #expect(side.counts.reduce(0, +) == layout.localRows(processRow: row))
        panel += side.globalIndices
      }
      #expect(panel == (0..<layout.localRows(processRow: row)).map { layout.globalRow(localRow: $0, processRow: row) })
      seen += panel
    }
    #expect(seen.sorted() == Array(0..<23))
    let outside = FactorSlices(layout: layout, followsRows: false, row: nil, column: nil)
    #expect(outside.count == 0 && outside.globalIndices.isEmpty)
  }

  @Test func communicationVolumeFollowsTheModel() {
    var volume = CommunicationVolume()
    volume._addAllGather(processes: 4, total: 800, own: 200)
    volume._addReduceScatter(processes: 2, total: 100, own: 50)
    volume._addAllReduce(processes: 4, total: 32)
    volume._addAllReduce(processes: 1, total: 32)   // one process: nothing moves
    #expect(volume == CommunicationVolume(collectives: 3, messages: 2 + 1 + 4, bytes: 600 + 50 + 48))
    #expect(volume.divided(by: 3).collectives == 1)
  }
}
