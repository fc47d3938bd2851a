// Private: compiles the body file named by BN_BODY once per scalar type and path.
//
// Each inclusion of the body sees (from Vector.h):
//   T, TI         the scalar (double or float) and the signed integer of its width
//   V, VI, W      a vector of W scalars (the path's register width), its integer twin
//   NAME(f)       f with the type and path appended, e.g. relu_f64_avx2
//   BN_TARGET     the function attribute that enables the path's instructions
//   MADD(a, b, c) a·b + c: fused on the AVX paths, multiply then add on the portable one
// plus loads, stores, splats, selections and partial (masked) loads and stores.
// Floating-point contraction is off in every file that includes this one, so MADD is the
// only fused operation and each path's arithmetic is exactly what its source says.
#ifndef BN_BODY
#error "define BN_BODY before including Instantiate.h"
#endif

#define BN_PATH_NAME portable
#define BN_PORTABLE 1
#define BN_AVX2 0
#define BN_AVX512 0
#define BN_VECTOR_BYTES 16
#define BN_FUSED 0
#define BN_TARGET
#define BN_DOUBLE 1
#include "Vector.h"
#include BN_BODY
#include "VectorEnd.h"
#define BN_DOUBLE 0
#include "Vector.h"
#include BN_BODY
#include "VectorEnd.h"
#undef BN_PATH_NAME
#undef BN_PORTABLE
#undef BN_AVX2
#undef BN_AVX512
#undef BN_VECTOR_BYTES
#undef BN_FUSED
#undef BN_TARGET

#if BN_X86
#define BN_PATH_NAME avx2
#define BN_PORTABLE 0
#define BN_AVX2 1
#define BN_AVX512 0
#define BN_VECTOR_BYTES 32
#define BN_FUSED 1
#define BN_TARGET __attribute__((target("avx2,fma,avx")))
#define BN_DOUBLE 1
#include "Vector.h"
#include BN_BODY
#include "VectorEnd.h"
#define BN_DOUBLE 0
#include "Vector.h"
#include BN_BODY
#include "VectorEnd.h"
#undef BN_PATH_NAME
#undef BN_PORTABLE
#undef BN_AVX2
#undef BN_AVX512
#undef BN_VECTOR_BYTES
#undef BN_FUSED
#undef BN_TARGET

#define BN_PATH_NAME avx512
#define BN_PORTABLE 0
#define BN_AVX2 0
#define BN_AVX512 1
#define BN_VECTOR_BYTES 64
#define BN_FUSED 1
#define BN_TARGET __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma,avx")))
#define BN_DOUBLE 1
#include "Vector.h"
#include BN_BODY
#include "VectorEnd.h"
#define BN_DOUBLE 0
#include "Vector.h"
#include BN_BODY
#include "VectorEnd.h"
#undef BN_PATH_NAME
#undef BN_PORTABLE
#undef BN_AVX2
#undef BN_AVX512
#undef BN_VECTOR_BYTES
#undef BN_FUSED
#undef BN_TARGET
#endif

#undef BN_BODY
