import Foundation
import Synchronization
import Testing
@testable import BlockNumerics

#if canImport(Glibc)
import Glibc
#endif

/// Calls from many threads at once give the same bits as the same calls made one by one.
///
/// OpenBLAS has a history of multi-threading pitfalls, each of which these tests would catch:
/// - OpenMP builds corrupt results when more application threads call in than the build's
///   `NUM_PARALLEL` (OpenMathLib/OpenBLAS#3921). Debian's default, which we link, is the
///   pthreads build (`libopenblas0-pthread`); ``openBLASIsThePthreadsBuild()`` pins that.
/// - Level-3 calls from several threads racing on the shared job/buffer state of the thread
///   server gave wrong `gemm` results in 0.3.0–0.3.6 (OpenMathLib/OpenBLAS#1851, #2126, #1755)
///   and `gemv` in single-threaded builds (#1761, #2164); fixed by the level-3 lock and
///   thread-local buffers, which 0.3.21 has. Our own products additionally run their parallel
///   tasks with one BLAS thread each (``BLAS/withSingleThreadedCalls(_:)``), so a block
///   product never hands OpenBLAS's pool concurrent multi-threaded calls.
/// - LAPACK compiled by gfortran without `-frecursive` keeps local arrays in static storage
///   and is not reentrant (OpenMathLib/OpenBLAS#477, PR #1857); concurrent SVDs catch it.
/// - A BLAS call overlapping a LAPACK call in another thread (OpenMathLib/OpenBLAS#5825)
///   is covered by mixing SVD with products in every round.
@Suite(.serialized) struct ConcurrencyTests {
  /// One unit of work and the bits it produces.
  struct Job: Sendable {
    let name: String
    var threadCountIndependent = false
    let run: @Sendable () throws -> [Double]
  }

  static func bits(_ m: Matrix<Double>) -> [Double] { m.elements }
  static func bits(_ m: Matrix<Float>) -> [Double] { m.elements.map(Double.init) }

  /// Products and factorizations on fixed seeded data: GEMM (`*`, `Matrix.multiply` with
  /// transposes), gemv, block products, BSR SpMM/SpMV/SDDMM/SpGEMM and SVD, Float and Double.
  static func jobs() -> [Job] {
    let a = Matrix<Double>.random(rows: 96, columns: 80, in: -1..<1, seed: 11)
    let b = Matrix<Double>.random(rows: 80, columns: 72, in: -1..<1, seed: 12)
    let af = Matrix<Float>.random(rows: 70, columns: 90, in: -1..<1, seed: 13)
    let bf = Matrix<Float>.random(rows: 90, columns: 50, in: -1..<1, seed: 14)
    let s = BlockSparseMatrix<Double>.random(rows: 96, columns: 80, blockRows: 8, blockColumns: 16, density: 0.3, seed: 15)
    let sf = BlockSparseMatrix<Float>.random(rows: 64, columns: 90, blockRows: 4, blockColumns: 3, density: 0.4, seed: 16)
    let t = BlockSparseMatrix<Double>.random(rows: 80, columns: 64, blockRows: 16, blockColumns: 8, density: 0.3, seed: 17)
    let svdInput = Matrix<Double>.random(rows: 40, columns: 30, in: -1..<1, seed: 18)
    let svdInputF = Matrix<Float>.random(rows: 25, columns: 35, in: -1..<1, seed: 19)
    return [
      Job(name: "a * b") { bits(a * b) },
      Job(name: "Float a * b") { bits(af * bf) },
      Job(name: "Matrix.multiply aᵀ·a, α 2, β 1") {
        var c = Matrix<Double>.identity(80)
        try Matrix.multiply(a, a, transposeA: true, alpha: 2, beta: 1, into: &c)
        return bits(c)
      },
      Job(name: "a * v") { a * (0..<80).map { Double($0 % 7) - 3 } },
      Job(name: "SVD gesvd") {
        let svd = try SVD(svdInput)
        return svd.singularValues + bits(svd.u) + bits(svd.vt)
      },
      Job(name: "Float SVD gesdd") {
        let svd = try SVD(svdInputF, driver: .gesdd)
        return svd.singularValues.map(Double.init) + bits(svd.u) + bits(svd.vt)
      },
      Job(name: "block product", threadCountIndependent: true) {
        let pa = try BlockPartition(rowBlockSizes: [30, 1, 65], columnBlockSizes: [7, 40, 33])
        let pb = try BlockPartition(rowBlockSizes: [7, 40, 33], columnBlockSizes: [50, 22])
        let product = try BlockMatrix(a, partition: pa).multiplied(
          by: BlockMatrix(b, partition: pb), parameters: BlockProductParameters(tileExtent: 16))
        return bits(product.assembled())
      },
      Job(name: "BSR s * x") { bits(s * b) },
      Job(name: "BSR sᵀ · x") { bits(try s.multiplied(by: a, transposed: true)) },
      Job(name: "BSR s * v") { s * (0..<80).map { Double($0 % 5) } },
      Job(name: "Float BSR s * x") { bits(sf * bf) },
      Job(name: "BSR SpGEMM") { bits((s * t).dense()) },
      Job(name: "BSR SDDMM") {
        bits(try BlockSparseMatrix.sampledProduct(a, a.transposed, pattern: BlockSparseMatrix<Double>.random(
          rows: 96, columns: 96, blockRows: 8, blockColumns: 8, density: 0.2, seed: 20)).dense())
      },
    ]
  }

  /// Runs every job on `threadCount` threads started together, each thread `rounds` times
  /// in its own rotated order, and returns `(thread, job, bits)` for every run.
  static func runConcurrently(_ jobs: [Job], threads threadCount: Int, rounds: Int) -> [(Int, Int, Result<[Double], Error>)] {
    final class Shared: Sendable {
      let results = ThreadLock<[(Int, Int, Result<[Double], Error>)]>([])
      let ready = Atomic<Int>(0)
    }
    let shared = Shared()
    let group = DispatchGroup()
    for thread in 0..<threadCount {
      group.enter()
      let worker = Thread {
        shared.ready.add(1, ordering: .sequentiallyConsistent)
        // Start together so the calls really overlap.
        while shared.ready.load(ordering: .sequentiallyConsistent) < threadCount { sched_yield() }
        var local: [(Int, Int, Result<[Double], Error>)] = []
        for round in 0..<rounds {
          for step in jobs.indices {
            let index = (step + thread + round) % jobs.count
            local.append((thread, index, Result { try jobs[index].run() }))
          }
        }
        shared.results.withLock { $0 += local }
        group.leave()
      }
      worker.stackSize = 4 << 20
      worker.start()
    }
    group.wait()
    return shared.results.withLock { $0 }
  }

  /// Runs `jobs` serially with OpenBLAS at 1 and at 2 threads, then from `threads` threads at
  /// once with OpenBLAS at `blasThreads`, and requires every concurrent result to have the
  /// bits of a serial one.
  ///
  /// Both serial references are needed because the thread count is process-wide: a block
  /// product running meanwhile (here or in another test, Swift Testing runs suites in
  /// parallel) switches OpenBLAS to one thread for its duration, and OpenBLAS's 1- and
  /// 2-thread `gemm` round differently. Block products must not depend on it at all, so
  /// their two references must have the same bits.
  func expectSerialBits(_ jobs: [Job], threads: Int, rounds: Int, blasThreads: Int) throws {
    let oneThread = try BLAS.withThreadCount(1) { try jobs.map { try $0.run() } }
    let twoThreads = try BLAS.withThreadCount(2) { try jobs.map { try $0.run() } }
    func same(_ x: [Double], _ y: [Double]) -> Bool {
      x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
    for (index, job) in jobs.enumerated() where job.threadCountIndependent {
      #expect(same(oneThread[index], twoThreads[index]), "\(job.name) depends on BLAS.threadCount")
    }
    let results = BLAS.withThreadCount(blasThreads) { Self.runConcurrently(jobs, threads: threads, rounds: rounds) }
    #expect(results.count == threads * rounds * jobs.count)
    // Every serial result seen per job. A concurrent result that matches none triggers fresh
    // serial runs at both counts: another test may have switched the process-wide count
    // while a reference was computed. Corruption matches no serial run, however many.
    var references = jobs.indices.map { [oneThread[$0], twoThreads[$0]] }
    var mismatches = 0
    for (thread, index, result) in results {
      switch result {
      case .success(let got):
        var matches = references[index].contains { same(got, $0) }
        for _ in 0..<3 where !matches {
          for count in [1, 2] {
            if let again = try? BLAS.withThreadCount(count, jobs[index].run) { references[index].append(again) }
          }
          matches = references[index].contains { same(got, $0) }
        }
        if !matches { mismatches += 1 }
        #expect(matches, "BLAS.threadCount \(blasThreads): \(jobs[index].name) on thread \(thread) differs from the serial result")
      case .failure(let error):
        Issue.record("BLAS.threadCount \(blasThreads): \(jobs[index].name) on thread \(thread) threw \(error)")
      }
    }
    print("concurrency: \(results.count) calls from \(threads) threads, BLAS.threadCount \(blasThreads), \(mismatches) mismatches")
  }

  @Test func eightThreadsWithOneBLASThreadEach() throws {
    try expectSerialBits(Self.jobs(), threads: 8, rounds: 2, blasThreads: 1)
  }

  /// With OpenBLAS's own pool active, concurrent multi-threaded GEMM/gemv/LAPACK calls share it.
  @Test func eightThreadsWithTheOpenBLASPool() throws {
    try expectSerialBits(Self.jobs(), threads: 8, rounds: 2, blasThreads: 2)
  }

  /// The library we link is OpenBLAS's pthreads build (not the OpenMP one, whose concurrent
  /// callers need `NUM_PARALLEL`), version 0.3.x.
  @Test func openBLASIsThePthreadsBuild() throws {
    guard let handle = dlopen(nil, RTLD_NOW) else { Issue.record("dlopen failed"); return }
    _ = Matrix<Double>.identity(2) * Matrix<Double>.identity(2)  // the BLAS library is loaded
    typealias GetParallel = @convention(c) () -> Int32
    typealias GetConfig = @convention(c) () -> UnsafePointer<CChar>?
    let parallel = try #require(dlsym(handle, "openblas_get_parallel"))
    let config = try #require(dlsym(handle, "openblas_get_config"))
    let mode = unsafeBitCast(parallel, to: GetParallel.self)()
    let text = unsafeBitCast(config, to: GetConfig.self)().map { String(cString: $0) } ?? ""
    print("OpenBLAS: \(text), parallel mode \(mode) (0 sequential, 1 pthreads, 2 OpenMP)")
    #expect(mode != 2, "an OpenMP OpenBLAS needs NUM_PARALLEL ≥ the number of calling threads: \(text)")
  }
}
