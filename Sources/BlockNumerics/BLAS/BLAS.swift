import CLinearAlgebra

#if canImport(Glibc)
import Glibc
#endif

/// Control over the BLAS library itself (OpenBLAS).
///
/// OpenBLAS runs its own pool of threads inside each large BLAS call. BlockNumerics sets
/// that pool's size when it runs independent blocks in parallel, so that block-level and
/// BLAS-level threads together never oversubscribe the cores.
public enum BLAS {
  /// The number of threads OpenBLAS uses inside one BLAS call (`openblas_set_num_threads`).
  ///
  /// Setting it affects the whole process. A value below 1 stops with a precondition
  /// failure. Plain BLAS calls (`Matrix *`, SVD) may round differently for different
  /// counts, as OpenBLAS's own results do; block products, BSR products and NMF run their
  /// calls single-threaded (``withSingleThreadedCalls(_:)``) and give identical bits for any
  /// count. While such a region runs on some thread, a new count set from another thread is
  /// remembered and takes effect when the last region ends, so it cannot change a running
  /// block product's bits.
  public static var threadCount: Int {
    get {
      checkKernelsOnce()
      return singleThreadedRegions.withLock { state in
        state.depth > 0 ? state.savedCount : Int(openblas_get_num_threads())
      }
    }
    set {
      precondition(newValue >= 1, "BLAS.threadCount must be at least 1, got \(newValue)")
      checkKernelsOnce()
      singleThreadedRegions.withLock { state in
        if state.depth > 0 {
          state.savedCount = newValue
        } else {
          openblas_set_num_threads(Int32(clamping: newValue))
        }
      }
    }
  }

  /// The number of processor cores this process may use (the default BLAS thread count).
  public static var coreCount: Int {
    #if canImport(Glibc)
    return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
    return 1
    #endif
  }

  /// Runs `body` with OpenBLAS limited to `count` threads, restoring the previous count after.
  ///
  /// Because the thread count is process-wide, calls to this function must not overlap
  /// in time from different threads; BlockNumerics' own schedulers call it from one thread.
  public static func withThreadCount<Result>(
    _ count: Int, _ body: () throws -> Result
  ) rethrows -> Result {
    let previous = threadCount
    if previous == count { return try body() }
    threadCount = count
    defer { threadCount = previous }
    return try body()
  }

  /// How many callers are inside ``withSingleThreadedCalls(_:)`` and the count to restore.
  private static let singleThreadedRegions = ThreadLock<(depth: Int, savedCount: Int)>((0, 1))

  /// Runs `body`, which makes BLAS calls from several threads of its own, with OpenBLAS
  /// limited to one thread per call, so the process never runs more threads than cores.
  ///
  /// Regions may overlap in time and nest, from any threads: the first to enter saves the
  /// thread count and the last to leave restores it (or the count set meanwhile through
  /// ``threadCount``).
  public static func withSingleThreadedCalls<Result>(_ body: () throws -> Result) rethrows -> Result {
    checkKernelsOnce()
    singleThreadedRegions.withLock { state in
      if state.depth == 0 {
        state.savedCount = Int(openblas_get_num_threads())
        if state.savedCount != 1 { openblas_set_num_threads(1) }
      }
      state.depth += 1
    }
    defer {
      singleThreadedRegions.withLock { state in
        state.depth -= 1
        if state.depth == 0 && state.savedCount != 1 { openblas_set_num_threads(Int32(clamping: state.savedCount)) }
      }
    }
    return try body()
  }
}
