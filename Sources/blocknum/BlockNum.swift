import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

@main
struct BlockNum: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "blocknum",
    abstract: "BlockNumerics: benchmarks and tools on OpenBLAS and LAPACK.",
    discussion: """
      Environment: BLOCKNUMERICS_KERNEL_CHECK=off leaves OpenBLAS's own choice of kernels \
      alone. BLOCKNUMERICS_VECTOR_KERNELS=portable|avx2|avx512 runs the library's own vector \
      kernels on that variant (the widest the CPU runs by default; blocknum info shows it). \
      BLOCKNUM_FALLBACK_START=1 with OPENBLAS_CORETYPE=Prescott (or another \
      pre-AVX core) makes OpenBLAS start on that core as if it had chosen it itself: the \
      variable is removed before the library's first BLAS call, so the kernel check sees \
      a fallback start and corrects it (for measuring what the check buys).
      """,
    version: BlockNum.version,
    subcommands: [InfoCommand.self, Bench.self, NMFCommand.self, SVDCommand.self, TrainCommand.self, Dist.self, NPYCommand.self, NPZCommand.self])

  /// The tool's version, `blocknum --version` (BLAS and kernels: `blocknum info`).
  static let version = "0.1.0"

  static func main() {
    // OpenBLAS has read OPENBLAS_CORETYPE when it loaded; forgetting it now leaves the
    // process on that core with no user choice visible, as a mis-detected start would be.
    if let value = getenv("BLOCKNUM_FALLBACK_START"), String(cString: value) == "1" {
      unsetenv("OPENBLAS_CORETYPE")
    }
    main(nil)
  }
}
