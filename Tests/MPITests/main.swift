// The MPI test program. scripts/test runs it under mpirun with 1, 2, 3 and 4 processes, each
// run under a time limit; process 0 prints "N passed, M failed" and the exit status is
// non-zero when any test failed on any process.
//   mpirun -n 4 .build/release/blocknum-mpi-tests [filter]
import BlockNumerics
import BlockNumericsDistributed
import Foundation

let world = try Communicator.world
let argument = CommandLine.arguments.dropFirst().first
if argument == "--pblas-disagreement" {
  // Run by scripts/test with a different BLOCKNUMERICS_PBLAS_BLOCK on each process (mpirun's
  // colon syntax): building a grid must fail on every process instead of hanging in PBLAS.
  var runner = TestRunner(world: world)
  runner.test("errors: processes with different PBLAS logical block sizes") { t in
    t.expectError("a grid over processes that disagree on PILAENV", { "\($0)".contains("PBLAS's logical block size") }) {
      _ = try ProcessGrid(world, rows: 1, columns: world.size)
    }
  }
  if world.rank == 0 { print("mpi tests, PBLAS disagreement on \(world.size) processes: \(runner.passed) passed, \(runner.failed) failed") }
  exit(runner.failed == 0 ? 0 : 1)
}
var runner = TestRunner(world: world, filter: argument)
try communicatorTests(&runner)
try distributedMatrixTests(&runner, Float.self, tolerance: 1e-4)
try distributedMatrixTests(&runner, Double.self, tolerance: 1e-12)
try errorTests(&runner)
try dataParallelTrainingTests(&runner)
if world.rank == 0 {
  print("mpi tests on \(world.size) process\(world.size == 1 ? "" : "es"): \(runner.passed) passed, \(runner.failed) failed")
}
try world.barrier()
exit(runner.failed == 0 ? 0 : 1)
