import CKernels

#if canImport(Glibc)
import Glibc
#endif

/// The library's own vector kernels: what it computes itself instead of calling BLAS (small
/// and batched products, block-sparse block rows, transposes, activations and losses,
/// optimizer updates, the HALS row sweep), at the full vector width of the CPU it runs on.
///
/// Swift compiles the package for the baseline of its target (SSE2 without FMA on x86-64),
/// and a package others depend on cannot raise that with compiler flags. So these kernels
/// are C (Sources/CKernels), each compiled three times with per-function target attributes
/// — AVX-512, AVX2 with FMA, and portable C for the baseline — and every call runs the
/// variant ("path") chosen once per process: the widest this CPU runs, or the one the
/// environment variable `BLOCKNUMERICS_VECTOR_KERNELS` names (`portable`, `avx2`, `avx512`;
/// a path the CPU lacks falls back to the widest narrower one). ``BLAS/configuration``
/// reports the path in use.
///
/// Paths agree to rounding: they run the same operations in the same order, except that the
/// AVX paths fuse each multiply-add (one rounding where the portable path has two), and
/// vector lanes only ever hold independent entries, so no path's results depend on the
/// thread count or on how a caller splits its work.
enum VectorKernels {
  /// A compiled variant of every kernel, narrowest first.
  enum Path: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    /// Portable C at the package's baseline (SSE2 on x86-64): separate multiply and add.
    case portable = 0
    /// AVX2 with fused multiply-add.
    case avx2 = 1
    /// AVX-512 (F, VL, BW, DQ) with fused multiply-add.
    case avx512 = 2

    /// The name the environment variable and ``BLAS/configuration`` use.
    var description: String {
      switch self {
      case .portable: "portable"
      case .avx2: "avx2"
      case .avx512: "avx512"
      }
    }

    /// The path a name stands for; nil for any other word.
    init?(name: String) {
      guard let path = Path.allCases.first(where: { $0.description == name }) else { return nil }
      self = path
    }

    static func < (lhs: Path, rhs: Path) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the path fuses each multiply-add into one rounding (the AVX paths do).
    var fusesMultiplyAdd: Bool { self != .portable }

    fileprivate var c: blocknumerics_kernel_path { blocknumerics_kernel_path(UInt32(rawValue)) }
  }

  /// The environment variable that names a path.
  static let settingVariable = BLOCKNUMERICS_VECTOR_KERNELS_VARIABLE

  /// The path every kernel call runs on now (chosen on first use).
  static var pathInUse: Path { Path(rawValue: Int(blocknumerics_kernel_path_in_use().rawValue)) ?? .portable }

  /// The paths this CPU runs, narrowest first (always at least ``Path/portable``).
  static var supportedPaths: [Path] { supportedPaths(for: CPU.current.vectorExtensions) }

  /// The paths a CPU with `extensions` runs, narrowest first.
  static func supportedPaths(for extensions: CPU.VectorExtensions) -> [Path] {
    var cpu = cStruct(extensions)
    return Path.allCases.filter { blocknumerics_kernel_path_supported(&cpu, $0.c) }
  }

  /// The path the library chooses for a CPU with `extensions` under the environment
  /// variable's value `setting` (nil when unset): the decision itself, a pure function.
  static func choosePath(for extensions: CPU.VectorExtensions, setting: String?) -> Path {
    var cpu = cStruct(extensions)
    let chosen = setting.map { blocknumerics_choose_kernel_path(&cpu, $0) } ?? blocknumerics_choose_kernel_path(&cpu, nil)
    return Path(rawValue: Int(chosen.rawValue)) ?? .portable
  }

  /// The environment variable's value, nil when unset.
  static var setting: String? { getenv(settingVariable).map { String(cString: $0) } }

  /// Why ``pathInUse`` runs, in a sentence for ``BLAS/configuration``.
  static var choice: String {
    let path = pathInUse
    let chosen = choosePath(for: CPU.current.vectorExtensions, setting: setting)
    guard path == chosen else { return "set by the process (tests compare paths)" }
    let widest = supportedPaths.last ?? .portable
    guard let setting, !setting.isEmpty, setting != "auto" else {
      return "the widest the CPU runs (\(settingVariable) unset)"
    }
    guard let named = Path(name: setting) else {
      return "the widest the CPU runs (\(settingVariable)=\(setting) is none of portable, avx2, avx512, auto)"
    }
    return named == path
      ? "\(settingVariable)=\(setting)"
      : "\(settingVariable)=\(setting), which this CPU lacks; the widest narrower path (widest supported: \(widest))"
  }

  /// Runs `body` with every kernel on `path`, then returns to the path before; nil (and
  /// `body` not run) when this CPU cannot run `path`. For tests that compare paths within
  /// one process; kernels running on other threads meanwhile may run on either path.
  static func withPath<Result>(_ path: Path, _ body: () throws -> Result) rethrows -> Result? {
    let previous = pathInUse
    guard blocknumerics_use_kernel_path(path.c) else { return nil }
    defer { _ = blocknumerics_use_kernel_path(previous.c) }
    return try body()
  }

  /// The C description of a CPU that has exactly `extensions`.
  private static func cStruct(_ extensions: CPU.VectorExtensions) -> blocknumerics_cpu {
    var cpu = blocknumerics_cpu()
    cpu.sse2 = extensions.contains(.sse2)
    cpu.avx = extensions.contains(.avx)
    cpu.fma = extensions.contains(.fma)
    cpu.avx2 = extensions.contains(.avx2)
    cpu.avx512f = extensions.contains(.avx512f)
    cpu.avx512dq = extensions.contains(.avx512dq)
    cpu.avx512bw = extensions.contains(.avx512bw)
    cpu.avx512vl = extensions.contains(.avx512vl)
    return cpu
  }
}

/// Asks the CPU to bring the `count` elements at `pointer` into its caches: a hint, which
/// reads nothing (the memory need not stay valid). Batched products call it for the next pair.
@usableFromInline
func _prefetch<Element>(_ pointer: UnsafePointer<Element>, count: Int) {
  blocknumerics_prefetch(pointer, count * MemoryLayout<Element>.stride)
}
