import ArgumentParser
import BlockNumerics
import Foundation

/// `blocknum info`: what runs underneath — BLAS library and version, the kernels in use
/// (and whether BlockNumerics' kernel check switched them), threads, the CPU.
struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info",
    abstract: "Show the BLAS library, the kernels in use, threads and the CPU (BLAS.configuration).")

  @Flag(help: "Print BLAS.configuration as JSON.")
  var json = false

  func run() throws {
    let blas = BLAS.configuration
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(blas), as: UTF8.self))
    } else {
      print(blas)
    }
  }
}
