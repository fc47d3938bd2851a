import Testing
@testable import BlockNumerics

#if canImport(Glibc)
import Glibc
#endif

@Suite struct CPUTests {
  /// The flags Linux reports for the first processor in /proc/cpuinfo, an independent
  /// reading of the same cpuid and XCR0 bits.
  static func kernelFlags() -> Set<String>? {
    guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
    defer { fclose(file) }
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(line) }
    while getline(&line, &capacity, file) > 0 {
      let text = String(cString: line!)
      if text.hasPrefix("flags") {
        let values = text.split(separator: ":", maxSplits: 1).last ?? ""
        return Set(values.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
      }
    }
    return nil
  }

  @Test func vectorExtensionsAgreeWithTheKernelsFlags() throws {
    let flags = try #require(Self.kernelFlags(), "no /proc/cpuinfo flags line")
    let ours = CPU.current.vectorExtensions
    let linuxNames: [(CPU.VectorExtensions, String)] = [
      (.sse2, "sse2"), (.sse3, "pni"), (.ssse3, "ssse3"), (.sse4_1, "sse4_1"), (.sse4_2, "sse4_2"),
      (.avx, "avx"), (.fma, "fma"), (.avx2, "avx2"), (.avx512f, "avx512f"), (.avx512dq, "avx512dq"),
      (.avx512bw, "avx512bw"), (.avx512vl, "avx512vl"), (.avx512cd, "avx512cd"), (.avx512bf16, "avx512_bf16"),
    ]
    for (flag, name) in linuxNames {
      #expect(ours.contains(flag) == flags.contains(name), "\(name): cpuid \(ours.contains(flag)), Linux \(flags.contains(name))")
    }
    #expect(ours.names.count == linuxNames.filter { flags.contains($0.1) }.count)
  }

  @Test func identityIsReadable() {
    let cpu = CPU.current
    #expect(["GenuineIntel", "AuthenticAMD", "HygonGenuine", "CentaurHauls"].contains(cpu.vendor) || cpu.vendor.count == 12)
    #expect(cpu.family >= 6 && cpu.model >= 0)
    #expect(!cpu.brand.hasPrefix(" ") && !cpu.brand.hasSuffix(" "))
    #expect(CPU.VectorExtensions.avx512ForSkylakeX.names == ["avx512f", "avx512dq", "avx512bw", "avx512vl"])
  }
}
