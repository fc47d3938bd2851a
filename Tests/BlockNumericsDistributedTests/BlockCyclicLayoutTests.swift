import BlockNumerics
import Testing
@testable import BlockNumericsDistributed

// The block-cyclic index arithmetic against a brute-force deal of every row and column:
// walk the blocks in order, hand block I to process I mod P, and number each process's
// indices as they arrive. No MPI is started here.

@Suite struct BlockCyclicLayoutTests {
  /// For `extent` indices in blocks of `block` over `processes`: each index's owner and its
  /// position in the owner's local numbering, dealt out one by one.
  static func deal(extent: Int, block: Int, processes: Int) -> (owner: [Int], local: [Int], counts: [Int]) {
    var counts = [Int](repeating: 0, count: processes)
    var owner: [Int] = []
    var local: [Int] = []
    for index in 0..<extent {
      let process = (index / block) % processes
      owner.append(process)
      local.append(counts[process])
      counts[process] += 1
    }
    return (owner, local, counts)
  }

  @Test("local counts, owners and index maps match a brute-force deal", arguments: [1, 2, 3, 4, 5])
  func indexMaps(processes: Int) {
    for extent in [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 64, 100] {
      for block in [1, 2, 3, 4, 5, 8, 16, 200] {
        let (owner, local, counts) = Self.deal(extent: extent, block: block, processes: processes)
        let layout = BlockCyclicLayout(rows: extent, columns: extent, blockRows: block, blockColumns: block, gridRows: processes, gridColumns: processes)
        for process in 0..<processes {
          #expect(layout.localRows(processRow: process) == counts[process], "extent \(extent), block \(block), process \(process) of \(processes)")
          #expect(layout.localColumns(processColumn: process) == counts[process])
        }
        for index in 0..<extent {
          #expect(layout.owner(row: index, column: index) == (owner[index], owner[index]), "owner of \(index), block \(block), \(processes) processes")
          #expect(layout.localRow(globalRow: index) == local[index])
          #expect(layout.globalRow(localRow: local[index], processRow: owner[index]) == index)
          #expect(layout.globalColumn(localColumn: local[index], processColumn: owner[index]) == index)
        }
      }
    }
  }

  @Test("runs cover every entry of the whole matrix exactly once, in local order")
  func runsCoverTheMatrix() {
    for (rows, columns, blockRows, blockColumns, gridRows, gridColumns) in [
      (7, 5, 2, 3, 2, 2), (17, 15, 8, 8, 3, 1), (3, 40, 4, 4, 1, 4), (1, 1, 1, 1, 2, 2), (0, 4, 2, 2, 2, 1), (10, 10, 3, 4, 2, 3),
    ] {
      let layout = BlockCyclicLayout(rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, gridRows: gridRows, gridColumns: gridColumns)
      var seen = [Int](repeating: 0, count: rows * columns)
      for processRow in 0..<gridRows {
        for processColumn in 0..<gridColumns {
          let localColumns = layout.localColumns(processColumn: processColumn)
          var nextLocal = 0
          layout.forEachRun(processRow: processRow, processColumn: processColumn) { localOffset, globalOffset, count in
            #expect(localOffset == nextLocal, "\(layout): runs out of local order")
            nextLocal = localOffset + count
            for step in 0..<count {
              let global = globalOffset + step
              seen[global] += 1
              let local = localOffset + step
              #expect(layout.owner(row: global / columns, column: global % columns) == (processRow, processColumn))
              #expect(layout.localRow(globalRow: global / columns) == local / localColumns)
              #expect(layout.localColumn(globalColumn: global % columns) == local % localColumns)
            }
          }
          #expect(nextLocal == layout.localRows(processRow: processRow) * localColumns)
        }
      }
      #expect(seen.allSatisfy { $0 == 1 }, "\(layout): entries covered \(Set(seen)) times")
    }
  }

  @Test("validation: sizes, blocks and ScaLAPACK's 32-bit local indexing")
  func validation() {
    func failure(_ rows: Int, _ columns: Int, _ blockRows: Int, _ blockColumns: Int, grid: Int = 1) -> BlockNumericsError? {
      BlockCyclicLayout(rows: rows, columns: columns, blockRows: blockRows, blockColumns: blockColumns, gridRows: grid, gridColumns: grid)
        ._validationFailure(operation: "test")
    }
    #expect(failure(4, 4, 2, 2) == nil)
    #expect(failure(0, 0, 1, 1) == nil)
    #expect(failure(-1, 4, 2, 2) != nil)
    #expect(failure(4, 4, 0, 2) != nil)
    #expect(failure(Int(Int32.max) + 1, 1, 1, 1) != nil)
    #expect(failure(1 << 16, 1 << 16, 64, 64) != nil)           // 2³² entries on one process
    #expect(failure(1 << 16, 1 << 16, 64, 64, grid: 2) == nil)  // 2³⁰ each on a 2 × 2 grid
  }
}
