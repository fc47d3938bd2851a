// Small matrix products at the CPU's vector width: what BLAS pays more for in call overhead
// and packing than in arithmetic (batched products, blocks of a block-sparse matrix).
#ifndef BLOCKNUMERICS_SMALL_PRODUCT_H
#define BLOCKNUMERICS_SMALL_PRODUCT_H

#include <stdbool.h>

/// C ← alpha·A·op(B) + beta·C, with C `m × n` (row-major, leading dimension `ldc`), A `m × k`
/// read as A(i, p) = a[i·a_row_stride + p·a_column_stride] (so a transposed A costs nothing),
/// and op(B) `k × n`: B(p, j) = b[p·ldb + j], or b[j·ldb + p] when `transpose_b` (copied
/// into its transpose first). With beta = 0, C is not read; with alpha = 0 or k = 0, A and
/// B are not.
///
/// Each entry of C is Σ_p A(i, p)·B(p, j) summed in ascending p, each step a fused
/// multiply-add on the AVX paths and a multiply then an add on the portable one, then
/// C ← Σ (alpha 1, beta 0), C ← C + Σ (alpha 1, beta 1) or C ← beta·C + alpha·Σ: the same
/// operations whatever the shape and wherever the entry lies in it, so the result of an
/// entry does not depend on how a caller splits C.
void blocknumerics_small_product_f64(long m, long n, long k, double alpha, const double *a, long a_row_stride,
                                     long a_column_stride, const double *b, long ldb, bool transpose_b, double beta,
                                     double *c, long ldc);
/// The same in single precision.
void blocknumerics_small_product_f32(long m, long n, long k, float alpha, const float *a, long a_row_stride,
                                     long a_column_stride, const float *b, long ldb, bool transpose_b, float beta,
                                     float *c, long ldc);

/// One block row of a block-sparse product: C ← alpha·Σ_t A_t·X_t + beta·C, C `m × n`.
///
/// Term t multiplies the stored block number `positions[t]` (t when `positions` is NULL),
/// which starts at blocks + positions[t]·block_stride and is read as the `m × inner` matrix
/// A_t(i, q) = block[i·a_row_stride + q·a_column_stride], by the `inner × n` rows of X that
/// start at row inputs[t]·inner: X_t(q, j) = x[(inputs[t]·inner + q)·ldx + j]. Each entry
/// sums over the terms in order and within a term over q ascending, with the operations of
/// blocknumerics_small_product_f64, then is stored as there: one accumulation in registers
/// for the whole block row instead of one product and one pass over C per block.
void blocknumerics_block_row_product_f64(long m, long n, long inner, long terms, const double *blocks,
                                         long block_stride, const long *positions, long a_row_stride,
                                         long a_column_stride, const double *x, long ldx, const long *inputs,
                                         double alpha, double beta, double *c, long ldc);
/// The same in single precision.
void blocknumerics_block_row_product_f32(long m, long n, long inner, long terms, const float *blocks,
                                         long block_stride, const long *positions, long a_row_stride,
                                         long a_column_stride, const float *x, long ldx, const long *inputs,
                                         float alpha, float beta, float *c, long ldc);

/// C_i ← A_i·B_i for `count` pairs of contiguous row-major operands of one shape (A_i
/// `m × k`, B_i `k × n`, C_i `m × n`, at a[i], b[i], c[i]), in order, each as
/// blocknumerics_small_product_f64 computes it (alpha 1, beta 0: C_i is not read): the loop
/// over pairs of a batched product, with no per-pair call from Swift.
void blocknumerics_batched_small_product_f64(long count, long m, long n, long k, const double *const *a,
                                             const double *const *b, double *const *c);
/// The same in single precision.
void blocknumerics_batched_small_product_f32(long count, long m, long n, long k, const float *const *a,
                                             const float *const *b, float *const *c);

/// Asks the CPU to bring the cache lines holding `bytes` bytes from `address` into its
/// caches (a hint: the memory need not be valid, nothing is read).
void blocknumerics_prefetch(const void *address, long bytes);

#endif
