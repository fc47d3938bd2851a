#if canImport(Glibc)
import Glibc
#endif

/// Scratch memory for ScaLAPACK that reports a failed allocation instead of stopping the
/// process (Swift's own allocations stop it), so the failure can be thrown on every process.
final class Workspace<Scalar> {
  /// The first of ``count`` uninitialised scalars.
  let pointer: UnsafeMutablePointer<Scalar>
  /// The number of scalars.
  let count: Int

  /// `count` scalars (at least one), or nil when the memory is not there.
  init?(count: Int) {
    let count = Swift.max(1, count)
    let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Scalar>.stride)
    guard !overflow, let raw = malloc(bytes) else { return nil }
    self.pointer = raw.bindMemory(to: Scalar.self, capacity: count)
    self.count = count
  }

  deinit { free(pointer) }
}
