import ArgumentParser

/// `blocknum bench`: one subcommand per benchmark, each in its own `Bench*.swift` file.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Time BlockNumerics against plain-Swift kernels and direct BLAS calls.",
    discussion: """
      Every benchmark prints a header with the machine facts, then one row per operation, \
      scalar type and size: best time, median, GFLOP/s and the ratio to a direct \
      CBLAS call. --json prints the rows as a JSON array instead.
      """,
    subcommands: [
      BenchGEMM.self,
      BenchBlock.self,
      BenchNMF.self,
      BenchSparse.self,
      BenchSVD.self,
    ])
}
