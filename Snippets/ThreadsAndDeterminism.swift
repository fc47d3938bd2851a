// The code of the DocC article "Threads and Determinism".
import BlockNumerics

// snippet.hide
let partition = try BlockPartition(rowBlockSizes: [100, 300, 17], columnBlockSizes: [100, 300, 17])
let product = try BlockMatrix(Matrix<Double>.random(rows: 417, columns: 417, seed: 1), partition: partition)
// snippet.show
let one = BLAS.withThreadCount(1) { try? product.multiplied(by: product) }
let two = BLAS.withThreadCount(2) { try? product.multiplied(by: product) }
print(one == two)                    // true: the same bits
