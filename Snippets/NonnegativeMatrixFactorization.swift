// The code of the DocC article "Non-negative Matrix Factorization".
import BlockNumerics

// snippet.hide
let digits = Datasets.digits()
let pixels = digits.inputs
let s = BlockSparseMatrix<Double>.random(rows: 256, columns: 192, blockRows: 16, blockColumns: 16, density: 0.3, seed: 3)
let x = Matrix<Double>.random(rows: 200, columns: 20, seed: 5) * Matrix<Double>.random(rows: 20, columns: 100, seed: 6)
// snippet.show
let nmf = NMF<Double>(components: 16, solver: .hals, initialization: .nndsvda,  // or .multiplicativeUpdate,
                      maxIterations: 500, tolerance: 1e-4)                       //   loss: .kullbackLeibler
let fit = try nmf.fit(pixels, progress: { iteration, error in print(iteration, error) })
print(fit.w.shape, fit.h.shape, fit.relativeError, fit.iterations, fit.converged, fit.errorHistory)
let sparseFit = try nmf.fit(s)                        // BlockSparseMatrix: products through the BSR kernels
let h = try nmf.transform(pixels, w: fit.w)           // H for a fixed W
let sparseParts = NMF<Double>(components: 16, alphaW: 0.1, alphaH: 0.1, l1Ratio: 1)  // scikit-learn's alpha_W/alpha_H/l1_ratio

let quick = NMF<Double>(components: 20, maxIterations: 500, tolerance: 0,
                        compression: .randomized(oversampling: 20, powerIterations: 4, seed: 0))
let sketched = try quick.fit(x)     // sketched.relativeError is measured on x itself
// snippet.hide
print(sparseFit.relativeError, h.shape, sparseParts.components, sketched.relativeError)
