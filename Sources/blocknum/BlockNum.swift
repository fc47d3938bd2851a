import ArgumentParser

@main
struct BlockNum: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "blocknum",
    abstract: "BlockNumerics: benchmarks and tools on OpenBLAS and LAPACK.",
    subcommands: [Bench.self, NMFCommand.self, SVDCommand.self, TrainCommand.self, Dist.self])
}
