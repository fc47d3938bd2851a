import CKernels

/// The processor this process runs on, as `cpuid` reports it.
///
/// A vector extension counts only when the operating system also saves its registers
/// (`XCR0`), which is the condition OpenBLAS itself checks before it picks a kernel.
struct CPU: Sendable, Equatable {
  /// The vector extensions the kernel check and ``BLAS/Configuration`` look at.
  struct VectorExtensions: OptionSet, Sendable, Hashable {
    let rawValue: UInt32

    static let sse2 = Self(rawValue: 1 << 0)
    static let sse3 = Self(rawValue: 1 << 1)
    static let ssse3 = Self(rawValue: 1 << 2)
    static let sse4_1 = Self(rawValue: 1 << 3)
    static let sse4_2 = Self(rawValue: 1 << 4)
    static let avx = Self(rawValue: 1 << 5)
    static let fma = Self(rawValue: 1 << 6)
    static let avx2 = Self(rawValue: 1 << 7)
    static let avx512f = Self(rawValue: 1 << 8)
    static let avx512dq = Self(rawValue: 1 << 9)
    static let avx512bw = Self(rawValue: 1 << 10)
    static let avx512vl = Self(rawValue: 1 << 11)
    static let avx512cd = Self(rawValue: 1 << 12)
    static let avx512bf16 = Self(rawValue: 1 << 13)

    /// What OpenBLAS's SkylakeX kernels use: AVX-512 F, VL, BW and DQ.
    static let avx512ForSkylakeX: Self = [.avx512f, .avx512vl, .avx512bw, .avx512dq]
    /// What OpenBLAS's Haswell kernels use: AVX2 and FMA.
    static let avx2WithFMA: Self = [.avx2, .fma]

    /// Every extension with its conventional lower-case name, in order of introduction.
    static let named: [(Self, String)] = [
      (.sse2, "sse2"), (.sse3, "sse3"), (.ssse3, "ssse3"), (.sse4_1, "sse4.1"),
      (.sse4_2, "sse4.2"), (.avx, "avx"), (.fma, "fma"), (.avx2, "avx2"),
      (.avx512f, "avx512f"), (.avx512dq, "avx512dq"), (.avx512bw, "avx512bw"),
      (.avx512vl, "avx512vl"), (.avx512cd, "avx512cd"), (.avx512bf16, "avx512bf16"),
    ]

    /// The names of the extensions in this set, e.g. `["sse2", …, "avx2"]`.
    var names: [String] { Self.named.filter { contains($0.0) }.map(\.1) }
  }

  /// `GenuineIntel`, `AuthenticAMD`, …; empty off x86-64.
  var vendor: String
  /// The brand string, e.g. `AMD EPYC 7B13`; empty when the CPU does not report one.
  var brand: String
  /// Display family and model (base and extended fields combined).
  var family: Int
  var model: Int
  var vectorExtensions: VectorExtensions

  /// The processor of this process, read once.
  static let current = CPU.read()

  private static func read() -> CPU {
    var raw = blocknumerics_cpu()
    blocknumerics_read_cpu(&raw)
    let flags: [(Bool, VectorExtensions)] = [
      (raw.sse2, .sse2), (raw.sse3, .sse3), (raw.ssse3, .ssse3), (raw.sse4_1, .sse4_1),
      (raw.sse4_2, .sse4_2), (raw.avx, .avx), (raw.fma, .fma), (raw.avx2, .avx2),
      (raw.avx512f, .avx512f), (raw.avx512dq, .avx512dq), (raw.avx512bw, .avx512bw),
      (raw.avx512vl, .avx512vl), (raw.avx512cd, .avx512cd), (raw.avx512bf16, .avx512bf16),
    ]
    var extensions: VectorExtensions = []
    for (present, flag) in flags where present { extensions.insert(flag) }
    return CPU(
      vendor: cString(raw.vendor), brand: cString(raw.brand).trimmingSpaces,
      family: Int(raw.family), model: Int(raw.model), vectorExtensions: extensions)
  }

  /// A fixed-size C `char` array (imported as a tuple) as a Swift string.
  private static func cString<Tuple>(_ tuple: Tuple) -> String {
    withUnsafeBytes(of: tuple) { bytes in
      String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
  }
}

extension String {
  /// The string without leading and trailing spaces (brand strings are padded).
  fileprivate var trimmingSpaces: String {
    let characters = Substring(self).drop { $0 == " " }
    return String(characters.reversed().drop { $0 == " " }.reversed())
  }
}
