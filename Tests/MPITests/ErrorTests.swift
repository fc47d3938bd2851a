import BlockNumerics
@testable import BlockNumericsDistributed

// Every error path: each must throw the same BlockNumericsError on every process and leave
// no process waiting (a hang would trip scripts/test's time limit).

struct ClosureFailure: Error {}

func errorTests(_ runner: inout TestRunner) throws {
  let world = runner.world
  let size = world.size
  let last = size - 1

  func isShapeMismatch(_ e: BlockNumericsError) -> Bool { if case .shapeMismatch = e { return true } else { return false } }
  func isInvalid(_ e: BlockNumericsError, containing text: String = "") -> Bool {
    if case .invalidArgument(_, let message) = e { return text.isEmpty || message.contains(text) } else { return false }
  }
  func isSystem(_ e: BlockNumericsError) -> Bool { if case .systemFailure = e { return true } else { return false } }

  runner.test("errors: grids") { t in
    t.expectError("a grid larger than the communicator", isSystem) { _ = try ProcessGrid(world, rows: size + 1, columns: 1) }
    t.expectError("a grid with no rows", { isInvalid($0) }) { _ = try ProcessGrid(world, rows: 0, columns: 1) }
    if size > 1 {   // one process cannot disagree with itself
      t.expectError("grid sizes that differ between processes", { isInvalid($0, containing: "disagree") }) {
        _ = try ProcessGrid(world, rows: 1, columns: world.rank == last ? 1 : size)
      }
    }
    t.expectError("an overflowing grid", isSystem) { _ = try ProcessGrid(world, rows: Int.max, columns: 2) }
  }

  runner.test("errors: construction") { t in
    let grid = try ProcessGrid(world, rows: 1, columns: size)
    t.expectError("block size 0", { isInvalid($0) }) {
      _ = try DistributedMatrix<Double>(rows: 4, columns: 4, blockRows: 0, blockColumns: 2, grid: grid)
    }
    t.expectError("negative rows", { isInvalid($0) }) {
      _ = try DistributedMatrix<Float>(rows: -1, columns: 4, blockRows: 2, blockColumns: 2, grid: grid)
    }
    t.expectError("beyond 32-bit local indexing", { isInvalid($0, containing: "32-bit") }) {
      _ = try DistributedMatrix<Double>(rows: 1 << 20, columns: 1 << 20, blockRows: 1 << 20, blockColumns: 1 << 20, grid: grid)
    }
    if size > 1 {   // one process cannot disagree with itself
      t.expectError("block sizes that differ between processes", { isInvalid($0, containing: "disagree") }) {
        _ = try DistributedMatrix<Double>(rows: 8, columns: 8, blockRows: world.rank + 1, blockColumns: 2, grid: grid)
      }
    }
    t.expectError("an element closure that throws on the last process", { isInvalid($0, containing: "process \(last)") }) {
      _ = try DistributedMatrix<Double>(rows: 8, columns: 8, blockRows: 1, blockColumns: 1, grid: grid) { _, _ in
        if world.rank == last { throw ClosureFailure() }
        return 1
      }
    }
    t.expectError("an element closure that throws a BlockNumericsError on process 0", { $0 == .nonFiniteValue(operation: "fill", message: "no") }) {
      _ = try DistributedMatrix<Float>(rows: 3, columns: 3, blockRows: 1, blockColumns: 1, grid: grid) { _, _ in
        if world.rank == 0 { throw BlockNumericsError.nonFiniteValue(operation: "fill", message: "no") }
        return 1
      }
    }
    t.expectError("scattering from a root that passes nil", { isInvalid($0, containing: "nil") }) {
      _ = try DistributedMatrix<Double>(scattering: nil, root: 0, blockRows: 2, blockColumns: 2, grid: grid)
    }
    t.expectError("scattering from a root outside the communicator", { isInvalid($0, containing: "root") }) {
      _ = try DistributedMatrix<Double>(scattering: .identity(3), root: size, blockRows: 2, blockColumns: 2, grid: grid)
    }
    t.expectError("a BlockMatrix with a ragged partition", { isInvalid($0, containing: "uniform") }) {
      let blocks = try BlockMatrix(Matrix<Double>.identity(5), partition: BlockPartition(rowBlockSizes: [2, 3], columnBlockSizes: [5]))
      _ = try DistributedMatrix(blocks, grid: grid)
    }
    let a: DistributedMatrix<Double> = try distributedMatrix(5, 5, seed: 1, blocks: (2, 2), grid: grid)
    t.expectError("gathering to a root outside the communicator", { isInvalid($0, containing: "root") }) { _ = try a.gathered(root: -1) }
    if size > 1 {   // one process cannot disagree with itself
      t.expectError("gathering to roots that differ between processes", { isInvalid($0, containing: "disagree") }) {
        _ = try a.gathered(root: world.rank)
      }
    }
  }

  runner.test("errors: operations") { t in
    let grid = try ProcessGrid(world, rows: 1, columns: size)
    let other = try ProcessGrid(world, rows: size, columns: 1)
    let a: DistributedMatrix<Double> = try distributedMatrix(6, 4, seed: 1, blocks: (2, 2), grid: grid)
    let b: DistributedMatrix<Double> = try distributedMatrix(5, 3, seed: 2, blocks: (2, 2), grid: grid)
    let onOther: DistributedMatrix<Double> = try distributedMatrix(4, 3, seed: 3, blocks: (2, 2), grid: other)
    t.expectError("inner dimensions that differ", isShapeMismatch) { _ = try a.multiplied(by: b) }
    t.expectError("operands on different grids", { isInvalid($0, containing: "grid") }) { _ = try a.multiplied(by: onOther) }
    var c: DistributedMatrix<Double> = try distributedMatrix(6, 5, seed: 4, blocks: (2, 2), grid: grid)
    t.expectError("a product into a C of the wrong shape", isShapeMismatch) {
      try DistributedMatrix.multiply(a, a, transposeB: true, into: &c)
    }
    let reblocked = try a.redistributed(blockRows: 3, blockColumns: 2)
    t.expectError("adding matrices of different layouts", isShapeMismatch) { _ = try a.adding(reblocked) }
    t.expectError("subtracting a matrix of another shape", isShapeMismatch) { _ = try a.subtracting(b) }
    t.expectError("redistributing to a grid of another communicator", { isInvalid($0, containing: "communicator") }) {
      let copy = try world.split(color: 0)!
      _ = try a.redistributed(blockRows: 2, blockColumns: 2, grid: try ProcessGrid(copy, rows: 1, columns: 1))
    }
    var poisoned = a
    poisoned.updateLocalEntries { i, j, value in i == 5 && j == 3 ? .nan : value }   // held by one process
    t.expectError("SVD of a matrix holding NaN on one process", { if case .nonFiniteValue(_, let m) = $0 { return m.contains("[5, 3]") } else { return false } }) {
      _ = try poisoned.svd()
    }
    t.expectError("SVD with block size 0", { isInvalid($0) }) { _ = try a.svd(blockSize: 0) }
  }

  runner.test("errors: collectives") { t in
    if size > 1 {   // one process cannot disagree with itself
      t.expectError("all-reduce of arrays of different lengths", { isInvalid($0, containing: "disagree") }) {
        _ = try world.allReduce([Double](repeating: 1, count: world.rank == last ? 3 : 2), .sum)
      }
    }
    if size > 1 {   // one process cannot disagree with itself
      t.expectError("all-reduce of matrices of different shapes", { isInvalid($0, containing: "disagree") }) {
        _ = try world.allReduce(Matrix<Float>(rows: 2, columns: world.rank == 0 ? 2 : 3), .sum)
      }
    }
    t.expectError("broadcast from a root that passes nil", { isInvalid($0, containing: "nil") }) {
      _ = try world.broadcast(Optional<Double>.none, root: last)
    }
    t.expectError("broadcast from a root outside the communicator", { isInvalid($0, containing: "root") }) {
      _ = try world.broadcast(world.rank == 0 ? [1.0] : nil, root: size)
    }
    t.expectError("split with a negative color on one process", { isInvalid($0, containing: "color") }) {
      _ = try world.split(color: world.rank == last ? -1 : 0)
    }
  }
}
