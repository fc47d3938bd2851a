import Testing
@testable import BlockNumerics

#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct KernelCheckTests {
  typealias Extensions = CPU.VectorExtensions

  static let avx512: Extensions = [.sse2, .sse3, .avx, .fma, .avx2, .avx512f, .avx512vl, .avx512bw, .avx512dq]
  static let avx2: Extensions = [.sse2, .sse3, .avx, .fma, .avx2]
  static let both: Set<String> = ["SkylakeX", "Haswell"]

  func situation(
    core: String = "Prescott", cpu: Extensions = avx512, user: String? = nil, setting: String? = nil,
    entryPoints: Bool = true, available: Set<String> = both
  ) -> KernelCheck.Situation {
    .init(core: core, cpu: cpu, userCoreType: user, setting: setting, hasDynamicEntryPoints: entryPoints,
          availableCores: available)
  }

  func target(_ decision: KernelCheck.Decision) -> String? {
    if case .switchCore(let core, _) = decision { return core }
    return nil
  }

  @Test func aFallbackCoreOnAnAVX512CPUSwitchesToSkylakeXAndOnAVX2ToHaswell() {
    #expect(target(KernelCheck.decide(situation(cpu: Self.avx512))) == "SkylakeX")
    #expect(target(KernelCheck.decide(situation(cpu: Self.avx2))) == "Haswell")
    // AVX-512 F alone (no VL/BW/DQ) is not enough for SkylakeX's kernels.
    #expect(target(KernelCheck.decide(situation(cpu: Self.avx2.union(.avx512f)))) == "Haswell")
    // AVX2 without FMA, AVX alone, SSE only: nothing the two targets could use.
    for cpu: Extensions in [[.sse2, .sse3, .avx, .avx2], [.sse2, .sse3, .avx], [.sse2, .sse3], []] {
      #expect(target(KernelCheck.decide(situation(cpu: cpu))) == nil, "\(cpu.names)")
    }
  }

  @Test func everyPreAVXCoreIsAFallbackAndNoAVXCoreIs() {
    for core in ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai", "Coppermine",
                 "Northwood", "Banias", "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Nano", "Bobcat",
                 "PRESCOTT", "core2"] {
      #expect(target(KernelCheck.decide(situation(core: core))) == "SkylakeX", "\(core)")
    }
    for core in ["SkylakeX", "Cooperlake", "SapphireRapids", "Haswell", "Zen", "Sandybridge", "Bulldozer",
                 "Piledriver", "Steamroller", "Excavator", "Unknown", ""] {
      let decision = KernelCheck.decide(situation(core: core))
      #expect(decision == .leave(reason: "\(core) is not a pre-AVX fallback"), "\(core)")
    }
  }

  @Test func theUsersChoiceTheSettingAndMissingEntryPointsOrKernelsLeaveOpenBLASAlone() {
    let user = KernelCheck.decide(situation(user: "Prescott"))
    #expect(user == .leave(reason: "the user chose the core (OPENBLAS_CORETYPE=Prescott)"))
    // An empty OPENBLAS_CORETYPE is no choice (OpenBLAS itself treats it as unset).
    #expect(target(KernelCheck.decide(situation(user: ""))) == "SkylakeX")
    for value in ["off", "OFF", "0", "false", "no"] {
      #expect(KernelCheck.decide(situation(setting: value))
        == .leave(reason: "the check is turned off (BLOCKNUMERICS_KERNEL_CHECK=\(value))"))
    }
    for value in ["on", "1", ""] {
      #expect(target(KernelCheck.decide(situation(setting: value))) == "SkylakeX", "\(value)")
    }
    guard case .leave(let noEntryPoints) = KernelCheck.decide(situation(entryPoints: false)) else {
      Issue.record("switched without entry points"); return
    }
    #expect(noEntryPoints.contains("no gotoblas_dynamic_init/quit"))
    #expect(target(KernelCheck.decide(situation(available: ["Haswell"]))) == "Haswell")
    guard case .leave(let noKernels) = KernelCheck.decide(situation(cpu: Self.avx2, available: ["SkylakeX"])) else {
      Issue.record("switched to a core the CPU cannot run"); return
    }
    #expect(noKernels.contains("no kernels for it"))
    #expect(target(KernelCheck.decide(situation(available: []))) == nil)
  }

  /// Every combination of inputs: the check switches exactly when nothing forbids it, to the
  /// widest core both the CPU and the library have.
  @Test func theDecisionOverEveryCombinationOfInputs() {
    let cores = ["Prescott", "Nehalem", "Core2", "Haswell", "Cooperlake", "Zen"]
    let cpus: [Extensions] = [Self.avx512, Self.avx2, Self.avx2.union(.avx512f), [.sse2, .avx], []]
    let availabilities: [Set<String>] = [Self.both, ["Haswell"], ["SkylakeX"], []]
    var switches = 0
    for core in cores {
      for cpu in cpus {
        for user in [nil, "Haswell"] as [String?] {
          for setting in [nil, "off"] as [String?] {
            for entryPoints in [true, false] {
              for available in availabilities {
                let decision = KernelCheck.decide(
                  situation(core: core, cpu: cpu, user: user, setting: setting, entryPoints: entryPoints, available: available))
                let fallback = ["Prescott", "Nehalem", "Core2"].contains(core)
                let allowed = fallback && user == nil && setting == nil && entryPoints
                let expected: String? =
                  !allowed ? nil
                  : cpu.isSuperset(of: .avx512ForSkylakeX) && available.contains("SkylakeX") ? "SkylakeX"
                  : cpu.isSuperset(of: .avx2WithFMA) && available.contains("Haswell") ? "Haswell"
                  : nil
                #expect(target(decision) == expected, "\(core) \(cpu.names) user \(user ?? "-") setting \(setting ?? "-") entry points \(entryPoints) \(available)")
                if expected != nil { switches += 1 }
              }
            }
          }
        }
      }
    }
    #expect(switches == 3 * 7)
  }

  /// The core this test process runs on: never a pre-AVX fallback on a CPU with AVX2 and FMA,
  /// so the whole suite runs on the corrected core wherever the check fires.
  @Test func theSuiteRunsOnCorrectedKernels() {
    let blas = BLAS.configuration
    #expect(!blas.version.isEmpty && !blas.core.isEmpty && blas.threadCount >= 1)
    if CPU.current.vectorExtensions.isSuperset(of: .avx2WithFMA), environmentValue("OPENBLAS_CORETYPE") == nil {
      #expect(!KernelCheck.preAVXCores.contains(blas.core.lowercased()), "core \(blas.core)")
    }
    #expect((blas.switchedFrom == nil) == (blas.switchReason == nil))
  }

  // MARK: End to end, in child processes

  /// The core the check should pick on this machine after a fallback start.
  static var expectedTarget: String {
    let cpu = CPU.current.vectorExtensions
    if cpu.isSuperset(of: .avx512ForSkylakeX) { return "SkylakeX" }
    if cpu.isSuperset(of: .avx2WithFMA) { return "Haswell" }
    return "Prescott"
  }

  /// A child process in which OpenBLAS starts on Prescott, as Debian's 0.3.21 does on recent
  /// Intel CPUs: the child inherits `OPENBLAS_CORETYPE=Prescott`, which OpenBLAS reads when
  /// it loads, and removes it before the library's first call, so no user choice is visible.
  /// The check must switch it, and products and SVDs must then match the NumPy/SciPy fixtures.
  @Test func aProcessStartingOnAFallbackCoreIsSwitchedAndComputesCorrectly() async {
    let expected = Self.expectedTarget
    await withEnvironment("OPENBLAS_CORETYPE", "Prescott") {
      await #expect(processExitsWith: .success) { [expected = expected as String] in
        unsetenv("OPENBLAS_CORETYPE")
        #expect(KernelCheck.currentCore() == "Prescott")
        let blas = BLAS.configuration
        #expect(blas.core == expected)
        if expected != "Prescott" {
          #expect(blas.switchedFrom == "Prescott" && blas.switchReason != nil, "\(blas.kernelCheck)")
        }
        try MatrixProductsTests().checkAgainstNumPy(Float.self, suffix: "f32")
        try MatrixProductsTests().checkAgainstNumPy(Double.self, suffix: "f64")
        try SVDTests().singularValuesAndVectorsMatchSciPyWithBothDrivers()
        try NMFFitTests().everySolverMatchesScikitLearnFromTheSameStart()
      }
    }
  }

  /// A core the user chose stays, even a fallback.
  @Test func theUsersOwnCoreTypeIsRespected() async {
    await withEnvironment("OPENBLAS_CORETYPE", "Prescott") {
      await #expect(processExitsWith: .success) {
        let blas = BLAS.configuration
        #expect(blas.core == "Prescott" && blas.switchedFrom == nil)
        #expect(blas.kernelCheck.contains("OPENBLAS_CORETYPE=Prescott"), "\(blas.kernelCheck)")
        try MatrixProductsTests().checkAgainstNumPy(Double.self, suffix: "f64")
      }
    }
  }

  /// `BLOCKNUMERICS_KERNEL_CHECK=off` leaves a fallback start alone.
  @Test func theCheckCanBeTurnedOff() async {
    await withEnvironment("OPENBLAS_CORETYPE", "Prescott") {
      await withEnvironment(KernelCheck.settingVariable, "off") {
        await #expect(processExitsWith: .success) {
          unsetenv("OPENBLAS_CORETYPE")
          let blas = BLAS.configuration
          #expect(blas.core == "Prescott" && blas.switchedFrom == nil)
          #expect(blas.kernelCheck.contains("turned off"), "\(blas.kernelCheck)")
        }
      }
    }
  }
}

/// The value of an environment variable of this process, nil when unset.
func environmentValue(_ name: String) -> String? {
  getenv(name).map { String(cString: $0) }
}

/// Runs `body` with an environment variable set, which child processes started meanwhile
/// inherit; restores the previous value afterwards. Tests that use it must be serialized.
func withEnvironment(_ name: String, _ value: String, _ body: () async -> Void) async {
  let previous = environmentValue(name)
  setenv(name, value, 1)
  await body()
  if let previous { setenv(name, previous, 1) } else { unsetenv(name) }
}
