internal import CMPI
import BlockNumerics

// Collectives on raw buffers, for the hot loops of the distributed factorizations: every
// process already knows every count (they follow from the layout), so nothing is agreed
// first and nothing is allocated. Callers check what must agree once, before their loop.

extension Communicator {
  /// All-gather with varying counts: process `r` contributes `counts[r]` elements
  /// (`send.count == counts[rank]`), and every process receives all of them, in rank
  /// order, in `result` (`result.count == counts.reduce(0, +)`, below 2³¹).
  /// - Complexity: O(total) elements received per process; ⌈log₂ size⌉ messages with
  ///   recursive doubling.
  func _allGather<Scalar: MPIScalar>(
    _ send: UnsafeBufferPointer<Scalar>, counts: [Int], into result: UnsafeMutableBufferPointer<Scalar>
  ) {
    #if BLOCKNUMERICS_INTERNAL_CHECKS
    precondition(send.count == counts[rank] && result.count == counts.reduce(0, +), "_allGather: counts do not match the buffers")
    #endif
    let counts32 = counts.map { Int32($0) }
    var displacements = [Int32](repeating: 0, count: counts.count)
    for index in counts.indices.dropFirst() { displacements[index] = displacements[index - 1] + counts32[index - 1] }
    _ = MPI_Allgatherv(
      _address(send), Int32(send.count), Scalar.mpiElement.datatype, _mutableAddress(result), counts32, displacements,
      Scalar.mpiElement.datatype, internalHandle)
  }

  /// Reduce-scatter of sums with varying counts: every process passes `send` with
  /// `counts.reduce(0, +)` elements (below 2³¹), and process `r` receives in `result`
  /// (`counts[r]` elements) the sum over all processes of their `r`-th segment.
  /// - Complexity: O(total) elements sent per process; ⌈log₂ size⌉ messages with recursive
  ///   halving.
  func _reduceScatterSum<Scalar: MPIScalar>(
    _ send: UnsafeBufferPointer<Scalar>, counts: [Int], into result: UnsafeMutableBufferPointer<Scalar>
  ) {
    #if BLOCKNUMERICS_INTERNAL_CHECKS
    precondition(result.count == counts[rank] && send.count == counts.reduce(0, +), "_reduceScatterSum: counts do not match the buffers")
    #endif
    let counts32 = counts.map { Int32($0) }
    _ = MPI_Reduce_scatter(
      _address(send), _mutableAddress(result), counts32, Scalar.mpiElement.datatype, bn_mpi_sum(), internalHandle)
  }

  /// The element-wise sum of `buffer` over all processes, in place (below 2³¹ elements).
  /// - Complexity: O(count) elements sent per process; 2⌈log₂ size⌉ messages.
  func _allReduceSum<Scalar: MPIScalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>) {
    _ = MPI_Allreduce(bn_mpi_in_place(), _mutableAddress(buffer), Int32(buffer.count), Scalar.mpiElement.datatype, bn_mpi_sum(), internalHandle)
  }
}

/// A valid address for a buffer that may be empty (MPI wants one even for no elements).
private func _address<Scalar>(_ buffer: UnsafeBufferPointer<Scalar>) -> UnsafeRawPointer {
  UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Scalar>.alignment)!)
}

private func _mutableAddress<Scalar>(_ buffer: UnsafeMutableBufferPointer<Scalar>) -> UnsafeMutableRawPointer {
  UnsafeMutableRawPointer(buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Scalar>.alignment)!)
}
