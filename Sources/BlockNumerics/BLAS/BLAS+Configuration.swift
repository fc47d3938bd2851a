import CLinearAlgebra

extension BLAS {
  /// What runs underneath BlockNumerics: the BLAS library, its version and build, the
  /// kernels ("core") in use and whether the library's kernel check switched them, the
  /// thread count, the CPU, and which variant of the library's own vector kernels runs —
  /// what `numpy.show_config()` and threadpoolctl's `threadpool_info()` tell Python users.
  /// `blocknum info` prints it.
  public struct Configuration: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The BLAS library, e.g. `OpenBLAS`.
    public var library: String
    /// The library and its version, e.g. `OpenBLAS 0.3.21`.
    public var version: String
    /// The build options the library reports, e.g. `["DYNAMIC_ARCH", "MAX_THREADS=64"]`.
    public var buildOptions: [String]
    /// The kernel set in use, as OpenBLAS names it: `SkylakeX`, `Haswell`, `Zen`, `Prescott`, …
    public var core: String
    /// The core OpenBLAS started on when the kernel check switched it; nil when untouched.
    public var switchedFrom: String?
    /// Why the kernel check switched the core; nil when untouched.
    public var switchReason: String?
    /// What the kernel check did, in a sentence (also when it left OpenBLAS alone).
    public var kernelCheck: String
    /// OpenBLAS's threads per call (``BLAS/threadCount``).
    public var threadCount: Int
    /// The processors this process may use (``BLAS/coreCount``).
    public var processorCount: Int
    /// The CPU's brand string, e.g. `AMD EPYC 7B13`.
    public var cpu: String
    /// Vendor, family and model, e.g. `GenuineIntel, family 6, model 0xCF`.
    public var cpuIdentity: String
    /// The vector extensions the CPU has and the operating system enables, e.g.
    /// `["sse2", …, "avx2", "avx512f", …]`.
    public var cpuVectorExtensions: [String]
    /// The compiled variant of the library's own vector kernels (small and batched products,
    /// block-sparse block rows, transposes, activations, losses, optimizer updates, HALS
    /// sweeps) that runs: `avx512`, `avx2` (with FMA) or `portable`.
    public var vectorKernels: String
    /// Why that variant runs, e.g. "the widest the CPU runs (BLOCKNUMERICS_VECTOR_KERNELS unset)".
    public var vectorKernelChoice: String
    /// The variants this CPU can run, narrowest first; `BLOCKNUMERICS_VECTOR_KERNELS` picks
    /// among them.
    public var supportedVectorKernels: [String]

    /// A few lines for people, as `blocknum info` prints them.
    public var description: String {
      var lines = [
        "BLAS library    \(version) (\(buildOptions.joined(separator: " ")))",
        "core in use     \(core)",
      ]
      if let switchedFrom {
        lines.append("switched from   \(switchedFrom): \(switchReason ?? "")")
      } else {
        lines.append("kernel check    \(kernelCheck)")
      }
      lines += [
        "threads         \(threadCount) per BLAS call, \(processorCount) processors",
        "CPU             \(cpu.isEmpty ? "unknown" : cpu) (\(cpuIdentity))",
        "vector ext.     \(cpuVectorExtensions.joined(separator: " "))",
        "vector kernels  \(vectorKernels): \(vectorKernelChoice) (this CPU runs \(supportedVectorKernels.joined(separator: ", ")))",
      ]
      return lines.joined(separator: "\n")
    }
  }

  /// The BLAS configuration in use now (runs the kernel check first if it has not run).
  ///
  /// - Complexity: O(1); reads a few strings from OpenBLAS.
  public static var configuration: Configuration {
    checkKernelsOnce()
    let reported = openblas_get_config().map { String(cString: $0) } ?? "OpenBLAS"
    let core = KernelCheck.currentCore()
    let words = reported.split(separator: " ").map(String.init)
    let library = words.first ?? "OpenBLAS"
    let version = words.count > 1 ? "\(library) \(words[1])" : library
    // OpenBLAS's dynamic builds insert the core's name among the options; it has its own field.
    let options = words.dropFirst(2).filter { $0.lowercased() != core.lowercased() }
    let cpu = CPU.current
    var switchedFrom: String?
    var switchReason: String?
    let summary: String
    switch KernelCheck.outcome {
    case .untouched(let reason):
      summary = "left alone: \(reason)"
    case .switched(let from, let to, let reason):
      (switchedFrom, switchReason) = (from, reason)
      summary = "switched from \(from) to \(to): \(reason)"
    }
    return Configuration(
      library: library, version: version, buildOptions: Array(options), core: core,
      switchedFrom: switchedFrom, switchReason: switchReason, kernelCheck: summary,
      threadCount: threadCount, processorCount: coreCount, cpu: cpu.brand,
      cpuIdentity: cpu.vendor.isEmpty ? "not x86-64" : "\(cpu.vendor), family \(cpu.family), model 0x\(String(cpu.model, radix: 16, uppercase: true))",
      cpuVectorExtensions: cpu.vectorExtensions.names, vectorKernels: VectorKernels.pathInUse.description,
      vectorKernelChoice: VectorKernels.choice, supportedVectorKernels: VectorKernels.supportedPaths.map(\.description))
  }
}
