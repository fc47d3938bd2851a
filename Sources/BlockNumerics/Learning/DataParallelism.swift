/// The hook through which data-parallel training (BlockNumericsDistributed's
/// `fit(…, communicator:)`) runs the training loops of ``Sequential`` and
/// ``MatrixFactorization`` on several processes; local training passes none.
///
/// Every process runs the same loop over the same data, in the same shuffled order. With the
/// hook a loop computes only this process's ``shard(of:)`` of each global batch, with the
/// loss normalised by the *global* batch size, then calls
/// ``combine(_:statistics:into:buffer:)`` once per step: the gradients of all parameters and
/// the batch's statistics (loss, correct rows) travel flattened in one buffer through one
/// all-reduce (``sum``), so every process holds the gradient of the whole batch and applies
/// the same optimizer step (PyTorch DistributedDataParallel's semantics). Before the first
/// step the loop passes what it found wrong, and the arguments that must match, to
/// ``agree``, so that a failure anywhere is thrown everywhere.
package struct _DataParallelism<Scalar: BLASScalar> {
  /// This process's number, `0..<processCount`.
  package let rank: Int
  /// The number of processes training together.
  package let processCount: Int
  /// Collective: throws the same error on every process when any process passes a failure
  /// or when the processes pass different `values` (named by `names`); returns on every
  /// process otherwise.
  package let agree: (_ failure: BlockNumericsError?, _ values: [Int], _ names: [String]) throws -> Void
  /// Collective: replaces `buffer` by its element-wise sum over all processes (one
  /// all-reduce; every process passes the same count).
  package let sum: (_ buffer: inout [Scalar]) throws -> Void

  /// A hook for process `rank` of `processCount`.
  package init(
    rank: Int, processCount: Int,
    agree: @escaping (_ failure: BlockNumericsError?, _ values: [Int], _ names: [String]) throws -> Void,
    sum: @escaping (_ buffer: inout [Scalar]) throws -> Void
  ) {
    precondition(processCount >= 1 && rank >= 0 && rank < processCount, "_DataParallelism: rank \(rank) of \(processCount)")
    self.rank = rank
    self.processCount = processCount
    self.agree = agree
    self.sum = sum
  }

  /// This process's positions among `count` rows of a global batch: a contiguous, balanced
  /// range (`⌊rank·count/P⌋ ..< ⌊(rank+1)·count/P⌋`), empty when `count < P` leaves this
  /// process without rows.
  package func shard(of count: Int) -> Range<Int> {
    (rank * count / processCount)..<((rank + 1) * count / processCount)
  }

  /// Sums `gradients` (zeros when nil: this process had no rows) and `statistics` over all
  /// processes in one all-reduce, writing the summed gradients into `combined` (same count
  /// and shapes, allocated on first use) and the summed statistics back into `statistics`.
  /// Statistics travel as `Scalar` (in single precision they are rounded to `Float`).
  /// - Complexity: O(parameters + statistics) plus one all-reduce of that many elements.
  package func combine(
    _ gradients: [Matrix<Scalar>]?, statistics: inout [Double], into combined: inout [Matrix<Scalar>], buffer: inout [Scalar]
  ) throws {
    let shapes = gradients ?? combined
    precondition(!shapes.isEmpty || gradients != nil, "_DataParallelism.combine: no gradients and no shapes")
    if combined.count != shapes.count || zip(combined, shapes).contains(where: { $0.rows != $1.rows || $0.columns != $1.columns }) {
      combined = shapes.map { Matrix(rows: $0.rows, columns: $0.columns) }
    }
    buffer.removeAll(keepingCapacity: true)
    if let gradients {
      for gradient in gradients { gradient.withUnsafeBufferPointer { buffer.append(contentsOf: $0) } }
    } else {
      buffer.append(contentsOf: repeatElement(0, count: combined.reduce(0) { $0 + $1.count }))
    }
    for value in statistics { buffer.append(Scalar(value)) }
    try sum(&buffer)
    var offset = 0
    buffer.withUnsafeBufferPointer { source in
      for index in combined.indices {
        combined[index].withUnsafeMutableBufferPointer { target in
          guard target.count > 0 else { return }
          target.baseAddress!.update(from: source.baseAddress! + offset, count: target.count)
          offset += target.count
        }
      }
      for index in statistics.indices { statistics[index] = Double(source[offset + index]) }
    }
  }
}

extension _DataParallelism {
  /// Runs a training loop's argument `checks` for `operation`. Locally (`parallelism` nil)
  /// their error is thrown as it is; data-parallel, the outcome and `values` (named by
  /// `names`, which must match on every process) go through ``agree`` so that every process
  /// throws or none does. An error that is not a `BlockNumericsError` becomes
  /// `invalidArgument`.
  package static func checkArguments(
    _ parallelism: _DataParallelism?, operation: String, values: @autoclosure () -> [Int], names: [String],
    _ checks: () throws -> Void
  ) throws {
    var failure: BlockNumericsError? = nil
    do {
      try checks()
    } catch let error as BlockNumericsError {
      failure = error
    } catch {
      failure = .invalidArgument(operation: operation, message: "\(error)")
    }
    if let parallelism {
      try parallelism.agree(failure, values(), names)
    } else if let failure {
      throw failure
    }
  }
}
