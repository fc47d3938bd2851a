internal import CMPI
import BlockNumerics

// Point-to-point transfers for scattering and gathering distributed matrices. Both sides
// know the element count from the block-cyclic layout, so no sizes travel; both cut the
// buffer into the same chunks.

/// The tag of BlockNumericsDistributed's point-to-point messages on the private communicator.
let _matrixTransferTag: Int32 = 22

extension Communicator {
  /// Sends `buffer` to process `destination`, which must call ``_receive(into:from:)``.
  func _send<Scalar: MPIScalar>(_ buffer: UnsafeBufferPointer<Scalar>, to destination: Int) {
    _forEachChunk(buffer.count) { offset, count in
      _ = MPI_Send(buffer.baseAddress! + offset, Int32(count), Scalar.mpiElement.datatype, Int32(destination), _matrixTransferTag, internalHandle)
    }
  }

  /// Receives exactly `buffer.count` elements from process `source` (sent by ``_send(_:to:)``).
  func _receive<Scalar: MPIScalar>(into buffer: UnsafeMutableBufferPointer<Scalar>, from source: Int) {
    _forEachChunk(buffer.count) { offset, count in
      _ = MPI_Recv(buffer.baseAddress! + offset, Int32(count), Scalar.mpiElement.datatype, Int32(source), _matrixTransferTag, internalHandle, bn_mpi_status_ignore())
    }
  }
}
