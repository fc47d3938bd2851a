// The code of the DocC article "Getting Started" (it is only compiled, never run: the
// files it reads are examples).
import BlockNumerics

let a = Matrix<Double>.random(rows: 600, columns: 400, seed: 1)   // uniform in [0, 1)
let b = Matrix<Double>.random(rows: 400, columns: 300, seed: 2)
let c = a * b                                                      // cblas_dgemm
var out = Matrix<Double>(rows: 600, columns: 300)
try Matrix.multiply(a, b, alpha: 2, beta: 0, into: &out)          // C = α·A·B + β·C, in place
let m = try Matrix<Double>([[1, 2], [3, 4]])
print(m.transposed, m.frobeniusNorm, try m.elementwiseProduct(m), m[1, 0])

func readFiles() throws {
  let x = try Matrix<Double>(contentsOfNPYFile: "x.npy")          // numpy.save output: any numeric dtype, C or Fortran order
  let labels = try NumPyFormat.labels(contentsOfFile: "labels.npy")   // integer labels, exactly, as [Int]
  try x.writeNPY(to: "y.npy")                                      // numpy.load reads it back
  let s = try NumPyFormat.vector(contentsOfFile: "s.npy", as: Double.self)   // 1-d arrays
  let mtx = try Matrix<Double>(contentsOfMatrixMarketFile: "a.mtx")          // array or coordinate
  let entries = try MatrixMarket.coordinates(contentsOfFile: "a.mtx", as: Double.self)
  let table = try Matrix<Double>(contentsOfCSVFile: "t.csv", hasHeader: true)
  print(c.shape, s.count, labels.count, mtx.shape, entries.rows, table.shape)
}

func readArchives() throws {
  let archive = try NumPyArchive(contentsOfFile: "model.npz")
  print(archive.names)                                                // as np.load(...).files
  let w = try archive.matrix(named: "w", as: Double.self)
  let all = try archive.matrices(as: Float.self)                      // every array, by name
  try NumPyArchive.write([(name: "w", npyData: w.npyData())], to: "w.npz", compressed: true)
  print(all.count)
}
