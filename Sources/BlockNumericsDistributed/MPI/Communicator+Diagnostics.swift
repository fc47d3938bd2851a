internal import CMPI
import BlockNumerics

extension Communicator {
  /// The one-way time of a message of `bytes` bytes between processes `first` and
  /// `second`, measured as half the mean round trip of `repetitions` ping-pongs (after one
  /// unmeasured round trip), as the OSU and Intel MPI benchmarks do; returned on every
  /// process. The other processes wait without spinning.
  ///
  /// Small messages give the link's latency α, large ones its bandwidth `bytes / time`:
  /// the two parameters of the α–β model docs/SCALING.md predicts with.
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when `first` and `second` are not two different processes, `bytes` is negative,
  ///   `repetitions` is not positive, or the processes disagree on the arguments.
  /// - Complexity: collective; `2 · (repetitions + 1)` messages between the two processes.
  public func pingPong(bytes: Int, repetitions: Int, between first: Int = 0, and second: Int = 1) throws -> Double {
    let operation = "Communicator.pingPong(bytes:repetitions:between:and:)"
    try _checkActive(operation)
    var failure: BlockNumericsError? = nil
    if first < 0 || first >= size || second < 0 || second >= size || first == second {
      failure = .invalidArgument(operation: operation, message: "processes \(first) and \(second) must be two different ranks in 0..<\(size)")
    } else if bytes < 0 || bytes > Int(Int32.max) || repetitions < 1 {
      failure = .invalidArgument(operation: operation, message: "need 0 ≤ bytes ≤ \(Int32.max) and repetitions ≥ 1, got \(bytes) and \(repetitions)")
    }
    try _agree(failure, values: [bytes, repetitions, first, second], names: ["bytes", "repetitions", "the first process", "the second process"], operation: operation)
    var seconds = 0.0
    if rank == first || rank == second {
      let peer = Int32(rank == first ? second : first)
      var buffer = [UInt8](repeating: 0, count: Swift.max(1, bytes))
      buffer.withUnsafeMutableBytes { raw in
        let count = Int32(bytes)
        func roundTrip() {
          if rank == first {
            MPI_Send(raw.baseAddress, count, bn_mpi_byte(), peer, _matrixTransferTag, internalHandle)
            MPI_Recv(raw.baseAddress, count, bn_mpi_byte(), peer, _matrixTransferTag, internalHandle, bn_mpi_status_ignore())
          } else {
            MPI_Recv(raw.baseAddress, count, bn_mpi_byte(), peer, _matrixTransferTag, internalHandle, bn_mpi_status_ignore())
            MPI_Send(raw.baseAddress, count, bn_mpi_byte(), peer, _matrixTransferTag, internalHandle)
          }
        }
        roundTrip()
        let start = MPI_Wtime()
        for _ in 0..<repetitions { roundTrip() }
        seconds = (MPI_Wtime() - start) / Double(2 * repetitions)
      }
    } else {
      try barrier(sleepingBetweenChecks: .milliseconds(1))
    }
    if rank == first || rank == second { try barrier(sleepingBetweenChecks: .milliseconds(1)) }
    return try broadcast(rank == first ? seconds : nil, root: first)
  }
}
