import ArgumentParser
import BlockNumerics

/// `blocknum info`: what runs underneath — BLAS library and version, the kernels in use
/// (and whether BlockNumerics' kernel check switched them), threads, the CPU, and the
/// variant of the library's own vector kernels.
struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info",
    abstract: "Show the BLAS library, the kernels in use, threads, the CPU and the vector kernels (BLAS.configuration).")

  @Flag(help: "Print BLAS.configuration as JSON.")
  var json = false

  @Flag(help: """
    Print only the vector-kernel variants this CPU runs, one per line, narrowest first (the values \
    BLOCKNUMERICS_VECTOR_KERNELS takes; scripts/test runs the kernel tests once per line).
    """)
  var supportedVectorKernels = false

  func run() throws {
    let blas = BLAS.configuration
    if supportedVectorKernels {
      for path in blas.supportedVectorKernels { print(path) }
    } else if json {
      try emitJSON(blas)
    } else {
      print(blas)
    }
  }
}
