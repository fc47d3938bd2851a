// The README's quick example.
import BlockNumerics

// Dense matrices: row-major, copy-on-write; a product is one BLAS call.
let a = Matrix<Double>.random(rows: 600, columns: 400, seed: 1)   // uniform in [0, 1), same on every machine
let b = Matrix<Double>.random(rows: 400, columns: 300, seed: 2)
let c = a * b

// Block-partitioned: C_IJ = Σ_K A_IK·B_KJ, one BLAS call per block (or merged tile), in parallel.
let pa = try BlockPartition(rowBlockSizes: [200, 400], columnBlockSizes: [150, 250])
let pb = try BlockPartition(rowBlockSizes: [150, 250], columnBlockSizes: [100, 100, 100])
let blocks = try BlockMatrix(a, partition: pa).multiplied(by: BlockMatrix(b, partition: pb))
print(blocks.assembled().isApproximatelyEqual(to: c, tolerance: 1e-12))   // true

// Block-sparse (BSR): only the stored blocks are kept and multiplied.
let s = BlockSparseMatrix<Double>.random(rows: 1024, columns: 1024, blockRows: 32, blockColumns: 32,
                                         density: 0.1, seed: 3)
let y = s * Matrix<Double>.random(rows: 1024, columns: 64, seed: 4)

// SVD through LAPACK; non-negative matrix factorization as scikit-learn's.
let svd = try SVD(a)
let x = Matrix<Double>.random(rows: 300, columns: 20, seed: 5) * Matrix<Double>.random(rows: 20, columns: 200, seed: 6)
let fit = try NMF<Double>(components: 20, solver: .hals, initialization: .nndsvda).fit(x)
print(y.shape, svd.singularValues[0], fit.relativeError)

// A 64-64-10 MLP trained on the bundled digits with Adam.
var digits = Datasets.digits()
digits.inputs /= 16
var model = Sequential<Double>([Dense(inputs: 64, outputs: 64, seed: 1), ReLU(), Dense(inputs: 64, outputs: 10, seed: 2)])
_ = try model.fit(inputs: digits.inputs, labels: digits.labels, loss: .softmaxCrossEntropy,
                  optimizer: Adam<Double>(learningRate: 1e-3), epochs: 10, batchSize: 32, seed: 0)
print(model.accuracy(inputs: digits.inputs, labels: digits.labels))
