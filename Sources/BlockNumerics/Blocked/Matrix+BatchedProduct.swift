extension Matrix {
  /// The products `lhs[i] · rhs[i]` of many independent pairs, computed in parallel: the
  /// block-diagonal case, where a loop of small BLAS calls would run on one core.
  ///
  /// Pairs are split into chunks of about equal work, run by the library's scheduler on all
  /// cores. Small products (every side up to 48) use the library's register-tiled vector
  /// kernel (``VectorKernels``), which avoids BLAS's per-call overhead and its locking when
  /// threads call at once — when every pair has the same shape, as one loop over the pairs
  /// inside the kernel, otherwise one call per pair with the next pair's operands
  /// prefetched; larger ones make single-threaded BLAS calls. Results are in the order of
  /// the inputs and identical for any `BLAS.threadCount`.
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
      let output = UnsafeSendablePointer(buffer._viewBase)
      let uniformShape = _uniformKernelShape(lhs, rhs, work: work)
      _forEachBatchedChunk(lhs, rhs, work: work) { range in
        if let shape = uniformShape {
          _batchedKernelProducts(lhs, rhs, range, shape) { index in
            // The kernel writes every entry before anyone reads the matrix.
            var c: UnsafeMutablePointer<Scalar>?
            (output.base + index).initialize(to: Matrix(_uninitializedRows: shape.m, columns: shape.n) { c = $0.base })
            return c
          }
          return
        }
        for index in range {
          _prefetchPair(lhs, rhs, index + 1, in: range)
          let product = Matrix(_uninitializedRows: lhs[index].rows, columns: rhs[index].columns) { c in
            lhs[index]._multiplySmallOrBLAS(rhs[index], into: c)
          }
          (output.base + index).initialize(to: product)
        }
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
    outputs.withUnsafeMutableBufferPointer { buffer in
      let output = UnsafeSendablePointer(buffer._viewBase)
      let uniformShape = _uniformKernelShape(lhs, rhs, work: work)
      _forEachBatchedChunk(lhs, rhs, work: work) { range in
        if let shape = uniformShape {
          // Each chunk owns its outputs; a shared storage is copied first, by this chunk.
          _batchedKernelProducts(lhs, rhs, range, shape) { index in
            output.base[index]._storage.withUnsafeMutableBufferPointer { $0.baseAddress }
          }
          return
        }
        for index in range {
          _prefetchPair(lhs, rhs, index + 1, in: range)
          // Each chunk owns its outputs; a shared storage is copied first, by this chunk.
          output.base[index].withUnsafeMutableView { c in lhs[index]._multiplySmallOrBLAS(rhs[index], into: c) }
        }
      }
    }
  }

  /// Checks the pairs and returns the total multiply-adds and whether every pair has the
  /// first pair's shapes.
  @inlinable
  static func _batchedWork(_ lhs: [Matrix], _ rhs: [Matrix], operation: String) throws -> (work: Int, uniform: Bool) {
    guard lhs.count == rhs.count else {
      throw BlockNumericsError.shapeMismatch(
        operation: operation, message: "\(lhs.count) left matrices but \(rhs.count) right matrices; the counts must agree")
    }
    var work = 0
    var uniform = true
    for index in lhs.indices {
      guard lhs[index].columns == rhs[index].rows else {
        throw BlockNumericsError.shapeMismatch(
          operation: operation,
          message: "pair \(index): cannot multiply \(lhs[index].shapeDescription) by \(rhs[index].shapeDescription)")
      }
      work += lhs[index].rows * lhs[index].columns * rhs[index].columns
      if uniform && index > 0 {
        uniform = lhs[index].shape == lhs[0].shape && rhs[index].columns == rhs[0].columns
      }
    }
    return (work, uniform)
  }

  /// Runs `body` on chunks of the pairs through ``ParallelLoop``, balanced by each pair's
  /// multiply-adds (by count when every pair has the same shapes, sparing a pass over the
  /// pairs); `work` is their sum.
  @inlinable
  static func _forEachBatchedChunk(
    _ lhs: [Matrix], _ rhs: [Matrix], work: (work: Int, uniform: Bool), _ body: @Sendable (Range<Int>) -> Void
  ) {
    let cost: ((Int) -> Int)? = work.uniform ? nil : { lhs[$0].rows * lhs[$0].columns * rhs[$0].columns }
    ParallelLoop.forEachChunk(lhs.count, work: work.work, cost: cost, body)
  }
}

extension Matrix {
  /// The shape `(m, n, k)` of every pair when all pairs share it and it goes to the
  /// small-product kernel (``SmallProductParameters``); otherwise nil.
  @inlinable
  static func _uniformKernelShape(
    _ lhs: [Matrix], _ rhs: [Matrix], work: (work: Int, uniform: Bool)
  ) -> (m: Int, n: Int, k: Int)? {
    guard work.uniform, let a = lhs.first, let b = rhs.first else { return nil }
    let parameters = SmallProductParameters.automatic
    return parameters.usesKernel(m: a.rows, n: b.columns, k: a.columns) ? (a.rows, b.columns, a.columns) : nil
  }

  /// The pairs in `range`, all of shape `shape`, through the kernel's batched loop
  /// (``_VectorKernelScalar/_batchedSmallProduct(count:m:n:k:a:b:c:)``): their storage
  /// addresses are gathered first (`output(index)` gives pair `index`'s result storage), so
  /// the loop over pairs runs in C without Swift's per-access reference counting. The
  /// addresses outlive the closures that give them: `lhs` and `rhs` hold their arrays,
  /// unchanged, for the whole call, and each output's storage is owned by this chunk, so no
  /// buffer moves while the kernel runs.
  @inlinable
  static func _batchedKernelProducts(
    _ lhs: [Matrix], _ rhs: [Matrix], _ range: Range<Int>, _ shape: (m: Int, n: Int, k: Int),
    output: (Int) -> UnsafeMutablePointer<Scalar>?
  ) {
    let count = range.count
    let a = UnsafeMutablePointer<UnsafePointer<Scalar>?>.allocate(capacity: count)
    let b = UnsafeMutablePointer<UnsafePointer<Scalar>?>.allocate(capacity: count)
    let c = UnsafeMutablePointer<UnsafeMutablePointer<Scalar>?>.allocate(capacity: count)
    defer {
      a.deallocate()
      b.deallocate()
      c.deallocate()
    }
    for (slot, index) in range.enumerated() {
      a[slot] = lhs[index]._storage.withUnsafeBufferPointer { $0.baseAddress }
      b[slot] = rhs[index]._storage.withUnsafeBufferPointer { $0.baseAddress }
      c[slot] = output(index)
    }
    Scalar._batchedSmallProduct(count: count, m: shape.m, n: shape.n, k: shape.k, a: a, b: b, c: c)
  }

  /// Hints the operands of pair `index` into the caches while pair `index − 1` is computed,
  /// when `index` is in `range`: for small products the kernel's arithmetic is shorter than
  /// a trip to memory, and the pairs' separate arrays defeat the hardware's own prefetching.
  @inlinable
  static func _prefetchPair(_ lhs: [Matrix], _ rhs: [Matrix], _ index: Int, in range: Range<Int>) {
    guard index < range.upperBound else { return }
    lhs[index].withUnsafeBufferPointer { _prefetch($0._viewBase, count: $0.count) }
    rhs[index].withUnsafeBufferPointer { _prefetch($0._viewBase, count: $0.count) }
  }

  /// `C ← self · other` into a view of the product's shape: the small-product kernel when it
  /// is small, else BLAS.
  @inlinable
  func _multiplySmallOrBLAS(_ other: Matrix, into c: MutableMatrixView<Scalar>) {
    withUnsafeView { a in
      other.withUnsafeView { b in _smallOrBLASProduct(a, b, into: c) }
    }
  }
}
