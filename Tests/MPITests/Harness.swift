import BlockNumerics
import BlockNumericsDistributed
import Foundation

// A small test harness for code that runs on every process at once. A test passes when its
// checks hold on every process; failures print from the process that saw them, the summary
// ("N passed, M failed") from process 0. Hangs are caught outside: scripts/test runs this
// program under a time limit.

/// Collects one test's failures on this process.
final class TestContext {
  let name: String
  let world: Communicator
  private(set) var failures: [String] = []

  init(name: String, world: Communicator) {
    self.name = name
    self.world = world
  }

  /// Records a failure unless `condition` holds.
  func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { failures.append(message()) }
  }

  /// Checks that `body` throws a ``BlockNumericsError`` accepted by `matches` on every
  /// process of `communicator` (the world by default), and the same error everywhere.
  func expectError(
    _ what: String, on communicator: Communicator? = nil, _ matches: (BlockNumericsError) -> Bool,
    _ body: () throws -> Void
  ) {
    let communicator = communicator ?? world
    var fingerprint = 0
    do {
      try body()
      failures.append("\(what): did not throw")
    } catch let error as BlockNumericsError {
      fingerprint = stableHash(error.description)
      if !matches(error) { failures.append("\(what): unexpected error \(error)") }
    } catch {
      failures.append("\(what): threw \(error), not a BlockNumericsError")
    }
    do {
      let fingerprints = try communicator.allGather(fingerprint)
      if Set(fingerprints).count != 1 || fingerprint == 0 {
        failures.append("\(what): processes threw different errors (or some none)")
      }
    } catch {
      failures.append("\(what): could not compare errors: \(error)")
    }
  }
}

/// Runs tests and counts them on every process.
struct TestRunner {
  let world: Communicator
  var passed = 0
  var failed = 0
  var filter: String?

  mutating func test(_ name: String, _ body: (TestContext) throws -> Void) {
    if let filter, !name.contains(filter) { return }
    let context = TestContext(name: name, world: world)
    let start = Date()
    do {
      try body(context)
    } catch {
      context.check(false, "threw \(error)")
    }
    for failure in context.failures {
      FileHandle.standardError.write("[process \(world.rank)] FAIL \(name): \(failure)\n".data(using: .utf8)!)
    }
    // A test passes only if it passed everywhere.
    let failedAnywhere = (try? world.allReduce(context.failures.isEmpty ? 0 : 1, .maximum)) ?? 1
    if failedAnywhere == 0 { passed += 1 } else { failed += 1 }
    if world.rank == 0 && ProcessInfo.processInfo.environment["MPI_TESTS_VERBOSE"] != nil {
      print("\(failedAnywhere == 0 ? "pass" : "FAIL") \(name) (\(String(format: "%.2f", Date().timeIntervalSince(start))) s)")
    }
  }
}

/// FNV-1a of the UTF-8 bytes: the same on every process (Swift's `hashValue` is seeded
/// per process).
func stableHash(_ text: String) -> Int {
  var hash: UInt64 = 0xcbf2_9ce4_8422_2325
  for byte in text.utf8 {
    hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
  }
  return Int(bitPattern: UInt(hash | 1))
}

/// A reproducible entry in [-0.5, 0.5) for `(row, column)` and `seed` (SplitMix64), the same
/// on every process, so each process can fill its share and the local reference alike.
func entry<Scalar: BinaryFloatingPoint>(_ row: Int, _ column: Int, seed: Int) -> Scalar {
  var z = UInt64(truncatingIfNeeded: row &* 1_000_003 &+ column &* 7_919 &+ seed &* 104_729) &+ 0x9e37_79b9_7f4a_7c15
  z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
  z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
  z ^= z >> 31
  return Scalar(Double(z >> 11) / Double(1 << 53) - 0.5)
}

/// The local reference of a matrix filled by ``entry(_:_:seed:)``.
func localMatrix<Scalar: BLASScalar>(_ rows: Int, _ columns: Int, seed: Int) -> Matrix<Scalar> {
  try! Matrix(rows: rows, columns: columns, elements: (0..<rows * columns).map { entry($0 / max(columns, 1), $0 % max(columns, 1), seed: seed) })
}

/// The same matrix distributed.
func distributedMatrix<Scalar: ScaLAPACKScalar>(
  _ rows: Int, _ columns: Int, seed: Int, blocks: (Int, Int), grid: ProcessGrid
) throws -> DistributedMatrix<Scalar> {
  try DistributedMatrix(rows: rows, columns: columns, blockRows: blocks.0, blockColumns: blocks.1, grid: grid) { entry($0, $1, seed: seed) }
}

/// The grids every shape is tried on with `size` processes: 1 × P, P × 1, 2 × 2 when there
/// are four, and grids that leave processes outside.
func testGrids(_ world: Communicator) throws -> [ProcessGrid] {
  let size = world.size
  var shapes = [(1, size)]
  if size > 1 { shapes.append((size, 1)) }
  if size >= 4 { shapes.append((2, 2)) }
  if size >= 3 { shapes.append((size - 1, 1)) }    // the last process is outside
  if size >= 2 { shapes.append((1, 1)) }           // all but process 0 are outside
  return try shapes.map { try ProcessGrid(world, rows: $0.0, columns: $0.1) }
}
