// Private: the vocabulary of one (scalar type, path) instantiation; see Instantiate.h.
// No include guard: included once per instantiation, undone by VectorEnd.h.

#if BN_DOUBLE
#define T double
#define TI __INT64_TYPE__
#define BN_TYPE_NAME f64
#else
#define T float
#define TI __INT32_TYPE__
#define BN_TYPE_NAME f32
#endif

#define NAME(f) BN_CAT(BN_CAT(f, BN_TYPE_NAME), BN_PATH_NAME)
#define W ((int)(BN_VECTOR_BYTES / sizeof(T)))

// Element alignment, so that a dereference is an unaligned load or store.
typedef T NAME(vector) __attribute__((vector_size(BN_VECTOR_BYTES), aligned(sizeof(T))));
typedef TI NAME(ivector) __attribute__((vector_size(BN_VECTOR_BYTES), aligned(sizeof(T))));
#define V NAME(vector)
#define VI NAME(ivector)

#if BN_FUSED
#define MADD(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#else
#define MADD(a, b, c) ((a) * (b) + (c))
#endif

#define LOAD(p) (*(const V *)(p))
#define STORE(p, v) (*(V *)(p) = (v))
/// Lanes of `a` where `mask` is set, of `b` elsewhere (`mask` from a vector comparison).
#define SELECT(mask, a, b) ((V)((((VI)(a)) & (mask)) | (((VI)(b)) & ~(mask))))

/// |v|: the sign bit cleared (as Swift's `abs`: −0 becomes 0, NaN stays NaN).
#define ABS(v) ((V)((VI)(v) & ~((TI)1 << (8 * sizeof(T) - 1))))

/// `x` in every lane.
BN_TARGET static inline __attribute__((always_inline)) V NAME(splat)(T x) {
  V v;
  for (int lane = 0; lane < W; lane++) v[lane] = x;
  return v;
}
#define SPLAT(x) NAME(splat)(x)

/// 0, 1, 2, … in the lanes (for masks of the first `count` lanes).
BN_TARGET static inline __attribute__((always_inline)) VI NAME(lane_indices)(void) {
  VI v;
  for (int lane = 0; lane < W; lane++) v[lane] = lane;
  return v;
}

/// The first `count` (0 < count < W) scalars at `p` in the low lanes, zeros above; reads
/// nothing past them.
BN_TARGET static inline __attribute__((always_inline)) V NAME(load_part)(const T *p, long count) {
#if BN_AVX512 && BN_DOUBLE
  return (V)_mm512_maskz_loadu_pd((__mmask8)((1u << count) - 1), p);
#elif BN_AVX512
  return (V)_mm512_maskz_loadu_ps((__mmask16)((1u << count) - 1), p);
#elif BN_AVX2 && BN_DOUBLE
  return (V)_mm256_maskload_pd(p, (__m256i)(NAME(lane_indices)() < (TI)count));
#elif BN_AVX2
  return (V)_mm256_maskload_ps(p, (__m256i)(NAME(lane_indices)() < (TI)count));
#else
  V v = {0};
  for (long lane = 0; lane < count; lane++) v[lane] = p[lane];
  return v;
#endif
}
#define LOAD_PART(p, count) NAME(load_part)((p), (count))

/// Writes the low `count` (0 < count < W) lanes of `v` to `p`; writes nothing past them.
BN_TARGET static inline __attribute__((always_inline)) void NAME(store_part)(T *p, V v, long count) {
#if BN_AVX512 && BN_DOUBLE
  _mm512_mask_storeu_pd(p, (__mmask8)((1u << count) - 1), (__m512d)v);
#elif BN_AVX512
  _mm512_mask_storeu_ps(p, (__mmask16)((1u << count) - 1), (__m512)v);
#elif BN_AVX2 && BN_DOUBLE
  _mm256_maskstore_pd(p, (__m256i)(NAME(lane_indices)() < (TI)count), (__m256d)v);
#elif BN_AVX2
  _mm256_maskstore_ps(p, (__m256i)(NAME(lane_indices)() < (TI)count), (__m256)v);
#else
  for (long lane = 0; lane < count; lane++) p[lane] = v[lane];
#endif
}
#define STORE_PART(p, v, count) NAME(store_part)((p), (v), (count))
