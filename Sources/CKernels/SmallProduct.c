#include "SmallProduct.h"
#include "Transpose.h"
#include "Dispatch.h"

#include <stdlib.h>

#if BN_X86
#include <immintrin.h>
#endif

#pragma clang fp contract(off)

#define BN_BODY "SmallProductBody.h"
#include "Instantiate.h"

#define BN_BLOCK_ROW_ARGUMENTS \
  (m, n, inner, terms, blocks, block_stride, positions, a_row_stride, a_column_stride, x, ldx, inputs, alpha, beta, c, ldc)

void blocknumerics_block_row_product_f64(long m, long n, long inner, long terms, const double *blocks,
                                         long block_stride, const long *positions, long a_row_stride,
                                         long a_column_stride, const double *x, long ldx, const long *inputs,
                                         double alpha, double beta, double *c, long ldc) {
  BN_DISPATCH(block_row_product, f64, BN_BLOCK_ROW_ARGUMENTS)
}

void blocknumerics_block_row_product_f32(long m, long n, long inner, long terms, const float *blocks,
                                         long block_stride, const long *positions, long a_row_stride,
                                         long a_column_stride, const float *x, long ldx, const long *inputs,
                                         float alpha, float beta, float *c, long ldc) {
  BN_DISPATCH(block_row_product, f32, BN_BLOCK_ROW_ARGUMENTS)
}

// A transposed B is copied into its transpose, on the stack up to this many bytes.
enum { bn_stack_copy_bytes = 16384 };

#define BN_SMALL_PRODUCT(T, TYPE, TRANSPOSE)                                                                   \
  if (!transpose_b || m <= 0 || n <= 0 || k <= 0 || alpha == 0) {                                            \
    blocknumerics_block_row_product_##TYPE(m, n, k, 1, a, 0, NULL, a_row_stride, a_column_stride, b, ldb, NULL, \
                                           alpha, beta, c, ldc);                                             \
    return;                                                                                                  \
  }                                                                                                          \
  size_t bytes = sizeof(T) * (size_t)k * (size_t)n;                                                          \
  T stack[bn_stack_copy_bytes / sizeof(T)];                                                                  \
  T *copy = bytes <= sizeof stack ? stack : (T *)malloc(bytes);                                              \
  TRANSPOSE(n, k, b, ldb, copy, n);                                                                          \
  blocknumerics_block_row_product_##TYPE(m, n, k, 1, a, 0, NULL, a_row_stride, a_column_stride, copy, n, NULL, \
                                         alpha, beta, c, ldc);                                               \
  if (copy != stack) free(copy);

void blocknumerics_small_product_f64(long m, long n, long k, double alpha, const double *a, long a_row_stride,
                                     long a_column_stride, const double *b, long ldb, bool transpose_b, double beta,
                                     double *c, long ldc) {
  BN_SMALL_PRODUCT(double, f64, blocknumerics_transpose_f64)
}

void blocknumerics_small_product_f32(long m, long n, long k, float alpha, const float *a, long a_row_stride,
                                     long a_column_stride, const float *b, long ldb, bool transpose_b, float beta,
                                     float *c, long ldc) {
  BN_SMALL_PRODUCT(float, f32, blocknumerics_transpose_f32)
}

void blocknumerics_prefetch(const void *address, long bytes) {
  // Every cache line that holds a byte of [address, address + bytes).
  const char *end = (const char *)address + bytes;
  for (const char *line = (const char *)((unsigned long)address & ~63UL); line < end; line += 64) {
    __builtin_prefetch(line, 0, 3);
  }
}

// No software prefetching here: each operand is one contiguous array, which the hardware's
// prefetchers follow once the kernel starts reading it, and prefetching whole operands a
// pair or two ahead (tried: 96 prefetches a 16 × 16 pair) measured slower on Zen 3 than none.
#define BN_BATCHED_SMALL_PRODUCT(TYPE)                                                                  \
  for (long i = 0; i < count; i++) {                                                                    \
    blocknumerics_block_row_product_##TYPE(m, n, k, 1, a[i], 0, NULL, k, 1, b[i], n, NULL, 1, 0, c[i], n); \
  }

void blocknumerics_batched_small_product_f64(long count, long m, long n, long k, const double *const *a,
                                             const double *const *b, double *const *c) {
  BN_BATCHED_SMALL_PRODUCT(f64)
}

void blocknumerics_batched_small_product_f32(long count, long m, long n, long k, const float *const *a,
                                             const float *const *b, float *const *c) {
  BN_BATCHED_SMALL_PRODUCT(f32)
}
