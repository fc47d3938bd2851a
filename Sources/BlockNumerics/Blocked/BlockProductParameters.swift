/// Tuning for block products: how blocks merge into BLAS calls and how work is split into
/// parallel tasks.
///
/// Every BLAS call inside a block product is single-threaded (the tasks run through the
/// library's one scheduler), and the split into calls is made from shapes and these
/// parameters alone, never from the thread count. That is what
/// makes results bit-identical for any thread count: OpenBLAS's own multi-threaded `gemm`
/// rounds differently from its single-threaded one. Parallelism comes from running the
/// tasks on all cores instead, so threads never exceed the cores.
public struct BlockProductParameters: Sendable, Equatable {
  /// Whether neighbouring blocks of contiguously stored operands merge into larger BLAS
  /// calls (consecutive k-blocks into one call over the whole inner dimension, neighbouring
  /// output blocks into one tile).
  public var mergesContiguousBlocks: Bool
  /// Output tiles are about this many rows high and columns wide: merged tiles are cut
  /// from the whole output, and output blocks larger than this are cut into such tiles so
  /// that a few large blocks still keep every core busy.
  public var tileExtent: Int
  /// The cores to run tasks on; `nil` means ``BLAS/coreCount`` and 1 runs the tasks one
  /// after another. The result does not depend on it.
  public var coreCount: Int?

  /// Creates parameters; see each property.
  public init(mergesContiguousBlocks: Bool = true, tileExtent: Int = 512, coreCount: Int? = nil) {
    self.mergesContiguousBlocks = mergesContiguousBlocks
    self.tileExtent = Swift.max(1, tileExtent)
    self.coreCount = coreCount
  }

  /// Merging on, tiles of about 512, all cores.
  public static var automatic: BlockProductParameters { BlockProductParameters() }

  /// The scheduler's parameters: ``coreCount``, the library's thresholds otherwise.
  var parallel: ParallelParameters { ParallelParameters(coreCount: coreCount) }

  /// Cuts `0..<length` into `max(1, length / tileExtent)` nearly equal consecutive ranges,
  /// each at least `tileExtent` long unless `length` itself is shorter.
  func chunks(_ length: Int) -> [Range<Int>] {
    guard length > 0 else { return [] }
    let count = Swift.max(1, length / tileExtent)
    return (0..<count).map { (length * $0 / count)..<(length * ($0 + 1) / count) }
  }
}
