// Private: the optimizer updates of OptimizerUpdates.c, instantiated per type and path
// (Instantiate.h). A multiply that feeds an addition is one MADD; everything else is as the
// formulas in OptimizerUpdates.h read, left to right.

/// Runs `step` (which reads and writes through `LANE_LOAD`/`LANE_STORE` at offset i) on
/// every vector of `count` entries, the last one partial.
#define BN_FOR_VECTORS(step)                                                         \
  for (long i = 0; i < count; i += W) {                                             \
    long lanes = count - i < W ? count - i : W;                                     \
    step                                                                            \
  }
#define LANE_LOAD(p) (lanes == W ? LOAD((p) + i) : LOAD_PART((p) + i, lanes))
#define LANE_STORE(p, v) \
  do { if (lanes == W) STORE((p) + i, v); else STORE_PART((p) + i, v, lanes); } while (0)

BN_TARGET static void NAME(adam)(long count, T *u, T *m, T *v, T *maximum, T beta1, T beta2, T epsilon,
                                 T correction1, T root2) {
  V keep1 = SPLAT(1 - beta1), keep2 = SPLAT(1 - beta2), decay2 = SPLAT(beta2);
  BN_FOR_VECTORS(
      V g = LANE_LOAD(u);
      V first = LANE_LOAD(m);
      first = MADD(g - first, keep1, first);
      V second = MADD(keep2 * g, g, decay2 * LANE_LOAD(v));
      LANE_STORE(m, first);
      LANE_STORE(v, second);
      if (maximum) {
        V previous = LANE_LOAD(maximum);
        second = SELECT(second >= previous, second, previous);
        LANE_STORE(maximum, second);
      }
      LANE_STORE(u, (first / SPLAT(correction1)) / (__builtin_elementwise_sqrt(second) / SPLAT(root2) + SPLAT(epsilon)));)
}

BN_TARGET static void NAME(momentum)(long count, T *u, T *b, T momentum, T keep, bool first, bool nesterov) {
  BN_FOR_VECTORS(
      V g = LANE_LOAD(u);
      V value = first ? g : MADD(SPLAT(momentum), LANE_LOAD(b), SPLAT(keep) * g);
      LANE_STORE(b, value);
      LANE_STORE(u, nesterov ? MADD(SPLAT(momentum), value, g) : value);)
}

BN_TARGET static void NAME(rms)(long count, T *u, T *v, T *mean, T alpha, T epsilon) {
  V decay = SPLAT(alpha), keep = SPLAT(1 - alpha);
  BN_FOR_VECTORS(
      V g = LANE_LOAD(u);
      V second = MADD(keep * g, g, decay * LANE_LOAD(v));
      LANE_STORE(v, second);
      if (mean) {
        V average = LANE_LOAD(mean);
        average = MADD(g - average, keep, average);
        LANE_STORE(mean, average);
        LANE_STORE(u, g / (__builtin_elementwise_sqrt(MADD(-average, average, second)) + SPLAT(epsilon)));
      } else {
        LANE_STORE(u, g / (__builtin_elementwise_sqrt(second) + SPLAT(epsilon)));
      })
}

BN_TARGET static void NAME(sum_of_squares)(long count, T *u, T *s, T epsilon) {
  BN_FOR_VECTORS(
      V g = LANE_LOAD(u);
      V sum = MADD(g, g, LANE_LOAD(s));
      LANE_STORE(s, sum);
      LANE_STORE(u, g / (__builtin_elementwise_sqrt(sum) + SPLAT(epsilon)));)
}

BN_TARGET static void NAME(add_scaled)(long count, const T *x, T factor, T *y) {
  BN_FOR_VECTORS(LANE_STORE(y, MADD(SPLAT(factor), LANE_LOAD(x), LANE_LOAD(y)));)
}

BN_TARGET static void NAME(scale)(long count, T *x, T factor) {
  BN_FOR_VECTORS(LANE_STORE(x, LANE_LOAD(x) * SPLAT(factor));)
}

BN_TARGET static void NAME(clamp)(long count, T *x, T limit) {
  BN_FOR_VECTORS(
      V value = LANE_LOAD(x);
      value = SELECT(value > SPLAT(limit), SPLAT(limit), value);
      value = SELECT(value < SPLAT(-limit), SPLAT(-limit), value);
      LANE_STORE(x, value);)
}

#undef BN_FOR_VECTORS
#undef LANE_LOAD
#undef LANE_STORE
