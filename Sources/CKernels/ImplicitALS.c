#include "ImplicitALS.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#define BN_AVX2 __attribute__((target("avx2,fma")))
#endif

// Portable kernels for one element type: four partial sums, so the order of additions is fixed.
#define BN_PORTABLE_KERNELS(T, SUFFIX)                                     \
  static inline T dot_##SUFFIX(const T *a, const T *b, long n) {           \
    T s0 = 0, s1 = 0, s2 = 0, s3 = 0;                                      \
    long i = 0;                                                            \
    for (; i + 4 <= n; i += 4) {                                           \
      s0 += a[i] * b[i];                                                   \
      s1 += a[i + 1] * b[i + 1];                                           \
      s2 += a[i + 2] * b[i + 2];                                           \
      s3 += a[i + 3] * b[i + 3];                                           \
    }                                                                      \
    for (; i < n; i++) s0 += a[i] * b[i];                                  \
    return (s0 + s1) + (s2 + s3);                                          \
  }                                                                        \
  static inline void axpy_##SUFFIX(T alpha, const T *x, T *y, long n) {    \
    for (long i = 0; i < n; i++) y[i] += alpha * x[i];                     \
  }
BN_PORTABLE_KERNELS(float, f32)
BN_PORTABLE_KERNELS(double, f64)

#if defined(__x86_64__)
BN_AVX2 static inline float dot_f32_avx2(const float *a, const float *b, long n) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  long i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
  }
  for (; i + 8 <= n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
  s0 = _mm256_add_ps(s0, s1);
  __m128 low = _mm_add_ps(_mm256_castps256_ps128(s0), _mm256_extractf128_ps(s0, 1));
  low = _mm_add_ps(low, _mm_movehl_ps(low, low));
  low = _mm_add_ss(low, _mm_shuffle_ps(low, low, 1));
  float sum = _mm_cvtss_f32(low);
  for (; i < n; i++) sum += a[i] * b[i];
  return sum;
}
BN_AVX2 static inline void axpy_f32_avx2(float alpha, const float *x, float *y, long n) {
  __m256 scale = _mm256_set1_ps(alpha);
  long i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_fmadd_ps(scale, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
  for (; i < n; i++) y[i] += alpha * x[i];
}
BN_AVX2 static inline double dot_f64_avx2(const double *a, const double *b, long n) {
  __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
  long i = 0;
  for (; i + 8 <= n; i += 8) {
    s0 = _mm256_fmadd_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i), s0);
    s1 = _mm256_fmadd_pd(_mm256_loadu_pd(a + i + 4), _mm256_loadu_pd(b + i + 4), s1);
  }
  for (; i + 4 <= n; i += 4) s0 = _mm256_fmadd_pd(_mm256_loadu_pd(a + i), _mm256_loadu_pd(b + i), s0);
  s0 = _mm256_add_pd(s0, s1);
  __m128d low = _mm_add_pd(_mm256_castpd256_pd128(s0), _mm256_extractf128_pd(s0, 1));
  double sum = _mm_cvtsd_f64(_mm_add_sd(low, _mm_unpackhi_pd(low, low)));
  for (; i < n; i++) sum += a[i] * b[i];
  return sum;
}
BN_AVX2 static inline void axpy_f64_avx2(double alpha, const double *x, double *y, long n) {
  __m256d scale = _mm256_set1_pd(alpha);
  long i = 0;
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, _mm256_fmadd_pd(scale, _mm256_loadu_pd(x + i), _mm256_loadu_pd(y + i)));
  for (; i < n; i++) y[i] += alpha * x[i];
}
#endif

// One body for both precisions and both instruction sets; DOT and AXPY pick the kernels.
#define BN_IMPLICIT_CG(T, DOT, AXPY)                                                  \
  for (long row = begin; row < end; row++) {                                         \
    T *xr = x + row * k;                                                             \
    T *r = workspace, *p = workspace + k, *ap = workspace + 2 * k;                   \
    /* r = YᵀC·p − (G + Yᵀ(C − I)Y)·x */                                             \
    memset(r, 0, sizeof(T) * (size_t)k);                                             \
    for (long c = 0; c < k; c++) AXPY(-xr[c], gram + c * k, r, k);                   \
    for (long e = starts[row]; e < starts[row + 1]; e++) {                           \
      const T *yi = fixed + indices[e] * k;                                          \
      T excess = alpha * values[e];                                                  \
      T preference = values[e] > 0 ? (T)1 : (T)0;                                    \
      AXPY((1 + excess) * preference - excess * DOT(yi, xr, k), yi, r, k);           \
    }                                                                                \
    T rsOld = DOT(r, r, k);                                                          \
    if (rsOld < (T)1e-20) continue;                                                  \
    memcpy(p, r, sizeof(T) * (size_t)k);                                             \
    for (long step = 0; step < steps; step++) {                                      \
      memset(ap, 0, sizeof(T) * (size_t)k);                                          \
      for (long c = 0; c < k; c++) AXPY(p[c], gram + c * k, ap, k);                  \
      for (long e = starts[row]; e < starts[row + 1]; e++) {                         \
        const T *yi = fixed + indices[e] * k;                                        \
        AXPY(alpha * values[e] * DOT(yi, p, k), yi, ap, k);                          \
      }                                                                              \
      T curvature = DOT(p, ap, k);                                                   \
      if (!(curvature > 0)) break;                                                   \
      T length = rsOld / curvature;                                                  \
      AXPY(length, p, xr, k);                                                        \
      AXPY(-length, ap, r, k);                                                       \
      T rsNew = DOT(r, r, k);                                                        \
      if (rsNew < (T)1e-20) break;                                                   \
      T beta = rsNew / rsOld;                                                        \
      for (long f = 0; f < k; f++) p[f] = r[f] + beta * p[f];                        \
      rsOld = rsNew;                                                                 \
    }                                                                                \
  }

#define BN_ARGUMENTS(T)                                                                            \
  const T *gram, const T *fixed, T *x, long k, const long *starts, const long *indices, const T *values, \
      T alpha, long steps, long begin, long end, T *workspace

static void cg_f32(BN_ARGUMENTS(float)) { BN_IMPLICIT_CG(float, dot_f32, axpy_f32) }
static void cg_f64(BN_ARGUMENTS(double)) { BN_IMPLICIT_CG(double, dot_f64, axpy_f64) }
#if defined(__x86_64__)
BN_AVX2 static void cg_f32_avx2(BN_ARGUMENTS(float)) { BN_IMPLICIT_CG(float, dot_f32_avx2, axpy_f32_avx2) }
BN_AVX2 static void cg_f64_avx2(BN_ARGUMENTS(double)) { BN_IMPLICIT_CG(double, dot_f64_avx2, axpy_f64_avx2) }
#endif

void blocknumerics_implicit_cg_f32(BN_ARGUMENTS(float), bool avx2) {
#if defined(__x86_64__)
  if (avx2) {
    cg_f32_avx2(gram, fixed, x, k, starts, indices, values, alpha, steps, begin, end, workspace);
    return;
  }
#endif
  (void)avx2;
  cg_f32(gram, fixed, x, k, starts, indices, values, alpha, steps, begin, end, workspace);
}

void blocknumerics_implicit_cg_f64(BN_ARGUMENTS(double), bool avx2) {
#if defined(__x86_64__)
  if (avx2) {
    cg_f64_avx2(gram, fixed, x, k, starts, indices, values, alpha, steps, begin, end, workspace);
    return;
  }
#endif
  (void)avx2;
  cg_f64(gram, fixed, x, k, starts, indices, values, alpha, steps, begin, end, workspace);
}
