// The inner loop of implicit ALS (Hu, Koren & Volinsky 2008) with the conjugate-gradient
// solve of Takács, Pilászy & Tikk (2011): Swift reaches only SSE2 on baseline x86-64, while
// this loop is dot products and updates of length k that AVX2 with FMA runs about twice as
// fast. Reached only from Sources/BlockNumerics/Learning (MatrixFactorization+ImplicitALS).
#ifndef BLOCKNUMERICS_IMPLICIT_ALS_H
#define BLOCKNUMERICS_IMPLICIT_ALS_H

#include <stdbool.h>

/// For each row in [begin, end): `steps` conjugate-gradient steps on
/// (G + Yᵀ(C − I)Y)·x = YᵀC·p from the current x (row `row` of `x`, k entries), where
/// G = YᵀY + λI is `gram` (k × k, row-major, every entry), Y is `fixed` (k entries per row),
/// the row's entries are starts[row]..<starts[row + 1] of `indices` (rows of Y) and `values`
/// (r ≥ 0: confidence 1 + alpha·r, preference r > 0). `workspace` holds 3k values. `avx2`:
/// use the AVX2/FMA code (only when the CPU has both). Stops a row early when the squared
/// residual falls below 1e-20 or the curvature is not positive.
void blocknumerics_implicit_cg_f32(const float *gram, const float *fixed, float *x, long k, const long *starts,
                                   const long *indices, const float *values, float alpha, long steps, long begin,
                                   long end, float *workspace, bool avx2);
/// The same in double precision.
void blocknumerics_implicit_cg_f64(const double *gram, const double *fixed, double *x, long k, const long *starts,
                                   const long *indices, const double *values, double alpha, long steps, long begin,
                                   long end, double *workspace, bool avx2);

#endif
