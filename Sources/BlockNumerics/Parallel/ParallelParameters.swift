/// How the scheduler (``ParallelLoop``) spreads work over the cores: one value passed down to
/// every parallel loop, so no loop picks its own threads or thresholds.
///
/// The split of a loop into chunks never changes what an item computes: an output tile, a
/// block row, a pair or a row of a sweep gets the same operations whichever chunk it falls in,
/// and every BLAS call inside runs single-threaded, so those results depend neither on
/// ``coreCount`` nor on `BLAS.threadCount`. The row-parallel product is the exception: its
/// items are the row panels themselves, one per core, and OpenBLAS may round a small panel
/// differently from a large one (its small-matrix kernels), so its last bits follow the
/// number of cores, though never `BLAS.threadCount`.
@usableFromInline
struct ParallelParameters: Sendable, Equatable {
  /// The cores to run on; `nil` means ``BLAS/coreCount``, and 1 runs everything on the
  /// calling thread.
  @usableFromInline var coreCount: Int?
  /// Loops with less work than this (in multiply-adds, or their equivalent) run on the
  /// calling thread: waking a second core costs about 0.1 ms, as much as a million
  /// multiply-adds of NMF's coordinate sweeps (measured on 2 cores of an AMD EPYC: 2000 rows
  /// at k = 20, 0.8 million, 0.46 ms alone and 0.42 ms on two; 1000 rows 0.23 ms alone and
  /// 0.30 ms on two).
  @usableFromInline var minimumParallelWork: Int
  /// Chunks per core for loops whose items differ in cost (output blocks, tiles, pairs), so a
  /// core slowed by other processes leaves its share to the rest.
  @usableFromInline var chunksPerCore: Int
  /// The fewest rows a row panel gets, where each panel is one BLAS call that packs the
  /// whole right-hand operand again.
  @usableFromInline var minimumPanelRows: Int

  /// Parameters; see each property.
  @usableFromInline
  init(coreCount: Int? = nil, minimumParallelWork: Int = 1 << 20, chunksPerCore: Int = 8, minimumPanelRows: Int = 64) {
    self.coreCount = coreCount
    self.minimumParallelWork = minimumParallelWork
    self.chunksPerCore = Swift.max(1, chunksPerCore)
    self.minimumPanelRows = Swift.max(1, minimumPanelRows)
  }

  /// All cores, a million multiply-adds before a second core wakes, 8 chunks a core, panels
  /// of at least 64 rows.
  @usableFromInline static let automatic = ParallelParameters()

  /// The cores loops run on.
  @usableFromInline var cores: Int { Swift.max(1, coreCount ?? BLAS.coreCount) }
}
