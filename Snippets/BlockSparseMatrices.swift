// The code of the DocC article "Block-Sparse Matrices".
import BlockNumerics

let s = BlockSparseMatrix<Double>.random(rows: 2048, columns: 2048, blockRows: 32,
                                         blockColumns: 32, density: 0.1, seed: 3)
let x = Matrix<Double>.random(rows: 2048, columns: 256, seed: 4)
let y = s * x                                          // sparse × dense
let yt = try s.multiplied(by: x, transposed: true)     // sᵀ·x without forming sᵀ
let v = s * [Double](repeating: 1, count: 2048)        // sparse × vector
let g = try BlockSparseMatrix.sampledProduct(x, y, pattern: s, transposeA: false,
                                             transposeB: true)   // SDDMM on s's pattern

let s2 = try BlockSparseMatrix(s.dense(), blockRows: 32, blockColumns: 32, dropTolerance: 1e-12)
// snippet.hide
print(yt.shape, v.count, g.storedBlockCount, s2 == s)
