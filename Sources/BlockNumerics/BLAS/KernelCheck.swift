import CLinearAlgebra

#if canImport(Glibc)
import Glibc
#endif

/// Corrects OpenBLAS's choice of kernels when it starts on a fallback core that leaves the
/// CPU's vector units idle, once per process, before the library's first BLAS call.
///
/// OpenBLAS built with `DYNAMIC_ARCH` picks its kernels ("core") at load time from the CPU's
/// family and model. Releases before 0.3.25 (Debian 12's and Ubuntu 22.04's 0.3.21 among
/// them) fall through to Prescott, an SSE3 kernel set, for recent Intel models (family 6,
/// extended models 11–15: Raptor Lake, Emerald Rapids, …) before their own AVX-512/AVX2
/// feature test runs, which costs about four fifths of the machine. When the core in use is
/// such a pre-AVX fallback and the CPU has AVX-512 (F, VL, BW, DQ) or AVX2 with FMA, the
/// check switches OpenBLAS to SkylakeX or Haswell through the library's own dynamic-arch
/// entry points (`gotoblas_dynamic_quit`, then `gotoblas_dynamic_init` with
/// `OPENBLAS_CORETYPE` set for the call), found at run time with `dlsym`.
///
/// It leaves OpenBLAS alone when the user chose a core (`OPENBLAS_CORETYPE` set), when
/// `BLOCKNUMERICS_KERNEL_CHECK=off`, when the build has no such entry points (a static or
/// single-target build) or lacks the target core's kernels, and when the core is not a
/// pre-AVX fallback. SkylakeX, not Cooperlake, is the AVX-512 target: Cooperlake's kernels
/// gave wrong complex LAPACK results before OpenBLAS 0.3.25 (OpenBLAS #4282).
///
/// Limits: the switch happens at BlockNumerics' first BLAS call (or first read of
/// ``BLAS/threadCount`` or ``BLAS/configuration``); BLAS calls other code in the process
/// makes before that run on the fallback core, and such code must not be inside a BLAS
/// call on another thread at that moment. The environment variable is set and removed
/// around the switch, which races with other threads reading the environment at that instant.
enum KernelCheck {
  /// OpenBLAS's x86-64 cores without AVX, by the names `openblas_get_corename` reports.
  static let preAVXCores: Set<String> = [
    "katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2", "penryn",
    "dunnington", "nehalem", "athlon", "opteron", "opteron_sse3", "barcelona", "nano", "bobcat",
  ]

  /// The environment variable of ours that turns the check off (`off`, `0`, `false`, `no`).
  static let settingVariable = "BLOCKNUMERICS_KERNEL_CHECK"

  /// Everything the decision depends on.
  struct Situation: Sendable, Equatable {
    /// The core OpenBLAS runs now, e.g. `Prescott`.
    var core: String
    /// The CPU's vector extensions (usable ones only).
    var cpu: CPU.VectorExtensions
    /// `OPENBLAS_CORETYPE` as the process found it, nil when unset.
    var userCoreType: String?
    /// ``KernelCheck/settingVariable`` as the process found it, nil when unset.
    var setting: String?
    /// Whether OpenBLAS exports `gotoblas_dynamic_init` and `gotoblas_dynamic_quit`.
    var hasDynamicEntryPoints: Bool
    /// The cores among SkylakeX and Haswell whose kernel tables this OpenBLAS contains.
    var availableCores: Set<String>
  }

  /// What to do in a situation.
  enum Decision: Sendable, Equatable {
    /// Leave OpenBLAS as it is, for the reason given.
    case leave(reason: String)
    /// Switch OpenBLAS to `core`, for the reason given.
    case switchCore(to: String, reason: String)
  }

  /// The decision, as a pure function of the situation.
  static func decide(_ situation: Situation) -> Decision {
    if let setting = situation.setting,
      ["off", "0", "false", "no"].contains(setting.lowercased())
    {
      return .leave(reason: "the check is turned off (\(settingVariable)=\(setting))")
    }
    if let chosen = situation.userCoreType, !chosen.isEmpty {
      return .leave(reason: "the user chose the core (OPENBLAS_CORETYPE=\(chosen))")
    }
    let core = situation.core
    guard preAVXCores.contains(core.lowercased()) else {
      return .leave(reason: "\(core) is not a pre-AVX fallback")
    }
    let wanted: [(core: String, extensions: CPU.VectorExtensions, label: String)] = [
      ("SkylakeX", .avx512ForSkylakeX, "AVX-512 (F, VL, BW, DQ)"),
      ("Haswell", .avx2WithFMA, "AVX2 and FMA"),
    ]
    guard let best = wanted.first(where: { situation.cpu.isSuperset(of: $0.extensions) }) else {
      return .leave(reason: "the CPU has neither AVX-512 nor AVX2 with FMA, so \(core) fits it")
    }
    let why = "OpenBLAS chose \(core), a pre-AVX fallback, on a CPU with \(best.label)"
    guard situation.hasDynamicEntryPoints else {
      return .leave(reason: "\(why), but this OpenBLAS has no gotoblas_dynamic_init/quit to switch with")
    }
    guard let target = wanted.first(where: {
      situation.cpu.isSuperset(of: $0.extensions) && situation.availableCores.contains($0.core)
    }) else {
      return .leave(reason: "\(why), but this OpenBLAS has no kernels for it")
    }
    return .switchCore(to: target.core, reason: why)
  }

  /// What the check did in this process.
  enum Outcome: Sendable, Equatable {
    /// OpenBLAS was left as it started, for the reason given.
    case untouched(reason: String)
    /// OpenBLAS was switched from one core to another, for the reason given.
    case switched(from: String, to: String, reason: String)
  }

  /// The check, run once per process on first use (Swift runs a `static let`'s initializer
  /// exactly once, thread-safely).
  static let outcome: Outcome = run()

  private typealias EntryPoint = @convention(c) () -> Void

  /// Gathers the situation, decides and, if so decided, switches.
  private static func run() -> Outcome {
    let quit = symbol("gotoblas_dynamic_quit")
    let initialize = symbol("gotoblas_dynamic_init")
    let situation = Situation(
      core: currentCore(), cpu: CPU.current.vectorExtensions,
      userCoreType: environment("OPENBLAS_CORETYPE"), setting: environment(settingVariable),
      hasDynamicEntryPoints: quit != nil && initialize != nil,
      availableCores: Set(["SkylakeX", "Haswell"].filter { symbol("gotoblas_\($0.uppercased())") != nil }))
    switch decide(situation) {
    case .leave(let reason):
      return .untouched(reason: reason)
    case .switchCore(let target, let reason):
      let quitCall = unsafeBitCast(quit!, to: EntryPoint.self)
      let initializeCall = unsafeBitCast(initialize!, to: EntryPoint.self)
      load(target, quit: quitCall, initialize: initializeCall)
      let now = currentCore()
      if now.lowercased() == target.lowercased() {
        return .switched(from: situation.core, to: now, reason: reason)
      }
      load(situation.core, quit: quitCall, initialize: initializeCall)
      return .untouched(reason: "\(reason); switching to \(target) failed (OpenBLAS reported \(now)), so \(situation.core) stays")
    }
  }

  /// Re-runs OpenBLAS's core selection with `OPENBLAS_CORETYPE` set to `core` for the call,
  /// then restores the environment (the variable was unset, or the check would not run).
  private static func load(_ core: String, quit: EntryPoint, initialize: EntryPoint) {
    setenv("OPENBLAS_CORETYPE", core, 1)
    quit()
    initialize()
    unsetenv("OPENBLAS_CORETYPE")
  }

  /// The core OpenBLAS runs now.
  static func currentCore() -> String {
    openblas_get_corename().map { String(cString: $0) } ?? "unknown"
  }

  private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
    // A nil handle is glibc's RTLD_DEFAULT: every object loaded into the process.
    dlsym(nil, name)
  }

  private static func environment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }
}

extension BLAS {
  /// Runs the kernel check if it has not run yet; every BLAS and LAPACK entry point of the
  /// library calls this first. After the first call it costs one load and branch.
  @inline(__always)
  static func checkKernelsOnce() {
    _ = KernelCheck.outcome
  }
}
