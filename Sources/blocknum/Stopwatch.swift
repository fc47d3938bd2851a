// Timing for `blocknum bench …`: a monotonic timer with warm-up and best/median-of-R
// statistics, interleaved runs of an operation and its references (pairs, or rounds of
// several), and the run-time estimate that skips hopeless naive runs.

import Foundation

/// The times of one operation at one size, in seconds.
struct Timing {
  /// The fastest timed run: the least disturbed by other processes.
  var best: Double
  /// The median timed run.
  var median: Double
  /// How many runs were timed.
  var samples: Int
}

/// Runs and times closures on a monotonic clock (`ContinuousClock`).
struct Stopwatch {
  /// Timed runs wanted after the warm-up.
  var repeats: Int
  /// A warm-up slower than this is kept as the only sample: such runs are dominated by
  /// arithmetic, not by cold caches, and repeating them costs too much.
  var slowRun = 1.0
  /// Timed runs stop early once they have used this much time in total.
  var budget = 5.0
  /// Seconds to sleep before each run of an interleaved pair (warm-ups included), so that
  /// OpenBLAS's worker threads, which spin for about 0.1 s after a multi-threaded call
  /// before they sleep, do not compete with the next run. 0: runs back to back.
  var settle = 0.0

  /// The seconds `body` takes, once.
  static func time<Result>(_ body: () throws -> Result) rethrows -> (seconds: Double, result: Result) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    return (seconds(clock.now - start), result)
  }

  /// One warm-up run, then up to `repeats` timed runs; returns the timing and the last
  /// result, which the caller keeps alive (checksums it) so the work cannot be elided.
  func measure<Result>(_ body: () throws -> Result) rethrows -> (Timing, Result) {
    let warmUp = try Stopwatch.time(body)
    if warmUp.seconds >= slowRun {
      return (Timing(best: warmUp.seconds, median: warmUp.seconds, samples: 1), warmUp.result)
    }
    var times: [Double] = []
    var last = warmUp.result
    while times.count < repeats {
      let run = try Stopwatch.time(body)
      times.append(run.seconds)
      last = run.result
      if times.reduce(0, +) >= budget { break }
    }
    return (Stopwatch.timing(times), last)
  }

  /// Like ``measure(_:)`` for two closures whose runs alternate (`first`, `second`,
  /// `first`, …), so a disturbance by other processes hits both alike. Use it for an
  /// operation and its reference.
  func measure<First, Second>(
    _ first: () throws -> First, interleavedWith second: () throws -> Second
  ) rethrows -> (first: (Timing, First), second: (Timing, Second)) {
    var lastFirst = try timeSettled(first)
    var lastSecond = try timeSettled(second)
    if lastFirst.seconds >= slowRun || lastSecond.seconds >= slowRun {
      return (
        (Timing(best: lastFirst.seconds, median: lastFirst.seconds, samples: 1), lastFirst.result),
        (Timing(best: lastSecond.seconds, median: lastSecond.seconds, samples: 1), lastSecond.result)
      )
    }
    var firstTimes: [Double] = []
    var secondTimes: [Double] = []
    while firstTimes.count < repeats {
      lastFirst = try timeSettled(first)
      lastSecond = try timeSettled(second)
      firstTimes.append(lastFirst.seconds)
      secondTimes.append(lastSecond.seconds)
      if firstTimes.reduce(0, +) + secondTimes.reduce(0, +) >= 2 * budget { break }
    }
    return (
      (Stopwatch.timing(firstTimes), lastFirst.result), (Stopwatch.timing(secondTimes), lastSecond.result)
    )
  }

  /// Runs `bodies` in rounds, each once per round in order: one warm-up round, then up to
  /// ``repeats`` timed rounds, so that every body meets the same disturbances and the
  /// medians compare like with like. Before each body whose index is in `settleBefore`, the
  /// round sleeps ``settle`` seconds (not timed). A body whose warm-up took ``slowRun`` or
  /// more keeps that run as its only sample. Bodies keep their own results alive.
  func measureRounds(_ bodies: [() throws -> Void], settleBefore: Set<Int> = []) throws -> [Timing] {
    func run(_ index: Int) throws -> Double {
      if settle > 0 && settleBefore.contains(index) { Thread.sleep(forTimeInterval: settle) }
      return try Stopwatch.time(bodies[index]).seconds
    }
    var warmUps: [Double] = []
    for index in bodies.indices { warmUps.append(try run(index)) }
    let repeated = bodies.indices.filter { warmUps[$0] < slowRun }
    var times = [[Double]](repeating: [], count: bodies.count)
    var spent = 0.0
    for _ in 0..<repeats {
      for index in repeated {
        let seconds = try run(index)
        times[index].append(seconds)
        spent += seconds
      }
      if spent >= budget * Double(max(1, repeated.count)) { break }
    }
    return bodies.indices.map { times[$0].isEmpty ? Timing(best: warmUps[$0], median: warmUps[$0], samples: 1) : Stopwatch.timing(times[$0]) }
  }

  /// ``time(_:)`` after sleeping ``settle`` seconds (not timed).
  private func timeSettled<Result>(_ body: () throws -> Result) rethrows -> (seconds: Double, result: Result) {
    if settle > 0 { Thread.sleep(forTimeInterval: settle) }
    return try Stopwatch.time(body)
  }

  /// Best and median of a non-empty list of times.
  private static func timing(_ times: [Double]) -> Timing {
    let sorted = times.sorted()
    let middle = sorted.count / 2
    let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    return Timing(best: sorted[0], median: median, samples: sorted.count)
  }
}

/// Predicts the run time of an `O(n³)` kernel at a larger size from its last measurement,
/// so hopeless naive runs are skipped instead of taking minutes.
struct CubicEstimate {
  private var measured: [String: (size: Int, seconds: Double)] = [:]

  /// Records that `kernel` took `seconds` at `size`.
  mutating func record(_ kernel: String, size: Int, seconds: Double) {
    measured[kernel] = (size, seconds)
  }

  /// The size of `kernel`'s last measurement, if any.
  func lastSize(_ kernel: String) -> Int? { measured[kernel]?.size }

  /// The expected seconds of `kernel` at `size`, scaling the last measurement by the
  /// cube of the size ratio; `nil` before any measurement.
  func seconds(_ kernel: String, size: Int) -> Double? {
    guard let (measuredSize, seconds) = measured[kernel] else { return nil }
    let ratio = Double(size) / Double(measuredSize)
    return seconds * ratio * ratio * ratio
  }
}

/// Wall-clock seconds of a duration.
func seconds(_ duration: Duration) -> Double {
  Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}
