// The code of the DocC article "Block Matrices".
import BlockNumerics

// snippet.hide
let a = Matrix<Double>.random(rows: 600, columns: 400, seed: 1)
let b = Matrix<Double>.random(rows: 400, columns: 300, seed: 2)
let m = try Matrix<Double>([[1, 2], [3, 4]])
let lefts = (0..<100).map { Matrix<Double>.random(rows: 16, columns: 16, seed: UInt64($0)) }
let rights = (0..<100).map { Matrix<Double>.random(rows: 16, columns: 16, seed: UInt64(1000 + $0)) }
var outputs = [Matrix<Double>](repeating: Matrix(rows: 16, columns: 16), count: 100)
// snippet.show
let pa = try BlockPartition(rowBlockSizes: [200, 400], columnBlockSizes: [150, 250])
let pb = try BlockPartition(rowBlockSizes: [150, 250], columnBlockSizes: [100, 100, 100])
let c = try BlockMatrix(a, partition: pa).multiplied(by: BlockMatrix(b, partition: pb))
let c12 = c[blockRow: 1, blockColumn: 2]       // 400 × 100
let fromBlocks = try BlockMatrix<Double>(blocks: [[m, m], [m, m]])   // as NumPy's np.block

let diagonal = try BlockMatrix.blockDiagonal([m, m, m])    // off-diagonal blocks absent, never multiplied
let many = try Matrix.batchedProduct(lefts, rights)        // many small independent products in parallel
try Matrix.batchedProduct(lefts, rights, into: &outputs)   // the same into existing matrices: no allocation
// snippet.hide
print(c12.shape, fromBlocks.shapeDescription, diagonal.storedBlockCount, many.count)
