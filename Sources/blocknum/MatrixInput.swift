import BlockNumerics

/// The matrix named on the command line: a `.npy` file, a Matrix Market `.mtx` file, or the
/// word `digits` for the bundled UCI digits pixels (1797 × 64, values 0…16).
func readDenseMatrix(_ name: String) throws -> Matrix<Double> {
  if name == "digits" { return Datasets.digits().inputs }
  if name.hasSuffix(".mtx") { return try Matrix<Double>(contentsOfMatrixMarketFile: name) }
  return try Matrix<Double>(contentsOfNPYFile: name)
}

/// Help text for a matrix argument read by ``readDenseMatrix(_:)``.
let matrixArgumentHelp = "A .npy (any numeric dtype, 0-d to 2-d, C or Fortran order) or Matrix Market .mtx file, or 'digits' (the bundled 1797×64 digits pixels)."
