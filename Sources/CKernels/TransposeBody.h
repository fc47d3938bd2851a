// Private: the tiled transpose of Transpose.c, instantiated per type and path
// (Instantiate.h). Square tiles of 32 keep both sides in cache; inside a tile, 4 × 4
// blocks are transposed in registers (four loads, eight shuffles, four stores) where a
// scalar copy would make sixteen loads and sixteen stores; the ragged edges are copied one
// entry at a time.

typedef T NAME(quad) __attribute__((vector_size(4 * sizeof(T)), aligned(sizeof(T))));

BN_TARGET static inline __attribute__((always_inline)) void NAME(transpose_4x4)(const T *source, long lds, T *target,
                                                                                 long ldt) {
  typedef NAME(quad) Q;
  Q r0 = *(const Q *)source, r1 = *(const Q *)(source + lds);
  Q r2 = *(const Q *)(source + 2 * lds), r3 = *(const Q *)(source + 3 * lds);
  Q t0 = __builtin_shufflevector(r0, r1, 0, 4, 2, 6), t1 = __builtin_shufflevector(r0, r1, 1, 5, 3, 7);
  Q t2 = __builtin_shufflevector(r2, r3, 0, 4, 2, 6), t3 = __builtin_shufflevector(r2, r3, 1, 5, 3, 7);
  *(Q *)target = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
  *(Q *)(target + ldt) = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
  *(Q *)(target + 2 * ldt) = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
  *(Q *)(target + 3 * ldt) = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
}

BN_TARGET static void NAME(transpose)(long rows, long columns, const T *source, long lds, T *target, long ldt) {
  enum { tile = 32 };
  for (long i0 = 0; i0 < rows; i0 += tile) {
    long i1 = i0 + tile < rows ? i0 + tile : rows;
    for (long j0 = 0; j0 < columns; j0 += tile) {
      long j1 = j0 + tile < columns ? j0 + tile : columns;
      long i = i0;
      for (; i + 4 <= i1; i += 4) {
        long j = j0;
        for (; j + 4 <= j1; j += 4) NAME(transpose_4x4)(source + i * lds + j, lds, target + j * ldt + i, ldt);
        for (; j < j1; j++) {
          for (long r = i; r < i + 4; r++) target[j * ldt + r] = source[r * lds + j];
        }
      }
      for (; i < i1; i++) {
        for (long j = j0; j < j1; j++) target[j * ldt + i] = source[i * lds + j];
      }
    }
  }
}
