import Foundation
import Testing
@testable import BlockNumerics

@Suite(.serialized) struct BLASConfigurationTests {
  @Test func describesTheLibraryCoreThreadsAndCPU() throws {
    let blas = BLAS.configuration
    #expect(blas.library == "OpenBLAS")
    #expect(blas.version.hasPrefix("OpenBLAS 0."), "\(blas.version)")
    #expect(blas.core == KernelCheck.currentCore())
    #expect(!blas.buildOptions.contains { $0.lowercased() == blas.core.lowercased() })
    #expect(blas.processorCount == BLAS.coreCount)
    #expect(blas.cpuVectorExtensions == CPU.current.vectorExtensions.names)
    switch KernelCheck.outcome {
    case .untouched(let reason):
      #expect(blas.switchedFrom == nil && blas.switchReason == nil && blas.kernelCheck == "left alone: \(reason)")
    case .switched(let from, let to, let reason):
      #expect(blas.switchedFrom == from && blas.core == to && blas.switchReason == reason)
    }
    let text = blas.description
    #expect(text.contains(blas.version) && text.contains("core in use     \(blas.core)"))
  }

  @Test func followsTheThreadCount() {
    let original = BLAS.threadCount
    defer { BLAS.threadCount = original }
    BLAS.threadCount = 1
    #expect(BLAS.configuration.threadCount == 1)
    BLAS.threadCount = 2
    #expect(BLAS.configuration.threadCount == 2)
  }

  @Test func roundTripsThroughJSON() throws {
    let blas = BLAS.configuration
    let decoded = try JSONDecoder().decode(BLAS.Configuration.self, from: JSONEncoder().encode(blas))
    #expect(decoded == blas)
  }
}
