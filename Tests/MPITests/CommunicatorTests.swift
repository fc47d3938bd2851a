import BlockNumerics
@testable import BlockNumericsDistributed
import Foundation

#if canImport(Glibc)
import Glibc
#endif

func communicatorTests(_ runner: inout TestRunner) throws {
  let world = runner.world
  let size = world.size

  runner.test("communicator: world, barrier, placement") { t in
    t.check(world.rank >= 0 && world.rank < size, "rank \(world.rank) of \(size)")
    t.check(try Communicator.world === world, "world is not one value")
    try world.barrier()
    try world.barrier(sleepingBetweenChecks: .milliseconds(1))
    let placement = world.placement
    t.check(placement.blasThreadCount == BLAS.threadCount || placement.blasThreadSource != "default", "placement: \(placement)")
    if placement.blasThreadSource == "default" {
      let expected = max(1, min(placement.coresAvailableToThisProcess, placement.coresOnThisNode / placement.processesOnThisNode))
      t.check(placement.blasThreadCount == expected, "BLAS threads \(placement.blasThreadCount), expected \(expected) for \(placement)")
    }
    t.check(placement.processesOnThisNode == size, "one node here, \(placement.processesOnThisNode) of \(size) processes on it")
  }

  runner.test("PBLAS sees BlockNumericsDistributed's logical block size") { t in
    // Dynamic lookup finds the first definition in the process, the one ScaLAPACK's own
    // calls bind to: it must be ours and give the documented value.
    typealias Pilaenv = @convention(c) (UnsafePointer<Int32>?, UnsafePointer<CChar>?, Int) -> Int32
    let symbol = dlsym(dlopen(nil, RTLD_NOW), "pilaenv_")
    t.check(symbol != nil, "no pilaenv_ in the process")
    if let symbol {
      var context: Int32 = 0
      let value = unsafeBitCast(symbol, to: Pilaenv.self)(&context, "D", 1)
      t.check(Int(value) == ProcessGrid.pblasLogicalBlockSize, "pilaenv_ gives \(value), expected \(ProcessGrid.pblasLogicalBlockSize)")
      let expected = ProcessInfo.processInfo.environment["BLOCKNUMERICS_PBLAS_BLOCK"].flatMap { Int($0) } ?? 256
      t.check(ProcessGrid.pblasLogicalBlockSize == expected, "logical block size \(ProcessGrid.pblasLogicalBlockSize), expected \(expected)")
    }
  }

  runner.test("communicator: all-reduce, broadcast, all-gather") { t in
    t.check(try world.allReduce(world.rank, .sum) == size * (size - 1) / 2, "sum of ranks")
    t.check(try world.allReduce(Double(world.rank), .maximum) == Double(size - 1), "maximum")
    t.check(try world.allReduce(Int32(world.rank + 1), .minimum) == 1, "minimum")
    t.check(try world.allReduce([Float(1), Float(world.rank)], .sum) == [Float(size), Float(size * (size - 1) / 2)], "array sum")
    let matrix = try Matrix<Double>(rows: 2, columns: 3, elements: (0..<6).map { Double($0 * (world.rank + 1)) })
    let reduced = try world.allReduce(matrix, .sum)
    t.check(reduced == (try Matrix<Double>(rows: 2, columns: 3, elements: (0..<6).map { Double($0 * size * (size + 1) / 2) })), "matrix sum")
    for root in 0..<size {
      t.check(try world.broadcast(world.rank == root ? root * 10 : nil, root: root) == root * 10, "broadcast from \(root)")
      let values = try world.broadcast(world.rank == root ? Array(repeating: Float(root), count: root + 1) : nil, root: root)
      t.check(values == Array(repeating: Float(root), count: root + 1), "array broadcast from \(root)")
      let m = try world.broadcast(world.rank == root ? Matrix<Float>.identity(root + 1) : nil, root: root)
      t.check(m == .identity(root + 1), "matrix broadcast from \(root)")
    }
    t.check(try world.allGather(world.rank * 2) == (0..<size).map { $0 * 2 }, "all-gather")
    let ragged = try world.allGather(Array(repeating: world.rank, count: world.rank))
    t.check(ragged == (0..<size).map { Array(repeating: $0, count: $0) }, "ragged all-gather")
    let matrices = try world.allGather(Matrix<Double>(rows: world.rank + 1, columns: 2, repeating: Double(world.rank)))
    t.check(matrices.enumerated().allSatisfy { $0.element == Matrix(rows: $0.offset + 1, columns: 2, repeating: Double($0.offset)) }, "matrix all-gather")
    let empty = try world.allReduce([Double](), .sum)
    t.check(empty.isEmpty, "empty all-reduce")
  }

  runner.test("communicator: split") { t in
    let parity = try world.split(color: world.rank % 2)
    t.check(parity != nil && parity!.size == (size + 1 - world.rank % 2) / 2 && parity!.rank == world.rank / 2, "even/odd split")
    t.check(try parity!.allReduce(1, .sum) == parity!.size, "collective on the split")
    let first = try world.split(color: world.rank == 0 ? 0 : nil)
    t.check((first != nil) == (world.rank == 0) && (first?.size ?? 1) == 1, "split with nil colors")
    let reversed = try world.split(color: 0, key: size - world.rank)
    t.check(reversed?.rank == size - 1 - world.rank, "split ordered by key")
    // A grid on a split communicator works like one on the world.
    let grid = try ProcessGrid(parity!, rows: 1, columns: parity!.size)
    let a: DistributedMatrix<Double> = try distributedMatrix(10, 7, seed: 11, blocks: (3, 2), grid: grid)
    let gathered = try a.gathered(root: 0)
    if parity!.rank == 0 { t.check(gathered == localMatrix(10, 7, seed: 11), "matrix on a split communicator") }
  }
}
