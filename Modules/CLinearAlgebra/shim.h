// The whole C boundary of BlockNumerics: CBLAS and LAPACKE as Debian ships them
// (libopenblas-dev, liblapacke-dev). Only Sources/BlockNumerics/BLAS imports it.
#ifndef BLOCKNUMERICS_CLINEARALGEBRA_SHIM_H
#define BLOCKNUMERICS_CLINEARALGEBRA_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
