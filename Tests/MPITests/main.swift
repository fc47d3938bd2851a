// The MPI test program. scripts/test runs it under mpirun with 1, 2, 3 and 4 processes, each
// run under a time limit; process 0 prints "N passed, M failed" and the exit status is
// non-zero when any test failed on any process.
//   mpirun -n 4 .build/release/blocknum-mpi-tests [filter]
import BlockNumerics
import BlockNumericsDistributed
import Foundation

let world = try Communicator.world
var runner = TestRunner(world: world, filter: CommandLine.arguments.dropFirst().first)
try communicatorTests(&runner)
try distributedMatrixTests(&runner, Float.self, tolerance: 1e-4)
try distributedMatrixTests(&runner, Double.self, tolerance: 1e-12)
try errorTests(&runner)
if world.rank == 0 {
  print("mpi tests on \(world.size) process\(world.size == 1 ? "" : "es"): \(runner.passed) passed, \(runner.failed) failed")
}
try world.barrier()
exit(runner.failed == 0 ? 0 : 1)
