internal import CMPI
import BlockNumerics

// How data-parallel training reaches MPI: BlockNumerics' training loops call a
// `_DataParallelism` hook (see Sources/BlockNumerics/Learning/DataParallelism.swift), and this
// file builds one over a communicator. Its `agree` is the communicator's agreement with
// fingerprints of the data and the starting parameters added to the loop's own arguments;
// its `sum` is one in-place MPI_Allreduce per step, without a per-step agreement, because
// the buffer's length (the parameters and the statistics) was agreed before the first step.

extension Communicator {
  /// The hook that makes a training loop data-parallel over this communicator.
  ///
  /// - Parameters:
  ///   - fingerprints: values that must be equal on every process besides the loop's own
  ///     arguments (``_TrainingFingerprint`` of the data and of the starting parameters).
  ///   - names: what each fingerprint is, for the error message.
  ///   - operation: the public operation, for error messages.
  func _dataParallelism<Scalar: BLASScalar & MPIScalar>(
    fingerprints: [Int], names: [String], operation: String
  ) -> _DataParallelism<Scalar> {
    _DataParallelism(
      rank: rank, processCount: size,
      agree: { failure, values, valueNames in
        try self._agree(failure, values: values + fingerprints, names: valueNames + names, operation: operation)
      },
      sum: { buffer in try self._sumInPlace(&buffer, operation: operation) })
  }

  /// Collective: replaces `buffer` by its element-wise sum over all processes, in chunks of
  /// at most 2²⁸ elements. Every process must pass the same count (agreed beforehand: this
  /// call checks nothing across processes, so that a training step costs one all-reduce).
  /// - Throws: `BlockNumericsError.systemFailure` after MPI was finalised.
  /// - Complexity: O(count · log size) with MPI's recursive doubling, about 2·count
  ///   elements sent per process with its ring algorithm for large buffers.
  func _sumInPlace<Scalar: MPIScalar>(_ buffer: inout [Scalar], operation: String) throws {
    try _checkActive(operation)
    buffer.withUnsafeMutableBufferPointer { elements in
      _forEachChunk(elements.count) { offset, count in
        _ = MPI_Allreduce(
          bn_mpi_in_place(), elements.baseAddress! + offset, Int32(count), Scalar.mpiElement.datatype, bn_mpi_sum(),
          internalHandle)
      }
    }
  }
}
