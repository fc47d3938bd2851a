// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "BlockNumerics",
  products: [
    .library(name: "BlockNumerics", targets: ["BlockNumerics"]),
    // Across processes on MPI and ScaLAPACK; only projects that use it need Open MPI.
    .library(name: "BlockNumericsDistributed", targets: ["BlockNumericsDistributed"]),
    .executable(name: "blocknum", targets: ["blocknum"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
  ],
  targets: [
    // CBLAS and LAPACKE from Debian's libopenblas-dev and liblapacke-dev.
    .systemLibrary(
      name: "CLinearAlgebra",
      path: "Modules/CLinearAlgebra",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
    ),
    // Our own C, for what Swift cannot reach without unsafe flags: CPU identification (cpuid,
    // xgetbv) and the vector kernels, compiled per function for AVX-512, AVX2 with FMA and
    // the baseline and chosen at run time (no target-wide flags: the package stays usable
    // as a dependency).
    .target(name: "CKernels", path: "Sources/CKernels"),
    // zlib from Debian's zlib1g-dev: the raw deflate streams and CRC-32 of .npz archives.
    .systemLibrary(
      name: "CZlib",
      path: "Modules/CZlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    .target(
      name: "BlockNumerics",
      dependencies: ["CLinearAlgebra", "CKernels", "CZlib"],
      exclude: ["Learning/Resources/NOTICE"],
      // The digits data set ships inside the library (no network at run time): Bundle.module.
      resources: [.copy("Learning/Resources/digits.csv")],
      swiftSettings: [.define("BLOCKNUMERICS_INTERNAL_CHECKS", .when(configuration: .debug))]
    ),
    // Open MPI and ScaLAPACK from Debian's libopenmpi-dev, openmpi-bin and
    // libscalapack-openmpi-dev; only the distributed target depends on it.
    .systemLibrary(
      name: "CMPI",
      path: "Modules/CMPI",
      pkgConfig: "scalapack-openmpi",
      providers: [.apt(["libopenmpi-dev", "openmpi-bin", "libscalapack-openmpi-dev"])]
    ),
    .target(
      name: "BlockNumericsDistributed",
      dependencies: ["BlockNumerics", "CMPI"],
      swiftSettings: [.define("BLOCKNUMERICS_INTERNAL_CHECKS", .when(configuration: .debug))]
    ),
    .executableTarget(
      name: "blocknum",
      dependencies: [
        "BlockNumerics",
        "BlockNumericsDistributed",
        "CLinearAlgebra",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The MPI test program: scripts/test runs it under mpirun with 1, 2, 3 and 4 processes
    // (MPI tests need several processes, which a test runner inside one process cannot give).
    .executableTarget(
      name: "blocknum-mpi-tests",
      dependencies: ["BlockNumerics", "BlockNumericsDistributed"],
      path: "Tests/MPITests"
    ),
    .testTarget(
      name: "BlockNumericsDistributedTests",
      dependencies: ["BlockNumericsDistributed"]
    ),
    .testTarget(
      name: "BlockNumericsTests",
      dependencies: ["BlockNumerics"],
      exclude: ["Fixtures"]
    ),
  ]
)
