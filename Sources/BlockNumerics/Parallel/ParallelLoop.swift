import Dispatch

/// The one scheduler: every parallel loop of the library runs through it.
///
/// A loop is `count` independent items (output tiles of a block product, block rows of a BSR
/// product, pairs of a batched product, row panels of a product, rows of an NMF sweep). The
/// scheduler cuts them into contiguous chunks of about equal cost and runs the chunks on the
/// cores, with every BLAS call inside single-threaded (``BLAS/withSingleThreadedCalls(_:)``),
/// so block-level and BLAS-level threads never oversubscribe the cores.
///
/// This is where "identical bits for any thread count" holds: a chunk runs its items one after
/// another with the same operations as any other split would, and single-threaded BLAS calls
/// round the same whatever `BLAS.threadCount` is (OpenBLAS's multi-threaded `gemm` rounds
/// differently from its single-threaded one). Small loops run on the calling thread, still
/// with single-threaded BLAS calls, for the same reason.
@usableFromInline
enum ParallelLoop {
  /// Runs `body` on contiguous ranges of `0 ..< count` that together cover it once: in
  /// parallel when `work` reaches ``ParallelParameters/minimumParallelWork`` and more than one
  /// core is available, else as one range on the calling thread. With fewer cores than the
  /// machine's (``ParallelParameters/coreCount``), at most that many ranges run at once.
  ///
  /// - Parameters:
  ///   - count: the number of items.
  ///   - work: the whole loop's work in multiply-adds (or their equivalent), which decides
  ///     whether waking other cores pays.
  ///   - chunksPerCore: ranges per core; `nil` means ``ParallelParameters/chunksPerCore``.
  ///     Loops whose chunks each pay a fixed price (a BLAS call packing its operand) pass 1.
  ///   - minimumChunk: the fewest items a range gets (the last may be longer).
  ///   - alignment: range boundaries fall on multiples of this (the last ends at `count`).
  ///   - cost: the cost of item `i`, to balance ranges by cost; `nil`: all items cost the same.
  ///   - parameters: cores and thresholds.
  ///   - body: the work on one range; ranges run concurrently and must write disjoint memory.
  /// - Complexity: O(count) to cut the ranges when `cost` is given, O(chunks) otherwise.
  @usableFromInline
  static func forEachChunk(
    _ count: Int, work: Int, chunksPerCore: Int? = nil, minimumChunk: Int = 1, alignment: Int = 1,
    cost: ((Int) -> Int)? = nil, parameters: ParallelParameters = .automatic,
    _ body: @Sendable (Range<Int>) -> Void
  ) {
    guard count > 0 else { return }
    let cores = parameters.cores
    let ranges = work < parameters.minimumParallelWork || cores == 1
      ? [0..<count]
      : chunks(
        count, chunkCount: cores * (chunksPerCore ?? parameters.chunksPerCore),
        minimumChunk: minimumChunk, alignment: alignment, cost: cost)
    BLAS.withSingleThreadedCalls {
      if ranges.count == 1 {
        body(ranges[0])
        return
      }
      // One worker per range (Dispatch hands them to the machine's cores as they free up), or,
      // with fewer cores than the machine has, `cores` workers taking every `cores`-th range.
      let workers = cores >= BLAS.coreCount ? ranges.count : Swift.min(cores, ranges.count)
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        for range in stride(from: worker, to: ranges.count, by: workers) { body(ranges[range]) }
      }
    }
  }

  /// Cuts `0 ..< count` into at most `chunkCount` contiguous, non-empty ranges of about equal
  /// total `cost`, each at least `minimumChunk` items long (but one), with boundaries on
  /// multiples of `alignment`.
  static func chunks(
    _ count: Int, chunkCount: Int, minimumChunk: Int = 1, alignment: Int = 1, cost: ((Int) -> Int)? = nil
  ) -> [Range<Int>] {
    guard count > 0 else { return [] }
    let wanted = Swift.max(1, Swift.min(chunkCount, count / Swift.max(1, minimumChunk)))
    let step = Swift.max(1, alignment)
    var bounds = [0]
    bounds.reserveCapacity(wanted + 1)
    func append(_ bound: Int) {
      let aligned = bound / step * step
      if aligned > bounds.last! && aligned < count { bounds.append(aligned) }
    }
    if let cost {
      var total = 0
      for item in 0..<count { total += cost(item) }
      var item = 0
      var accumulated = 0
      for chunk in 1..<wanted {
        let target = total * chunk / wanted
        while item < count && accumulated < target {
          accumulated += cost(item)
          item += 1
        }
        append(item)
      }
    } else {
      for chunk in 1..<wanted { append(count * chunk / wanted) }
    }
    bounds.append(count)
    return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
  }
}
