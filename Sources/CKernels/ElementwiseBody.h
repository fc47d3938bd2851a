// Private: the activations and losses of Elementwise.c, instantiated per type and path
// (Instantiate.h). Arrays go a vector at a time, the last partial vector through masked
// loads and stores, so every entry gets the same operations wherever it lies.

#include "VectorMath.h"

#if BN_DOUBLE
#define BN_LOG log
#else
#define BN_LOG logf
#endif

/// y[i] = f(x[i]) for a vector function `f`.
#define BN_MAP1(f)                                                                  \
  long i = 0;                                                                       \
  for (; i + W <= count; i += W) STORE(y + i, f(LOAD(x + i)));                      \
  if (i < count) STORE_PART(y + i, f(LOAD_PART(x + i, count - i)), count - i);

/// out[i] = f(a[i], b[i]) for a vector function `f` of two vectors.
#define BN_MAP2(f, a, b, out)                                                        \
  long i = 0;                                                                       \
  for (; i + W <= count; i += W) STORE(out + i, f(LOAD(a + i), LOAD(b + i)));       \
  if (i < count) {                                                                  \
    long rest = count - i;                                                          \
    STORE_PART(out + i, f(LOAD_PART(a + i, rest), LOAD_PART(b + i, rest)), rest);   \
  }

BN_TARGET static inline __attribute__((always_inline)) V NAME(relu_vector)(V x) {
  return SELECT(x > SPLAT(0), x, SPLAT(0));
}
BN_TARGET static inline __attribute__((always_inline)) V NAME(relu_gradient)(V dy, V y) {
  return SELECT(y > SPLAT(0), dy, SPLAT(0));
}
BN_TARGET static inline __attribute__((always_inline)) V NAME(sigmoid_gradient)(V dy, V y) {
  return dy * y * (SPLAT(1) - y);
}
BN_TARGET static inline __attribute__((always_inline)) V NAME(tanh_gradient)(V dy, V y) {
  return dy * MADD(-y, y, SPLAT(1));
}

BN_TARGET static void NAME(relu)(long count, const T *x, T *y) { BN_MAP1(NAME(relu_vector)) }
BN_TARGET static void NAME(relu_backward)(long count, const T *dy, const T *y, T *dx) {
  BN_MAP2(NAME(relu_gradient), dy, y, dx)
}
BN_TARGET static void NAME(sigmoid)(long count, const T *x, T *y) { BN_MAP1(NAME(vector_logistic)) }
BN_TARGET static void NAME(sigmoid_backward)(long count, const T *dy, const T *y, T *dx) {
  BN_MAP2(NAME(sigmoid_gradient), dy, y, dx)
}
BN_TARGET static void NAME(tanh)(long count, const T *x, T *y) { BN_MAP1(NAME(vector_tanh)) }
BN_TARGET static void NAME(tanh_backward)(long count, const T *dy, const T *y, T *dx) {
  BN_MAP2(NAME(tanh_gradient), dy, y, dx)
}
BN_TARGET static void NAME(exp)(long count, const T *x, T *y) { BN_MAP1(NAME(vector_exp)) }
BN_TARGET static void NAME(log1p_unit)(long count, const T *x, T *y) { BN_MAP1(NAME(vector_log1p_unit)) }

/// Runs `vector_step(j, lanes)` over the columns of one row, W at a time then the rest.
#define BN_ROW_VECTORS(vector_step)                                                  \
  for (long j = 0; j < columns; j += W) {                                           \
    long lanes = columns - j < W ? columns - j : W;                                 \
    vector_step                                                                     \
  }
#define BN_LOAD_LANES(p) (lanes == W ? LOAD(p) : LOAD_PART(p, lanes))
#define BN_STORE_LANES(p, v) \
  do { if (lanes == W) STORE(p, v); else STORE_PART(p, v, lanes); } while (0)

BN_TARGET static void NAME(softmax_cross_entropy)(long rows, long columns, const T *z, const T *t, T scale,
                                                  T *gradient, T *losses) {
  for (long row = 0; row < rows; row++) {
    const T *zr = z + row * columns, *tr = t + row * columns;
    T *gr = gradient + row * columns;
    long largest = 0;
    for (long j = 1; j < columns; j++) {
      if (zr[j] > zr[largest]) largest = j;
    }
    T maximum = zr[largest];
    BN_ROW_VECTORS(BN_STORE_LANES(gr + j, NAME(vector_exp)(BN_LOAD_LANES(zr + j) - SPLAT(maximum)));)
    T sum = 0;
    for (long j = 0; j < columns; j++) sum += gr[j];
    T logSum = maximum + BN_LOG(sum);
    T inverse = 1 / sum;
    T loss = 0;
    for (long j = 0; j < columns; j++) loss = MADD(tr[j], logSum - zr[j], loss);
    losses[row] = loss;
    BN_ROW_VECTORS(BN_STORE_LANES(gr + j, MADD(BN_LOAD_LANES(gr + j), SPLAT(inverse), -BN_LOAD_LANES(tr + j)) *
                                               SPLAT(scale));)
  }
}

BN_TARGET static void NAME(squared_error)(long rows, long columns, const T *z, const T *t, T scale, T *gradient,
                                          T *losses) {
  for (long row = 0; row < rows; row++) {
    const T *zr = z + row * columns, *tr = t + row * columns;
    T *gr = gradient + row * columns;
    T loss = 0;
    for (long j = 0; j < columns; j++) {
      T difference = zr[j] - tr[j];
      loss = MADD(difference, difference, loss);
    }
    losses[row] = loss;
    BN_ROW_VECTORS(
        V difference = BN_LOAD_LANES(zr + j) - BN_LOAD_LANES(tr + j);
        BN_STORE_LANES(gr + j, SPLAT(2) * difference * SPLAT(scale));)
  }
}

BN_TARGET static void NAME(binary_cross_entropy)(long rows, long columns, const T *z, const T *t, T scale,
                                                 T *gradient, T *losses) {
  for (long row = 0; row < rows; row++) {
    const T *zr = z + row * columns, *tr = t + row * columns;
    T *gr = gradient + row * columns;
    T loss = 0;
    BN_ROW_VECTORS(
        V x = BN_LOAD_LANES(zr + j);
        V target = BN_LOAD_LANES(tr + j);
        V positive = SELECT(SPLAT(0) >= x, SPLAT(0), x);
        V magnitude = ABS(x);
        V terms = MADD(-x, target, positive) + NAME(vector_log1p_unit)(NAME(vector_exp)(-magnitude));
        for (long lane = 0; lane < lanes; lane++) loss += terms[lane];
        BN_STORE_LANES(gr + j, (NAME(vector_logistic)(x) - target) * SPLAT(scale));)
    losses[row] = loss;
  }
}

#undef BN_LOG
#undef BN_MAP1
#undef BN_MAP2
#undef BN_ROW_VECTORS
#undef BN_LOAD_LANES
#undef BN_STORE_LANES
