@testable import BlockNumerics

/// A non-negative rank-`rank` product plus a little uniform noise (NMF's test data).
func lowRank<Scalar: BLASScalar>(_: Scalar.Type, rows: Int, columns: Int, rank: Int, noise: Scalar, seed: UInt64) -> Matrix<Scalar> {
  Matrix<Scalar>.random(rows: rows, columns: rank, seed: seed) * Matrix<Scalar>.random(rows: rank, columns: columns, seed: seed + 1)
    + Matrix<Scalar>.random(rows: rows, columns: columns, seed: seed + 2) * noise
}
