import Foundation
import Testing
@testable import BlockNumerics

@Suite struct VectorKernelsTests {
  typealias Path = VectorKernels.Path

  static let none: CPU.VectorExtensions = [.sse2, .sse3, .ssse3, .sse4_1, .sse4_2]
  static let avxOnly: CPU.VectorExtensions = none.union([.avx])
  static let avx2NoFMA: CPU.VectorExtensions = avxOnly.union([.avx2])
  static let haswell: CPU.VectorExtensions = avxOnly.union([.avx2, .fma])
  static let skylakeX: CPU.VectorExtensions = haswell.union([.avx512f, .avx512dq, .avx512bw, .avx512vl, .avx512cd])
  static let avx512NoDQ: CPU.VectorExtensions = haswell.union([.avx512f, .avx512bw, .avx512vl])

  /// The decision for every kind of CPU and every kind of setting, written out.
  @Test func choosesTheWidestSupportedPathNoWiderThanTheSetting() {
    let cases: [(CPU.VectorExtensions, String?, Path)] = [
      (Self.none, nil, .portable), (Self.none, "avx512", .portable), (Self.none, "avx2", .portable),
      (Self.avxOnly, nil, .portable), (Self.avx2NoFMA, nil, .portable), (Self.avx2NoFMA, "avx2", .portable),
      (Self.haswell, nil, .avx2), (Self.haswell, "auto", .avx2), (Self.haswell, "", .avx2),
      (Self.haswell, "avx512", .avx2), (Self.haswell, "avx2", .avx2), (Self.haswell, "portable", .portable),
      (Self.haswell, "AVX2", .avx2), (Self.haswell, "sse", .avx2),
      (Self.skylakeX, nil, .avx512), (Self.skylakeX, "avx512", .avx512), (Self.skylakeX, "avx2", .avx2),
      (Self.skylakeX, "portable", .portable), (Self.skylakeX, "fastest", .avx512),
      (Self.avx512NoDQ, nil, .avx2), (Self.avx512NoDQ, "avx512", .avx2),
    ]
    for (cpu, setting, expected) in cases {
      #expect(VectorKernels.choosePath(for: cpu, setting: setting) == expected, "\(cpu.names) with \(setting ?? "no setting")")
    }
    #expect(VectorKernels.supportedPaths(for: Self.none) == [.portable])
    #expect(VectorKernels.supportedPaths(for: Self.haswell) == [.portable, .avx2])
    #expect(VectorKernels.supportedPaths(for: Self.skylakeX) == [.portable, .avx2, .avx512])
    #expect(VectorKernels.supportedPaths(for: Self.avx512NoDQ) == [.portable, .avx2])
  }

  /// The process runs what the decision gives for this CPU and its environment, so the
  /// suite runs under `BLOCKNUMERICS_VECTOR_KERNELS=<path>` are runs on that path.
  @Test func thePathInUseIsTheDecisionForThisProcess() {
    let expected = VectorKernels.choosePath(for: CPU.current.vectorExtensions, setting: VectorKernels.setting)
    #expect(VectorKernels.pathInUse == expected)
    if let setting = VectorKernels.setting, let named = Path(name: setting), VectorKernels.supportedPaths.contains(named) {
      #expect(VectorKernels.pathInUse == named, "\(VectorKernels.settingVariable)=\(setting)")
    }
    #expect(VectorKernels.supportedPaths.first == .portable)
    #expect(VectorKernels.supportedPaths == VectorKernels.supportedPaths(for: CPU.current.vectorExtensions))
  }

  @Test func withPathSwitchesForItsBodyAndThenBack() {
    let before = VectorKernels.pathInUse
    for path in Path.allCases {
      let ran = VectorKernels.withPath(path) { () -> Bool in
        #expect(VectorKernels.pathInUse == path)
        #expect(VectorKernels.choice.contains("set by the process") == (path != before))
        return true
      }
      #expect((ran != nil) == VectorKernels.supportedPaths.contains(path), "\(path)")
      #expect(VectorKernels.pathInUse == before)
    }
  }

  @Test func configurationReportsThePathAndWhy() {
    let blas = BLAS.configuration
    #expect(blas.vectorKernels == VectorKernels.pathInUse.description)
    #expect(blas.supportedVectorKernels == VectorKernels.supportedPaths.map(\.description))
    #expect(!blas.vectorKernelChoice.isEmpty)
    #expect(blas.description.contains("vector kernels  \(blas.vectorKernels)"))
    forEachKernelPath { path in
      #expect(BLAS.configuration.vectorKernels == path.description)
    }
  }

  @Test func namesRoundTrip() {
    for path in Path.allCases { #expect(Path(name: path.description) == path) }
    #expect(Path(name: "avx") == nil)
    #expect(Path.allCases.filter(\.fusesMultiplyAdd) == [.avx2, .avx512])
  }
}
