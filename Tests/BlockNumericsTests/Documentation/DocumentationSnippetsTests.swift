import Foundation
import Testing

/// The documents' code is code the build compiles: every ```swift block of README.md and of
/// the DocC articles (both products' catalogs) appears, line for line, in a file under
/// `Snippets/`, which SwiftPM builds as one program per file (`scripts/test` builds them with the suite), outside the file's
/// `// snippet.hide` parts.
@Suite struct DocumentationSnippetsTests {
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The lines of each ```swift block, trimmed, blank lines left out.
  static func swiftBlocks(in markdown: String) -> [[String]] {
    var blocks: [[String]] = []
    var current: [String]? = nil
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if current == nil {
        if trimmed == "```swift" { current = [] }
      } else if trimmed == "```" {
        blocks.append(current!)
        current = nil
      } else if !trimmed.isEmpty {
        current!.append(trimmed)
      }
    }
    return blocks
  }

  /// A snippet file's lines outside `// snippet.hide` … `// snippet.show`, trimmed, blank lines
  /// and the markers left out.
  static func visibleLines(of source: String) -> [String] {
    var visible: [String] = []
    var hidden = false
    for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed == "// snippet.hide" { hidden = true; continue }
      if trimmed == "// snippet.show" { hidden = false; continue }
      if !hidden && !trimmed.isEmpty { visible.append(trimmed) }
    }
    return visible
  }

  static func contains(_ lines: [String], run: [String]) -> Bool {
    guard !run.isEmpty, run.count <= lines.count else { return run.isEmpty }
    return (0...(lines.count - run.count)).contains { start in Array(lines[start..<start + run.count]) == run }
  }

  @Test func everySwiftSnippetOfTheDocumentsIsCompiled() throws {
    let snippetFolder = Self.root.appendingPathComponent("Snippets")
    let snippets = try FileManager.default.contentsOfDirectory(atPath: snippetFolder.path).filter { $0.hasSuffix(".swift") }
      .map { Self.visibleLines(of: try String(contentsOf: snippetFolder.appendingPathComponent($0), encoding: .utf8)) }
    let catalogs = ["Sources/BlockNumerics/BlockNumerics.docc",
                    "Sources/BlockNumericsDistributed/BlockNumericsDistributed.docc"]
      .map { Self.root.appendingPathComponent($0) }
    let documents = try [Self.root.appendingPathComponent("README.md")] + catalogs.flatMap { catalog in
      try FileManager.default.contentsOfDirectory(atPath: catalog.path).filter { $0.hasSuffix(".md") }.sorted()
        .map { catalog.appendingPathComponent($0) }
    }
    var checked = 0
    for document in documents {
      let blocks = Self.swiftBlocks(in: try String(contentsOf: document, encoding: .utf8))
      for (index, block) in blocks.enumerated() {
        checked += 1
        #expect(
          snippets.contains { Self.contains($0, run: block) },
          "\(document.lastPathComponent), Swift block \(index + 1) (\(block.first ?? "")…) is in no file of Snippets/, so nothing compiles it")
      }
    }
    #expect(checked >= 10, "only \(checked) Swift blocks found: the documents or the parser moved")
  }

  /// README.md stays a front door: short, naming the two commands; measurements live in
  /// docs/BENCHMARKS.md.
  @Test func readmeIsAFrontDoor() throws {
    let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count
    #expect(lines <= 250, "README.md has \(lines) lines; keep it at 250 or fewer and move details to docs/ or the DocC articles")
    #expect(readme.contains("scripts/demo") && readme.contains("scripts/test"))
    #expect(readme.contains("docs/BENCHMARKS.md"))
    #expect(Self.swiftBlocks(in: readme).count >= 1)
  }
}
