import Dispatch

extension Matrix {
  /// The products `lhs[i] · rhs[i]` of many independent pairs, computed in parallel: the
  /// block-diagonal case, where a loop of small BLAS calls would run on one core.
  ///
  /// Pairs are split into chunks, one task per chunk. Small products (up to 48³
  /// multiply-adds) use a register-blocked Swift kernel, which avoids BLAS's per-call
  /// overhead and its locking when threads call at once; larger ones make single-threaded
  /// BLAS calls. Results are in the order of the inputs and identical for any thread count.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the arrays
  ///   differ in length or a pair's inner dimensions differ (naming the index and both shapes).
  /// - Complexity: O(Σ mᵢ·kᵢ·nᵢ), spread over the cores.
  @inlinable
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
        for index in range { (output.base! + index).initialize(to: lhs[index]._smallOrBLASProduct(rhs[index])) }
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

extension Matrix {
  /// `self · other` through the small-product kernel when it is small, else BLAS.
  @inlinable
  func _smallOrBLASProduct(_ other: Matrix) -> Matrix {
    guard SmallProductKernel.handles(m: rows, n: other.columns, k: columns) else { return _product(other) }
    let m = rows
    let n = other.columns
    let elements = [Scalar](unsafeUninitializedCapacity: m * n) { buffer, initialized in
      if let base = buffer.baseAddress {
        withUnsafeView { a in
          other.withUnsafeView { b in
            SmallProductKernel.multiply(
              a, b, into: MutableMatrixView(base: base, rows: m, columns: n, leadingDimension: n), accumulate: false)
          }
        }
      }
      initialized = m * n
    }
    return Matrix(_unchecked: m, n, elements)
  }
}

/// A pointer handed to parallel tasks that each touch their own, disjoint part of it.
@usableFromInline
struct UnsafeSendablePointer<Pointee>: @unchecked Sendable {
  @usableFromInline let base: UnsafeMutablePointer<Pointee>?
  @inlinable init(_ base: UnsafeMutablePointer<Pointee>?) { self.base = base }
}
