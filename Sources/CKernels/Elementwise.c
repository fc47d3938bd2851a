#include "Elementwise.h"
#include "Dispatch.h"

#include <math.h>

#if BN_X86
#include <immintrin.h>
#endif

#pragma clang fp contract(off)

#define BN_BODY "ElementwiseBody.h"
#include "Instantiate.h"

#define BN_UNARY(name, T, type)                                                   \
  void blocknumerics_##name##_##type(long count, const T *x, T *y) {              \
    BN_DISPATCH(name, type, (count, x, y))                                        \
  }
#define BN_GRADIENT(name, T, type)                                                \
  void blocknumerics_##name##_##type(long count, const T *dy, const T *y, T *dx) { \
    BN_DISPATCH(name, type, (count, dy, y, dx))                                   \
  }
#define BN_LOSS(name, T, type)                                                                       \
  void blocknumerics_##name##_##type(long rows, long columns, const T *z, const T *t, T scale,        \
                                     T *gradient, T *losses) {                                       \
    BN_DISPATCH(name, type, (rows, columns, z, t, scale, gradient, losses))                          \
  }

#define BN_ALL(T, type)                          \
  BN_UNARY(relu, T, type)                        \
  BN_GRADIENT(relu_backward, T, type)            \
  BN_UNARY(sigmoid, T, type)                     \
  BN_GRADIENT(sigmoid_backward, T, type)         \
  BN_UNARY(tanh, T, type)                        \
  BN_GRADIENT(tanh_backward, T, type)            \
  BN_UNARY(exp, T, type)                         \
  BN_UNARY(log1p_unit, T, type)                  \
  BN_LOSS(softmax_cross_entropy, T, type)        \
  BN_LOSS(squared_error, T, type)                \
  BN_LOSS(binary_cross_entropy, T, type)

BN_ALL(double, f64)
BN_ALL(float, f32)
