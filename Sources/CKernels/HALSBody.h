// Private: the HALS row sweep of HALS.c, instantiated per type and path (Instantiate.h).
// Rows go in groups of G = NV·W: the group's rows are copied into a `k × G` panel (row r of
// the panel holds entry r of every row of the group), so that one broadcast of gram(t, r)
// and NV multiply-adds advance the sums of all G rows; NV independent accumulators keep the
// multiply-add units busy. A group at the end with fewer rows is padded with zero rows,
// whose results are dropped.

#if BN_AVX512
#define NV 4
#elif BN_AVX2
#define NV 8
#else
#define NV 8
#endif
#define G (NV * W)

BN_TARGET static void NAME(hals_group)(long first, long count, long k, long rows, T *factor, const T *gram,
                                       const T *cross, T *violations, T *panel, T *crossPanel) {
  for (long r = 0; r < k; r++) {
    for (long lane = 0; lane < G; lane++) {
      panel[r * G + lane] = lane < count ? factor[(first + lane) * k + r] : 0;
      crossPanel[r * G + lane] = lane < count ? cross[(first + lane) * k + r] : 0;
    }
  }
  for (long t = 0; t < k; t++) {
    const T *gramRow = gram + t * k;
    V sums[NV];
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) sums[v] = -LOAD(crossPanel + t * G + v * W);
    for (long r = 0; r < k; r++) {
      V q = SPLAT(gramRow[r]);
#pragma clang loop unroll(full)
      for (int v = 0; v < NV; v++) sums[v] = MADD(q, LOAD(panel + r * G + v * W), sums[v]);
    }
    T hessian = gramRow[t];
    T *out = violations + t * rows + first;
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) {
      V value = LOAD(panel + t * G + v * W);
      V gradient = sums[v];
      V negativePart = SELECT(gradient < SPLAT(0), gradient, SPLAT(0));
      V projected = SELECT(value == SPLAT(0), negativePart, gradient);
      V magnitude = ABS(projected);
      long lanes = count - v * W;
      if (lanes >= W) STORE(out + v * W, magnitude);
      else if (lanes > 0) STORE_PART(out + v * W, magnitude, lanes);
      if (hessian != 0) {
        V moved = value - gradient / SPLAT(hessian);
        STORE(panel + t * G + v * W, SELECT(SPLAT(0) >= moved, SPLAT(0), moved));
      }
    }
  }
  for (long lane = 0; lane < count; lane++) {
    for (long r = 0; r < k; r++) factor[(first + lane) * k + r] = panel[r * G + lane];
  }
}

BN_TARGET static void NAME(hals_sweep)(long begin, long end, long k, long rows, T *factor, const T *gram,
                                       const T *cross, T *violations) {
  if (k <= 0 || end <= begin) return;
  // Two panels of k·G scalars: on the stack while they fit in 32 KiB.
  size_t bytes = 2 * sizeof(T) * (size_t)k * G;
  T stack[32768 / sizeof(T)] __attribute__((aligned(64)));
  T *panels = bytes <= sizeof stack ? stack : (T *)malloc(bytes);
  if (panels == NULL) abort();
  for (long first = begin; first < end; first += G) {
    long count = end - first < G ? end - first : G;
    NAME(hals_group)(first, count, k, rows, factor, gram, cross, violations, panels, panels + (size_t)k * G);
  }
  if (panels != stack) free(panels);
}

#undef NV
#undef G
