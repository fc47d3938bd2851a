// The code of the DocC article "Beyond one machine" (only compiled, never run: it needs
// mpirun -n 4).
import BlockNumerics
import BlockNumericsDistributed
// snippet.hide
func tour() throws {
// snippet.show

let world = try Communicator.world                      // MPI starts once, finalises at exit
let grid = try ProcessGrid(world, rows: 2, columns: 2)  // 4 processes: mpirun -n 4
// Each process computes only the 128 × 128 blocks it holds; nothing is sent.
let a = try DistributedMatrix<Double>(rows: 8192, columns: 8192, blockRows: 128, blockColumns: 128,
                                      grid: grid) { i, j in Double((i * 31 + j * 17) % 13) / 13 }
let c = try a.multiplied(by: a.transposed)            // p?tran, then p?gemm
let norm = try c.frobeniusNorm                          // p?lange, on every process
let svd = try a.svd()                                   // p?gesvd: values everywhere, U and Vᵀ distributed
let small: Matrix<Double>? = try svd.vt!.gathered(root: 0)   // the whole Vᵀ on process 0
// snippet.hide
print(norm, small?.shape ?? (0, 0))
}
func dataParallelTraining() throws {
let world = try Communicator.world
// snippet.show
let digits = Datasets.digits()
var model = Sequential<Double>([Dense(inputs: 64, outputs: 64, seed: 1), ReLU(),
                                Dense(inputs: 64, outputs: 10, seed: 2)])
// Run by every process: the same data, model, optimizer and seed.
let history = try model.fit(inputs: digits.inputs, labels: digits.labels, loss: .softmaxCrossEntropy,
                            optimizer: Adam<Double>(learningRate: 1e-3), epochs: 5, batchSize: 32,
                            seed: 0, communicator: world)
// snippet.hide
print(history.losses, model.parameters.count)
}
