internal import CMPI
import BlockNumerics

// How BlockNumericsDistributed keeps its promise that nothing hangs and every process throws
// the same error: before any collective call that moves data, every process calls
// `_agree` with what it found wrong locally (nil if nothing) and the arguments that must be
// equal everywhere. One all-reduce (a minimum over a fixed-size vector) tells every process
// whether anyone failed and whether the arguments agree; only on failure does a second
// collective broadcast the first failing process's error, which then every process throws.

extension Communicator {
  /// How many arguments one agreement compares; the vector has a fixed size so that even
  /// processes that reached different calls (a bug in the program) exchange messages of
  /// the same length and report the disagreement instead of corrupting each other's data.
  static let agreementCapacity = 12

  /// Collective: throws on every process when any process passes a failure or when
  /// `values` differ between processes; returns normally on every process otherwise.
  ///
  /// - Parameters:
  ///   - failure: what this process found wrong, or nil.
  ///   - values: arguments that must be equal on every process (sizes, roots, grid numbers).
  ///   - names: what each value is, for the message.
  ///   - operation: the public operation, for the message.
  /// - Throws: the failure of the lowest-ranked failing process, on every process; else
  ///   `BlockNumericsError.invalidArgument` naming the first argument
  ///   that differs and its range.
  func _agree(_ failure: BlockNumericsError?, values: [Int] = [], names: [String] = [], operation: String) throws {
    precondition(values.count <= Self.agreementCapacity && names.count == values.count, "_agree: at most \(Self.agreementCapacity) named values")
    let capacity = Self.agreementCapacity
    // Minimum-reduced: slot 0 is the lowest failing rank (size when none), slots 1... the
    // smallest value of each argument and slots 1+capacity... the negated largest. Unused
    // slots hold 0, which a process that did use the slot would disagree with.
    var buffer = [Int64](repeating: 0, count: 1 + 2 * capacity)
    buffer[0] = failure == nil ? Int64(size) : Int64(rank)
    for (index, value) in values.enumerated() {
      let clamped = Int64(clamping: value)
      buffer[1 + index] = clamped
      buffer[1 + capacity + index] = -Swift.max(clamped, -Int64.max)
    }
    MPI_Allreduce(bn_mpi_in_place(), &buffer, Int32(buffer.count), bn_mpi_int64(), bn_mpi_min(), internalHandle)
    let lowestFailing = Int(buffer[0])
    if lowestFailing < size {
      throw _broadcastError(failure, from: lowestFailing)
    }
    for index in 0..<capacity where buffer[1 + index] != -buffer[1 + capacity + index] {
      let name = index < names.count ? names[index] : "argument \(index + 1)"
      throw BlockNumericsError.invalidArgument(
        operation: operation,
        message: "processes disagree on \(name): values range from \(buffer[1 + index]) to \(-buffer[1 + capacity + index]); every process must pass the same \(name)")
    }
  }

  /// Collective: the error of process `root`, sent to every process.
  private func _broadcastError(_ failure: BlockNumericsError?, from root: Int) -> BlockNumericsError {
    var bytes = rank == root ? (failure ?? .invalidArgument(operation: "?", message: "?"))._encoded() : []
    var count = Int64(bytes.count)
    MPI_Bcast(&count, 1, bn_mpi_int64(), Int32(root), internalHandle)
    if rank != root { bytes = [UInt8](repeating: 0, count: Int(count)) }
    bytes.withUnsafeMutableBytes { buffer in
      _ = MPI_Bcast(buffer.baseAddress, Int32(count), bn_mpi_byte(), Int32(root), internalHandle)
    }
    return BlockNumericsError(_decoding: bytes)
      ?? .systemFailure(operation: "Communicator", message: "process \(root) failed, but its error could not be decoded")
  }
}
