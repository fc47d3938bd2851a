/// A pointer handed to the parallel chunks of a ``ParallelLoop``, each of which reads or
/// writes only its own, disjoint part of the memory behind it.
@usableFromInline
struct UnsafeSendablePointer<Pointee>: @unchecked Sendable {
  /// The memory.
  @usableFromInline let base: UnsafeMutablePointer<Pointee>

  /// Wraps `base`.
  @inlinable init(_ base: UnsafeMutablePointer<Pointee>) { self.base = base }

  /// Wraps a read-only `base` (the chunks only read through it).
  @inlinable init(readOnly base: UnsafePointer<Pointee>) { self.base = UnsafeMutablePointer(mutating: base) }
}
