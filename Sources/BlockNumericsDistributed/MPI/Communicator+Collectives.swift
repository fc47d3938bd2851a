internal import CMPI
import BlockNumerics

// All-reduce, broadcast and all-gather of scalars, arrays and matrices. Each checks first,
// in one agreement (see Communicator+Agreement.swift), what must match across processes:
// counts and shapes for reductions, the root for broadcasts. Large buffers move in chunks
// because MPI counts are 32-bit.

/// The most elements one MPI call moves: MPI counts are 32-bit.
let _maximumElementsPerCall = 1 << 28

extension Communicator {
  // MARK: All-reduce

  /// The combination (sum, product, maximum or minimum) of `value` over all processes,
  /// returned on every process.
  /// - Throws: `BlockNumericsError.systemFailure` after MPI was finalised.
  /// - Complexity: O(log size) messages.
  public func allReduce<Scalar: MPIScalar>(_ value: Scalar, _ operation: ReductionOperation) throws -> Scalar {
    try allReduce([value], operation)[0]
  }

  /// The element-wise combination of `values` over all processes, on every process.
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when the processes pass arrays of different lengths.
  /// - Complexity: O(count · log size).
  public func allReduce<Scalar: MPIScalar>(_ values: [Scalar], _ operation: ReductionOperation) throws -> [Scalar] {
    let name = "Communicator.allReduce(_:_:)"
    try _checkActive(name)
    try _agree(nil, values: [values.count], names: ["the number of values"], operation: name)
    var result = values
    result.withUnsafeMutableBufferPointer { buffer in
      _forEachChunk(buffer.count) { offset, count in
        _ = MPI_Allreduce(bn_mpi_in_place(), buffer.baseAddress! + offset, Int32(count), Scalar.mpiElement.datatype, operation.op, internalHandle)
      }
    }
    return result
  }

  /// The element-wise combination of `matrix` over all processes, on every process (the
  /// sum of per-process partial products or gradients, for instance).
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when the processes pass matrices of different shapes.
  /// - Complexity: O(rows · columns · log size).
  public func allReduce<Scalar: MPIScalar & BLASScalar>(_ matrix: Matrix<Scalar>, _ operation: ReductionOperation) throws -> Matrix<Scalar> {
    let name = "Communicator.allReduce(_:_:)"
    try _checkActive(name)
    try _agree(nil, values: [matrix.rows, matrix.columns], names: ["the number of rows", "the number of columns"], operation: name)
    var elements = matrix.elements
    elements.withUnsafeMutableBufferPointer { buffer in
      _forEachChunk(buffer.count) { offset, count in
        _ = MPI_Allreduce(bn_mpi_in_place(), buffer.baseAddress! + offset, Int32(count), Scalar.mpiElement.datatype, operation.op, internalHandle)
      }
    }
    return try Matrix(rows: matrix.rows, columns: matrix.columns, elements: elements)
  }

  // MARK: Broadcast

  /// `value` from process `root`, returned on every process; other processes pass nil (what
  /// they pass is ignored).
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when `root` is outside `0..<size`, differs between processes, or the root passes nil.
  /// - Complexity: O(log size) messages.
  public func broadcast<Scalar: MPIScalar>(_ value: Scalar?, root: Int) throws -> Scalar {
    try broadcast(value.map { [$0] }, root: root, operation: "Communicator.broadcast(_:root:)", expectedCount: 1)[0]
  }

  /// `values` from process `root`, returned on every process; other processes pass nil.
  /// - Throws: as ``broadcast(_:root:)-(Scalar?,_)``.
  /// - Complexity: O(count · log size).
  public func broadcast<Scalar: MPIScalar>(_ values: [Scalar]?, root: Int) throws -> [Scalar] {
    try broadcast(values, root: root, operation: "Communicator.broadcast(_:root:)", expectedCount: nil)
  }

  /// `matrix` from process `root`, returned on every process; other processes pass nil.
  /// - Throws: as ``broadcast(_:root:)-(Scalar?,_)``.
  /// - Complexity: O(rows · columns · log size).
  public func broadcast<Scalar: MPIScalar & BLASScalar>(_ matrix: Matrix<Scalar>?, root: Int) throws -> Matrix<Scalar> {
    let name = "Communicator.broadcast(_:root:)"
    try _checkRoot(root, hasValue: matrix != nil, operation: name)
    var shape = [Int64(matrix?.rows ?? 0), Int64(matrix?.columns ?? 0)]
    MPI_Bcast(&shape, 2, bn_mpi_int64(), Int32(root), internalHandle)
    let rows = Int(shape[0])
    let columns = Int(shape[1])
    var elements = rank == root ? matrix!.elements : [Scalar](repeating: 0, count: rows * columns)
    _broadcastElements(&elements, root: root)
    return try Matrix(rows: rows, columns: columns, elements: elements)
  }

  private func broadcast<Scalar: MPIScalar>(_ values: [Scalar]?, root: Int, operation: String, expectedCount: Int?) throws -> [Scalar] {
    var failure: BlockNumericsError? = nil
    if rank == root, let expectedCount, let values, values.count != expectedCount {
      failure = .invalidArgument(operation: operation, message: "the root passed \(values.count) values, expected \(expectedCount)")
    }
    try _checkRoot(root, hasValue: values != nil, operation: operation, failure: failure)
    var count = Int64(values?.count ?? 0)
    MPI_Bcast(&count, 1, bn_mpi_int64(), Int32(root), internalHandle)
    var elements = rank == root ? values! : [Scalar](repeating: 0, count: Int(count))
    _broadcastElements(&elements, root: root)
    return elements
  }

  /// Checks `root` on every process and that the root has something to send.
  private func _checkRoot(_ root: Int, hasValue: Bool, operation: String, failure: BlockNumericsError? = nil) throws {
    try _checkActive(operation)
    var failure = failure
    if root < 0 || root >= size {
      failure = .invalidArgument(operation: operation, message: "root \(root) is not a process of this communicator (ranks 0..<\(size))")
    } else if rank == root && !hasValue {
      failure = .invalidArgument(operation: operation, message: "the root, process \(root), passed nil; the root must pass what it broadcasts")
    }
    try _agree(failure, values: [root], names: ["the root"], operation: operation)
  }

  /// Broadcasts `elements` (already sized on every process) from `root`, chunk by chunk.
  func _broadcastElements<Scalar: MPIScalar>(_ elements: inout [Scalar], root: Int) {
    elements.withUnsafeMutableBufferPointer { buffer in
      _forEachChunk(buffer.count) { offset, count in
        _ = MPI_Bcast(buffer.baseAddress! + offset, Int32(count), Scalar.mpiElement.datatype, Int32(root), internalHandle)
      }
    }
  }

  // MARK: All-gather

  /// Every process's `value`, in rank order, on every process.
  /// - Throws: `BlockNumericsError.systemFailure` after MPI was finalised.
  /// - Complexity: O(size) values received per process.
  public func allGather<Scalar: MPIScalar>(_ value: Scalar) throws -> [Scalar] {
    try _checkActive("Communicator.allGather(_:)")
    let send = [value]
    var result = [Scalar](repeating: 0, count: size)
    send.withUnsafeBufferPointer { send in
      result.withUnsafeMutableBufferPointer { receive in
        _ = MPI_Allgather(send.baseAddress, 1, Scalar.mpiElement.datatype, receive.baseAddress, 1, Scalar.mpiElement.datatype, internalHandle)
      }
    }
    return result
  }

  /// Every process's `values` (their lengths may differ), in rank order, on every process.
  /// - Throws: `BlockNumericsError.invalidArgument` on every process
  ///   when the total exceeds what one MPI all-gather can address (2³¹ − 1 elements).
  /// - Complexity: O(total count) received per process.
  public func allGather<Scalar: MPIScalar>(_ values: [Scalar]) throws -> [[Scalar]] {
    let counts = try allGather(values.count)
    let flat = try _allGatherElements(values, counts: counts, operation: "Communicator.allGather(_:)")
    var result: [[Scalar]] = []
    var offset = 0
    for count in counts {
      result.append(Array(flat[offset..<offset + count]))
      offset += count
    }
    return result
  }

  /// Every process's `matrix` (their shapes may differ), in rank order, on every process.
  /// - Throws: as ``allGather(_:)-([Scalar])``.
  /// - Complexity: O(total entries) received per process.
  public func allGather<Scalar: MPIScalar & BLASScalar>(_ matrix: Matrix<Scalar>) throws -> [Matrix<Scalar>] {
    let shapes = try allGather([matrix.rows, matrix.columns])
    let counts = shapes.map { $0[0] * $0[1] }
    let flat = try _allGatherElements(matrix.elements, counts: counts, operation: "Communicator.allGather(_:)")
    var result: [Matrix<Scalar>] = []
    var offset = 0
    for (shape, count) in zip(shapes, counts) {
      result.append(try Matrix(rows: shape[0], columns: shape[1], elements: Array(flat[offset..<offset + count])))
      offset += count
    }
    return result
  }

  /// The concatenation of every process's `elements`, whose counts every process knows.
  private func _allGatherElements<Scalar: MPIScalar>(_ elements: [Scalar], counts: [Int], operation: String) throws -> [Scalar] {
    let total = counts.reduce(0, +)
    // Every process computes the same total from the same counts: no agreement needed.
    guard total <= Int(Int32.max) else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "the processes' arrays hold \(total) elements in all; one all-gather addresses at most \(Int32.max)")
    }
    var displacements = [Int32](repeating: 0, count: counts.count)
    for index in counts.indices.dropFirst() { displacements[index] = displacements[index - 1] + Int32(counts[index - 1]) }
    let counts32 = counts.map { Int32($0) }
    var result = [Scalar](repeating: 0, count: total)
    elements.withUnsafeBufferPointer { send in
      result.withUnsafeMutableBufferPointer { receive in
        _ = MPI_Allgatherv(
          send.baseAddress, Int32(send.count), Scalar.mpiElement.datatype, receive.baseAddress,
          counts32, displacements, Scalar.mpiElement.datatype, internalHandle)
      }
    }
    return result
  }
}

/// Calls `body(offset, count)` for consecutive chunks covering `0..<total`, each at most
/// ``_maximumElementsPerCall`` long (not at all when `total` is 0).
func _forEachChunk(_ total: Int, _ body: (Int, Int) -> Void) {
  var offset = 0
  while offset < total {
    let count = Swift.min(_maximumElementsPerCall, total - offset)
    body(offset, count)
    offset += count
  }
}
