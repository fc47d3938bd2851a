import Dispatch

extension Matrix {
  /// The products `lhs[i] · rhs[i]` of many independent pairs, computed in parallel: the
  /// block-diagonal case, where a loop of small BLAS calls would run on one core.
  ///
  /// Pairs are split into chunks, one task per chunk. Small products (up to 48³
  /// multiply-adds) use a register-blocked Swift kernel, which avoids BLAS's per-call
  /// overhead and its locking when threads call at once; larger ones make single-threaded
  /// BLAS calls. Results are in the order of the inputs and identical for any thread count.
  ///
  /// Each result is a new matrix, so the call allocates one array per pair; to reuse
  /// storage across calls, use ``batchedProduct(_:_:into:)``.
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the arrays
  ///   differ in length or a pair's inner dimensions differ (naming the index and both shapes).
  /// - Complexity: O(Σ mᵢ·kᵢ·nᵢ), spread over the cores.
  @inlinable
  public static func batchedProduct(_ lhs: [Matrix], _ rhs: [Matrix]) throws -> [Matrix] {
    let work = try _batchedWork(lhs, rhs, operation: "Matrix.batchedProduct(_:_:)")
    let count = lhs.count
    return [Matrix](unsafeUninitializedCapacity: count) { buffer, initialized in
      let output = UnsafeSendablePointer(buffer.baseAddress)
      _forEachBatchedChunk(count: count, work: work) { range in
        for index in range { (output.base! + index).initialize(to: lhs[index]._smallOrBLASProduct(rhs[index])) }
      }
      initialized = count
    }
  }

  /// Writes the products `lhs[i] · rhs[i]` into `outputs[i]`, in parallel, as
  /// ``batchedProduct(_:_:)`` but into existing matrices: no allocation when each output's
  /// storage is not shared with another matrix.
  ///
  /// - Throws: ``BlockNumericsError/shapeMismatch(operation:message:)`` when the three
  ///   arrays differ in length, a pair's inner dimensions differ, or an output does not
  ///   have the shape of its product (naming the index and the shapes); `outputs` is then
  ///   unchanged.
  /// - Complexity: O(Σ mᵢ·kᵢ·nᵢ), spread over the cores.
  @inlinable
  public static func batchedProduct(_ lhs: [Matrix], _ rhs: [Matrix], into outputs: inout [Matrix]) throws {
    let operation = "Matrix.batchedProduct(_:_:into:)"
    let work = try _batchedWork(lhs, rhs, operation: operation)
    guard outputs.count == lhs.count else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation, message: "\(lhs.count) pairs but \(outputs.count) outputs; the counts must agree")
    }
    for index in outputs.indices where outputs[index].rows != lhs[index].rows || outputs[index].columns != rhs[index].columns {
      throw BlockNumericsError.shapeMismatch(
        operation: operation,
        message: "pair \(index): \(lhs[index].shapeDescription) times \(rhs[index].shapeDescription) is "
          + "\(lhs[index].rows)×\(rhs[index].columns), but output \(index) is \(outputs[index].shapeDescription)")
    }
    let count = lhs.count
    outputs.withUnsafeMutableBufferPointer { buffer in
      let output = UnsafeSendablePointer(buffer.baseAddress)
      _forEachBatchedChunk(count: count, work: work) { range in
        for index in range {
          // Each task owns its outputs; a shared storage is copied first, by this task.
          output.base![index]._storage.withUnsafeMutableBufferPointer { storage in
            lhs[index]._multiplySmallOrBLAS(rhs[index], into: storage.baseAddress)
          }
        }
      }
    }
  }

  /// Checks the pairs and returns the total multiply-adds.
  @inlinable
  static func _batchedWork(_ lhs: [Matrix], _ rhs: [Matrix], operation: String) throws -> Int {
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
    return work
  }

  /// Runs `body` on contiguous ranges of `0..<count` that together cover it once: one range
  /// on one core when `work` (multiply-adds) is too little to pay for waking the others,
  /// else 8 ranges per core, so a core slowed by other processes leaves its share to the
  /// rest. BLAS calls inside are single-threaded.
  @inlinable
  static func _forEachBatchedChunk(count: Int, work: Int, _ body: @Sendable (Range<Int>) -> Void) {
    let cores = BLAS.coreCount
    let chunkCount = work < 200_000 || cores == 1 ? 1 : Swift.min(count, cores * 8)
    if chunkCount <= 1 {
      body(0..<count)
      return
    }
    BLAS.withSingleThreadedCalls {
      DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
        body((count * chunk / chunkCount)..<(count * (chunk + 1) / chunkCount))
      }
    }
  }
}

extension Matrix {
  /// `self · other` through the small-product kernel when it is small, else BLAS.
  @inlinable
  func _smallOrBLASProduct(_ other: Matrix) -> Matrix {
    guard SmallProductKernel.handles(m: rows, n: other.columns, k: columns) else { return _product(other) }
    let count = rows * other.columns
    let elements = [Scalar](unsafeUninitializedCapacity: count) { buffer, initialized in
      _multiplySmallOrBLAS(other, into: buffer.baseAddress)
      initialized = count
    }
    return Matrix(_unchecked: rows, other.columns, elements)
  }

  /// `C ← self · other` into `rows × other.columns` contiguous entries at `base` (`nil`
  /// only when there are none): the small-product kernel when it is small, else BLAS.
  @inlinable
  func _multiplySmallOrBLAS(_ other: Matrix, into base: UnsafeMutablePointer<Scalar>?) {
    guard let base else { return }
    let m = rows
    let n = other.columns
    let c = MutableMatrixView(base: base, rows: m, columns: n, leadingDimension: Swift.max(1, n))
    withUnsafeView { a in
      other.withUnsafeView { b in
        if SmallProductKernel.handles(m: m, n: n, k: columns) {
          SmallProductKernel.multiply(a, b, into: c, accumulate: false)
        } else {
          BLAS.gemm(a, transposeA: false, b, transposeB: false, into: c)
        }
      }
    }
  }
}

/// A pointer handed to parallel tasks that each touch their own, disjoint part of it.
@usableFromInline
struct UnsafeSendablePointer<Pointee>: @unchecked Sendable {
  @usableFromInline let base: UnsafeMutablePointer<Pointee>?
  @inlinable init(_ base: UnsafeMutablePointer<Pointee>?) { self.base = base }
}
