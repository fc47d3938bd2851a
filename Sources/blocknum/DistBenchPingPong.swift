import ArgumentParser
import BlockNumerics
import BlockNumericsDistributed
import Foundation

/// `blocknum dist bench pingpong`: the one-way time of messages between processes 0 and 1,
/// for the latency α and bandwidth of the α–β model in docs/SCALING.md.
struct DistBenchPingPong: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pingpong",
    abstract: "Latency and bandwidth between processes 0 and 1 (needs two processes).",
    discussion: "Half the mean round trip of repeated ping-pongs, per message size.")

  @Option(help: "Comma-separated message sizes in bytes.")
  var sizes = SizeList([8, 1024, 65536, 1 << 20, 16 << 20, 64 << 20])

  @Flag(help: "Print a JSON array instead of a table.")
  var json = false

  struct Row: Codable {
    var bytes: Int
    var repetitions: Int
    var oneWaySeconds: Double
    var gigabytesPerSecond: Double
  }

  func run() throws {
    let world = try Communicator.world
    guard world.size >= 2 else {
      throw ValidationError("pingpong needs two processes: mpirun -n 2 blocknum dist bench pingpong")
    }
    if world.rank == 0 && !json { print("blocknum dist bench pingpong: processes 0 and 1 of \(world.size)\nprocess 0: \(world.placement)\n") }
    var rows: [Row] = []
    for bytes in sizes.values {
      // About 0.2 s per size: many repetitions for small messages, a few for large ones.
      let repetitions = max(5, min(10_000, 100_000_000 / max(bytes, 1)))
      let seconds = try world.pingPong(bytes: bytes, repetitions: repetitions)
      rows.append(Row(bytes: bytes, repetitions: repetitions, oneWaySeconds: seconds, gigabytesPerSecond: Double(bytes) / seconds / 1e9))
      if world.rank == 0 && !json {
        print("\(String(bytes).leftPadded(10)) B  \(formatSeconds(seconds).leftPadded(10))  \(format(Double(bytes) / seconds / 1e9).leftPadded(6)) GB/s  (\(repetitions) round trips)")
      }
    }
    if world.rank == 0 && json { try emitJSON(rows) }
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
