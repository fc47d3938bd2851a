// The code of the DocC article "The BLAS Underneath".
import BlockNumerics

let blas = BLAS.configuration
print(blas.version, blas.core, blas.threadCount)   // OpenBLAS 0.3.21 SkylakeX 2
print(blas)                                          // all of it, as `blocknum info` prints it
