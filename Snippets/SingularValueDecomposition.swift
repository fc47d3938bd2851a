// The code of the DocC article "Singular Value Decomposition".
import BlockNumerics

// snippet.hide
let a = Matrix<Double>.random(rows: 600, columns: 400, seed: 1)
let s = BlockSparseMatrix<Double>.random(rows: 2048, columns: 2048, blockRows: 32, blockColumns: 32, density: 0.01, seed: 3)
// snippet.show
let svd = try SVD(a)                                   // LAPACK dgesvd, thin: u 600×400, s (descending), vt 400×400
let dc = try SVD(a, vectors: .full, driver: .gesdd)    // divide and conquer; .full or .none (values only)
_ = dc.driver                                          // .gesvd if gesdd did not converge and gesvd answered
let a10 = svd.reconstruction(rank: 10)                 // best rank-10 approximation (Eckart–Young)
let top = try svd.truncated(rank: 10)                  // u 600×10, vt 10×400; a rank outside 0...400 throws
let values = try a.singularValues()                    // also: a.rank(tolerance:), a.pseudoinverse(rcond:),
let k = try a.conditionNumber                          //   a.spectralNorm, a.nuclearNorm, a.lowRankApproximation(rank:)
let q = try QR(a).q                                    // Householder QR (geqrf + orgqr), q 600×400

let fast = try SVD.randomized(s, rank: 20, oversampling: 10, powerIterations: 4, seed: 0)
// snippet.hide
print(a10.shape, top.u.shape, values.count, k, q.shape, fast.singularValues.count)
