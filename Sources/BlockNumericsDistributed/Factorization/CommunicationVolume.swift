/// What a distributed computation sent, counted collective by collective as it ran: the
/// quantities of the latency–bandwidth (α–β) model that docs/SCALING.md predicts with.
///
/// For each collective on `P` processes with a whole vector of `N` bytes, the count adds
/// what a bandwidth-optimal algorithm (Chan, Heimlich, Purkayastha & van de Geijn 2007), as
/// MPI-FAUN's cost model assumes, moves into each process:
///
/// | collective | messages | bytes received |
/// | --- | --- | --- |
/// | all-gather | ⌈log₂ P⌉ | `N −` own share |
/// | reduce-scatter | ⌈log₂ P⌉ | `N −` own share |
/// | all-reduce | 2⌈log₂ P⌉ | `2·(P − 1)/P · N` |
///
/// A collective on one process moves nothing and counts nothing.
public struct CommunicationVolume: Sendable, Equatable, CustomStringConvertible {
  /// The collective calls made (on groups of more than one process).
  public var collectives: Int
  /// The messages each process sends, by the model above.
  public var messages: Int
  /// The bytes each process receives, by the model above.
  public var bytes: Int

  /// A volume; zero by default.
  public init(collectives: Int = 0, messages: Int = 0, bytes: Int = 0) {
    self.collectives = collectives
    self.messages = messages
    self.bytes = bytes
  }

  /// `collectives, messages, bytes` in words.
  public var description: String { "\(collectives) collectives, \(messages) messages, \(bytes) bytes" }

  /// The volume divided by `count` (per iteration, say), rounded down.
  /// - Complexity: O(1).
  public func divided(by count: Int) -> CommunicationVolume {
    guard count > 0 else { return self }
    return CommunicationVolume(collectives: collectives / count, messages: messages / count, bytes: bytes / count)
  }

  /// Adds one all-gather over `processes` of `total` bytes of which this process held `own`.
  mutating func _addAllGather(processes: Int, total: Int, own: Int) {
    guard processes > 1 else { return }
    collectives += 1
    messages += _ceilingLog2(processes)
    bytes += total - own
  }

  /// Adds one reduce-scatter over `processes` of `total` bytes of which this process keeps `own`.
  mutating func _addReduceScatter(processes: Int, total: Int, own: Int) {
    guard processes > 1 else { return }
    collectives += 1
    messages += _ceilingLog2(processes)
    bytes += total - own
  }

  /// Adds one all-reduce over `processes` of `total` bytes.
  mutating func _addAllReduce(processes: Int, total: Int) {
    guard processes > 1 else { return }
    collectives += 1
    messages += 2 * _ceilingLog2(processes)
    bytes += 2 * (processes - 1) * total / processes
  }
}

/// `⌈log₂ n⌉` for `n ≥ 1`.
func _ceilingLog2(_ n: Int) -> Int {
  n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
}
