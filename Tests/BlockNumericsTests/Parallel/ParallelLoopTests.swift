import Foundation
import Testing
@testable import BlockNumerics

@Suite(.serialized) struct ParallelLoopTests {
  /// Checks that `ranges` are non-empty, contiguous and cover `0 ..< count` once.
  func expectCover(_ ranges: [Range<Int>], _ count: Int, _ label: String) {
    #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count, "\(label): \(ranges)")
    #expect(ranges.allSatisfy { !$0.isEmpty }, "\(label): \(ranges)")
    #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "\(label): \(ranges)")
  }

  @Test func chunksCoverTheItemsOnceWithTheirBoundsAligned() {
    #expect(ParallelLoop.chunks(0, chunkCount: 4).isEmpty)
    for count in [1, 2, 7, 16, 17, 100, 1001] {
      for chunkCount in [1, 2, 3, 16] {
        let uniform = ParallelLoop.chunks(count, chunkCount: chunkCount)
        expectCover(uniform, count, "\(count) items, \(chunkCount) chunks")
        #expect(uniform.count == Swift.min(count, chunkCount))
        let aligned = ParallelLoop.chunks(count, chunkCount: chunkCount, minimumChunk: 8, alignment: 8)
        expectCover(aligned, count, "\(count) items aligned")
        #expect(aligned.dropLast().allSatisfy { $0.upperBound % 8 == 0 && $0.count >= 8 }, "\(aligned)")
        #expect(aligned.count <= Swift.max(1, count / 8))
      }
    }
  }

  @Test func chunksBalanceTheCost() {
    // Item i costs i: the later items are heavier, so the later chunks hold fewer of them.
    let count = 1000
    let ranges = ParallelLoop.chunks(count, chunkCount: 4, cost: { $0 })
    expectCover(ranges, count, "costly tail")
    let costs = ranges.map { $0.reduce(0, +) }
    let total = (0..<count).reduce(0, +)
    #expect(costs.allSatisfy { abs($0 - total / 4) <= count }, "\(costs)")
    #expect(ranges.first!.count > ranges.last!.count)
    // One item carrying almost all the cost cannot be split: no empty chunk results.
    expectCover(ParallelLoop.chunks(10, chunkCount: 4, cost: { $0 == 0 ? 1_000_000 : 1 }), 10, "one heavy item")
  }

  @Test func everyItemRunsOnceAndBLASIsSingleThreadedInside() {
    let original = BLAS.threadCount
    defer { BLAS.threadCount = original }
    BLAS.threadCount = 2
    for (count, work) in [(1000, 0), (1000, 1 << 30), (3, 1 << 30), (0, 1 << 30)] {
      let visits = Locked<[Int]>(Array(repeating: 0, count: count))
      let threadCounts = Locked<Set<Int>>([])
      ParallelLoop.forEachChunk(count, work: work, parameters: ParallelParameters(coreCount: 2)) { range in
        threadCounts.withLock { $0.insert(BLAS._openBLASThreads) }
        visits.withLock { for item in range { $0[item] += 1 } }
      }
      #expect(visits.withLock { $0.allSatisfy { $0 == 1 } }, "\(count) items, work \(work)")
      #expect(threadCounts.withLock { $0.allSatisfy { $0 == 1 } }, "OpenBLAS ran with \(threadCounts.withLock { $0 }) threads")
    }
    #expect(BLAS.threadCount == 2)
  }

  @Test func parametersHaveSaneDefaults() {
    let automatic = ParallelParameters.automatic
    #expect(automatic.coreCount == nil && automatic.cores == BLAS.coreCount)
    #expect(automatic.minimumParallelWork > 0 && automatic.chunksPerCore >= 1 && automatic.minimumPanelRows >= 1)
    #expect(ParallelParameters(coreCount: 0).cores == 1 && ParallelParameters(chunksPerCore: 0).chunksPerCore == 1)
  }
}

/// A value behind a pthread-based lock (`NSLock`), for tests that record from several
/// threads: ThreadSanitizer sees its lock, while the Synchronization module's `Mutex` is not
/// instrumented and its accesses are reported as races.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  func withLock<Result>(_ body: (inout Value) -> Result) -> Result {
    lock.lock()
    defer { lock.unlock() }
    return body(&value)
  }
}
