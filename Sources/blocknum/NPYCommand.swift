import ArgumentParser
import BlockNumerics

/// `blocknum npy FILE [--lossy] [--labels] [--json] [--out PATH]`: reads a `.npy` file as
/// BlockNumerics does (any numeric dtype, either byte order, C or Fortran order) and shows
/// what it holds, or writes it back as a float64 C-order copy. `scripts/check-numpy-files.py`
/// runs it on the `.npy` files NumPy, SciPy and joblib ship and compares with `numpy.load`.
struct NPYCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "npy", abstract: "Read a .npy file as Matrix<Double> (or as labels) and show it or copy it as float64.",
    discussion: """
      A 1-d array of length n reads as a 1 × n matrix, a 0-d array as 1 × 1. Integers that \
      Double cannot hold exactly are an error unless --lossy. A file that cannot be read \
      exits with status 1 and the reason (object array, structured dtype, complex, …).
      """)

  @Argument(help: "The .npy file.")
  var file: String

  @Flag(help: "Round integers beyond 2^53 in magnitude to the nearest Double instead of failing.")
  var lossy = false

  @Flag(help: "Read the file as integer labels (NumPyFormat.labels) instead of a matrix.")
  var labels = false

  @Flag(help: "Print rows, columns and the row-major values (or the labels) as JSON.")
  var json = false

  @Option(help: "Write the matrix to this path as a float64 C-order .npy.")
  var out: String?

  func validate() throws {
    if labels && (out != nil || lossy) { throw ValidationError("--labels reads exactly and writes nothing: drop --out and --lossy") }
  }

  func run() throws {
    if labels {
      let values = try NumPyFormat.labels(contentsOfFile: file)
      if json {
        try emitJSON(JSONObject(["count": values.count, "labels": values]))
      } else {
        print("\(file): \(values.count) labels")
        print(values.prefix(20).map(String.init).joined(separator: " ") + (values.count > 20 ? " …" : ""))
      }
      return
    }
    let matrix = try Matrix<Double>(contentsOfNPYFile: file, lossy: lossy)
    if let out { try matrix.writeNPY(to: out) }
    if json {
      try emitJSON(JSONObject(["rows": matrix.rows, "columns": matrix.columns, "values": matrix.elements]))
    } else if out == nil {
      print("\(file): \(matrix.rows) × \(matrix.columns) Double")
      print(matrix)
    }
  }
}
