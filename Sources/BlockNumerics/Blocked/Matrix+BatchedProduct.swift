import Dispatch

extension Matrix {
  /// The products `lhs[i] · rhs[i]` of many independent pairs, computed in parallel: the
  /// block-diagonal case, where a loop of small BLAS calls would run on one core.
  ///
  /// Pairs are split into chunks, one task per chunk, each making single-threaded BLAS
  /// calls; the results are in the order of the inputs and identical for any thread count.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the arrays
  ///   differ in length or a pair's inner dimensions differ (naming the index and both shapes).
  /// - Complexity: O(Σ mᵢ·kᵢ·nᵢ), spread over the cores.
  public static func batchedProduct(_ lhs: [Matrix], _ rhs: [Matrix]) throws -> [Matrix] {
    let operation = "Matrix.batchedProduct(_:_:)"
    guard lhs.count == rhs.count else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation, message: "\(lhs.count) left matrices but \(rhs.count) right matrices; the counts must agree")
    }
    var work = 0
    for index in lhs.indices {
      guard lhs[index].columns == rhs[index].rows else {
        throw BlockNumericsError.shapeMismatch(
          operation: operation,
          message: "pair \(index): cannot multiply \(lhs[index].shapeDescription) by \(rhs[index].shapeDescription)")
      }
      work += lhs[index].rows * lhs[index].columns * rhs[index].columns
    }
    let count = lhs.count
    let cores = BLAS.coreCount
    // Parallel only when there is enough work to pay for waking the other cores.
    let chunkCount = work < 200_000 || cores == 1 ? 1 : Swift.min(count, cores * 8)
    return [Matrix](unsafeUninitializedCapacity: count) { buffer, initialized in
      let output = UnsafeSendablePointer(buffer.baseAddress)
      let computeChunk: @Sendable (Int) -> Void = { chunk in
        let range = (count * chunk / chunkCount)..<(count * (chunk + 1) / chunkCount)
        for index in range { (output.base! + index).initialize(to: lhs[index]._product(rhs[index])) }
      }
      if chunkCount == 1 {
        computeChunk(0)
      } else {
        BLAS.withSingleThreadedCalls { DispatchQueue.concurrentPerform(iterations: chunkCount, execute: computeChunk) }
      }
      initialized = count
    }
  }
}

/// A pointer handed to parallel tasks that each touch their own, disjoint part of it.
struct UnsafeSendablePointer<Pointee>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Pointee>?
  init(_ base: UnsafeMutablePointer<Pointee>?) { self.base = base }
}
