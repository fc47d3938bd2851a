// Private: the register-tiled product of SmallProduct.c, instantiated per type and path
// (Instantiate.h). C is computed in tiles of up to MR rows by NV vectors: each tile keeps
// its sums in MR·NV registers across every step of the inner dimension (one load of B per
// vector, one broadcast of A per row, MR·NV multiply-adds), then stores them once.

#if BN_AVX512
#define MR 8
#define NV 2
#elif BN_AVX2
#define MR 4
#define NV 2
#else
#define MR 2
#define NV 4
#endif

/// The operands of a product as a sequence of terms (see blocknumerics_block_row_product_f64);
/// a plain product is one term.
typedef struct {
  const T *blocks;
  long block_stride;
  const long *positions;
  long a_row_stride, a_column_stride;
  const T *x;
  long ldx;
  const long *inputs;
  long inner, terms;
  T alpha, beta;
} NAME(operands);

/// How a tile's sums Σ reach C — 0: C ← Σ (C not read); 1: C ← C + Σ; 2: C ← beta·C + alpha·Σ
/// — always a constant where it is passed, so the two common updates (those of batched and
/// block-sparse products) compile without scaling or a test per tile.
/// C ← f(Σ, C) for one register's worth of C (`partial` lanes when nonzero).
BN_TARGET static inline __attribute__((always_inline)) void NAME(store_sums)(
    const NAME(operands) *s, const int mode, T *c, V sum, long partial) {
  if (mode == 0) {
    if (partial) STORE_PART(c, sum, partial); else STORE(c, sum);
    return;
  }
  V old = partial ? LOAD_PART(c, partial) : LOAD(c);
  V value;
  if (mode == 1) value = old + sum;
  else if (s->beta == 0) value = sum * s->alpha;
  else value = old * s->beta + sum * s->alpha;
  if (partial) STORE_PART(c, value, partial); else STORE(c, value);
}

/// The tile of `rows` rows from i0 and `vectors` vectors of columns from j0 (one vector of
/// `partial` columns when nonzero). Called with constant `rows` and `vectors`, so each call
/// site compiles to straight-line code over its own accumulators.
BN_TARGET static inline __attribute__((always_inline)) void NAME(tile)(
    const NAME(operands) *s, const int mode, long i0, long j0, const int rows, const int vectors, long partial,
    T *c, long ldc) {
  V sums[MR][NV];
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; r++) {
#pragma clang loop unroll(full)
    for (int v = 0; v < NV; v++) sums[r][v] = SPLAT(0);
  }
  const long ars = s->a_row_stride, acs = s->a_column_stride, ldx = s->ldx, inner = s->inner;
  for (long t = 0; t < s->terms; t++) {
    const T *a = s->blocks + (s->positions ? s->positions[t] : t) * s->block_stride + i0 * ars;
    const T *b = s->x + (s->inputs ? s->inputs[t] : t) * inner * ldx + j0;
    // One pointer per row: their addresses do not wait on each other.
    const T *rowsOfA[MR];
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
      rowsOfA[r] = a + (r < rows ? r : 0) * ars;
      // Hides that the pointers are a + r·ars, which the compiler would otherwise rebuild
      // as a chain of additions, each load waiting on the one before.
      __asm__("" : "+r"(rowsOfA[r]));
    }
    for (long q = 0; q < inner; q++) {
      V columns[NV];
#pragma clang loop unroll(full)
      for (int v = 0; v < NV; v++) {
        if (v < vectors) columns[v] = partial ? LOAD_PART(b, partial) : LOAD(b + v * W);
      }
#pragma clang loop unroll(full)
      for (int r = 0; r < MR; r++) {
        if (r < rows) {
          V x = SPLAT(*rowsOfA[r]);
#pragma clang loop unroll(full)
          for (int v = 0; v < NV; v++) {
            if (v < vectors) sums[r][v] = MADD(x, columns[v], sums[r][v]);
          }
        }
      }
#pragma clang loop unroll(full)
      for (int r = 0; r < MR; r++) rowsOfA[r] += acs;
      b += ldx;
    }
  }
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; r++) {
    if (r < rows) {
#pragma clang loop unroll(full)
      for (int v = 0; v < NV; v++) {
        if (v < vectors) NAME(store_sums)(s, mode, c + (i0 + r) * ldc + j0 + v * W, sums[r][v], partial);
      }
    }
  }
}

/// The tiles of one strip of columns j0 ..< j0 + width, `vectors` vectors wide (or one of
/// `partial` columns): MR rows at a time, then 4, 2, 1.
#define BN_ROWS_OF_STRIP(vectors, partial)                                       \
  for (long i0 = 0; i0 < m;) {                                                   \
    long left = m - i0;                                                          \
    if (left >= MR) { NAME(tile)(s, mode, i0, j0, MR, vectors, partial, c, ldc); i0 += MR; }   \
    else if (MR > 4 && left >= 4) { NAME(tile)(s, mode, i0, j0, 4, vectors, partial, c, ldc); i0 += 4; } \
    else if (MR > 2 && left >= 2) { NAME(tile)(s, mode, i0, j0, 2, vectors, partial, c, ldc); i0 += 2; } \
    else { NAME(tile)(s, mode, i0, j0, 1, vectors, partial, c, ldc); i0 += 1; }         \
  }

/// C (`m × n`) ← f(Σ, C) over all tiles: strips of NV vectors, then of one vector, then
/// one partial vector; within each strip, row tiles. Inlined once per constant `mode`.
BN_TARGET static inline __attribute__((always_inline)) void NAME(tiles)(const NAME(operands) *s, const int mode,
                                                                       long m, long n, T *c, long ldc) {
  long j0 = 0;
  for (; j0 + NV * W <= n; j0 += NV * W) { BN_ROWS_OF_STRIP(NV, 0) }
  for (; j0 + W <= n; j0 += W) { BN_ROWS_OF_STRIP(1, 0) }
  if (j0 < n) {
    long partial = n - j0;
    BN_ROWS_OF_STRIP(1, partial)
  }
}
#undef BN_ROWS_OF_STRIP

/// C ← beta·C, row by row (`beta` 0 writes zeros without reading C).
BN_TARGET static void NAME(scale)(long m, long n, T beta, T *c, long ldc) {
  if (beta == 1) return;
  for (long i = 0; i < m; i++) {
    T *row = c + i * ldc;
    for (long j = 0; j < n; j++) row[j] = beta == 0 ? 0 : beta * row[j];
  }
}

BN_TARGET static void NAME(block_row_product)(long m, long n, long inner, long terms, const T *blocks,
                                              long block_stride, const long *positions, long a_row_stride,
                                              long a_column_stride, const T *x, long ldx, const long *inputs, T alpha,
                                              T beta, T *c, long ldc) {
  if (m <= 0 || n <= 0) return;
  if (inner <= 0 || terms <= 0 || alpha == 0) {
    NAME(scale)(m, n, beta, c, ldc);
    return;
  }
  NAME(operands) s = {blocks, block_stride, positions, a_row_stride, a_column_stride, x, ldx, inputs, inner, terms,
                      alpha, beta};
  if (alpha == 1 && beta == 0) NAME(tiles)(&s, 0, m, n, c, ldc);
  else if (alpha == 1 && beta == 1) NAME(tiles)(&s, 1, m, n, c, ldc);
  else NAME(tiles)(&s, 2, m, n, c, ldc);
}

#undef MR
#undef NV
