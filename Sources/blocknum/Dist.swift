import ArgumentParser

/// `blocknum dist`: the distributed library on MPI and ScaLAPACK, run under mpirun.
struct Dist: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dist",
    abstract: "Distributed block matrices on MPI and ScaLAPACK (run under mpirun).",
    discussion: """
      Every process runs the same command: mpirun -n 4 blocknum dist bench gemm --grid 2x2. \
      Process 0 prints; errors are thrown on every process.
      """,
    subcommands: [DistBench.self, DistTrain.self])
}

/// `blocknum dist bench`: distributed operations against one process's local library.
struct DistBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Time ScaLAPACK's p?gemm and p?gesvd against one process's Matrix * and SVD.",
    discussion: """
      The distributed run uses every process with the BLAS threads each was given \
      (cores per node / processes per node by default); the reference runs on process 0 \
      alone with all the node's cores (--reference-threads) while the others sleep. Runs \
      alternate, so noise hits both alike; medians are compared.
      """,
    subcommands: [DistBenchGEMM.self, DistBenchSVD.self, DistBenchPingPong.self])
}
