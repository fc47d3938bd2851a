import BlockNumerics

/// The matrix named on the command line: a `.npy` file, an array of a `.npz` archive
/// (`archive.npz:name`, or `archive.npz` when it holds one array), a Matrix Market `.mtx`
/// file, or the word `digits` for the bundled UCI digits pixels (1797 × 64, values 0…16).
func readDenseMatrix(_ name: String) throws -> Matrix<Double> {
  if name == "digits" { return Datasets.digits().inputs }
  if name.hasSuffix(".mtx") { return try Matrix<Double>(contentsOfMatrixMarketFile: name) }
  if let (archive, array) = try archiveArray(name) { return try archive.matrix(named: array) }
  return try Matrix<Double>(contentsOfNPYFile: name)
}

/// Integer labels named on the command line: a `.npy` file or an array of a `.npz` archive,
/// read exactly (``NumPyFormat/labels(npyData:)``).
func readLabels(_ name: String) throws -> [Int] {
  if let (archive, array) = try archiveArray(name) { return try NumPyFormat.labels(npyData: archive.npyData(named: array)) }
  return try NumPyFormat.labels(contentsOfFile: name)
}

/// For `archive.npz:name` (or `archive.npz` holding exactly one array), the opened archive
/// and the array's name; nil for anything else.
/// - Throws: the archive's errors, and for a bare `archive.npz` holding several arrays an
///   error that lists their names.
func archiveArray(_ argument: String) throws -> (NumPyArchive, String)? {
  let path: String
  var array: String?
  if let colon = argument.range(of: ".npz:", options: .backwards) {
    path = String(argument[..<colon.lowerBound]) + ".npz"
    array = String(argument[colon.upperBound...])
  } else if argument.hasSuffix(".npz") {
    path = argument
  } else {
    return nil
  }
  let archive = try NumPyArchive(contentsOfFile: path)
  if let array { return (archive, array) }
  guard archive.names.count == 1 else {
    throw BlockNumericsError.invalidArgument(
      operation: "blocknum", message: "\(path) holds \(archive.names.count) arrays \(archive.names); name one as \(path):NAME")
  }
  return (archive, archive.names[0])
}

/// Help text for a matrix argument read by ``readDenseMatrix(_:)``.
let matrixArgumentHelp = "A .npy (any numeric dtype, 0-d to 2-d, C or Fortran order), an array of a .npz archive (archive.npz:name), a Matrix Market .mtx file, or 'digits' (the bundled 1797×64 digits pixels)."
