import Testing
@testable import BlockNumericsDistributed

@Suite struct ProcessPlacementTests {
  @Test("default BLAS threads share the node's cores among its processes")
  func defaultThreads() {
    #expect(ProcessPlacement.defaultBLASThreadCount(cores: 2, available: 2, processesOnNode: 1) == 2)
    #expect(ProcessPlacement.defaultBLASThreadCount(cores: 2, available: 1, processesOnNode: 2) == 1)
    #expect(ProcessPlacement.defaultBLASThreadCount(cores: 2, available: 2, processesOnNode: 2) == 1)
    #expect(ProcessPlacement.defaultBLASThreadCount(cores: 2, available: 2, processesOnNode: 4) == 1)
    #expect(ProcessPlacement.defaultBLASThreadCount(cores: 64, available: 32, processesOnNode: 2) == 32)
    #expect(ProcessPlacement.defaultBLASThreadCount(cores: 64, available: 1, processesOnNode: 2) == 1)   // bound to a core
  }
}
