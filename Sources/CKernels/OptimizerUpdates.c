#include "OptimizerUpdates.h"
#include "Dispatch.h"

#if BN_X86
#include <immintrin.h>
#endif

#pragma clang fp contract(off)

#define BN_BODY "OptimizerUpdatesBody.h"
#include "Instantiate.h"

#define BN_ALL(T, type)                                                                                         \
  void blocknumerics_adam_##type(long count, T *u, T *m, T *v, T *maximum, T beta1, T beta2, T epsilon,       \
                                 T correction1, T root2) {                                                    \
    BN_DISPATCH(adam, type, (count, u, m, v, maximum, beta1, beta2, epsilon, correction1, root2))             \
  }                                                                                                            \
  void blocknumerics_momentum_##type(long count, T *u, T *b, T momentum, T keep, bool first, bool nesterov) { \
    BN_DISPATCH(momentum, type, (count, u, b, momentum, keep, first, nesterov))                              \
  }                                                                                                            \
  void blocknumerics_rms_##type(long count, T *u, T *v, T *mean, T alpha, T epsilon) {                        \
    BN_DISPATCH(rms, type, (count, u, v, mean, alpha, epsilon))                                               \
  }                                                                                                            \
  void blocknumerics_sum_of_squares_##type(long count, T *u, T *s, T epsilon) {                               \
    BN_DISPATCH(sum_of_squares, type, (count, u, s, epsilon))                                                 \
  }                                                                                                            \
  void blocknumerics_add_scaled_##type(long count, const T *x, T factor, T *y) {                              \
    BN_DISPATCH(add_scaled, type, (count, x, factor, y))                                                      \
  }                                                                                                            \
  void blocknumerics_scale_##type(long count, T *x, T factor) { BN_DISPATCH(scale, type, (count, x, factor)) } \
  void blocknumerics_clamp_##type(long count, T *x, T limit) { BN_DISPATCH(clamp, type, (count, x, limit)) }

BN_ALL(double, f64)
BN_ALL(float, f32)
