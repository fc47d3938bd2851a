import Foundation

/// A one-line progress bar on standard error, redrawn in place (`\r`), so standard output
/// stays clean for results and JSON. Drawn only when standard error is a terminal (a log
/// file would collect every redraw).
struct ProgressBar {
  var total: Int
  var width = 30
  private var lastDrawn = Date.distantPast
  private let visible = isatty(STDERR_FILENO) != 0

  init(total: Int) { self.total = total }

  /// Redraws the bar at `step` of `total` with a status text; at most ten times a second
  /// unless `force`.
  mutating func update(_ step: Int, _ status: String, force: Bool = false) {
    guard visible else { return }
    let now = Date()
    guard force || now.timeIntervalSince(lastDrawn) >= 0.1 || step >= total else { return }
    lastDrawn = now
    let filled = total == 0 ? width : min(width, width * step / total)
    let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
    FileHandle.standardError.write(Data("\r[\(bar)] \(step)/\(total)  \(status)   ".utf8))
  }

  /// Ends the line.
  func finish() {
    if visible { FileHandle.standardError.write(Data("\n".utf8)) }
  }
}
