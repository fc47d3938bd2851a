// Private to the C target: the run-time choice among a kernel's compiled variants.
//
// Every vector kernel is written once, in a body file (`…Body.h`) that Instantiate.h
// includes six times: for double and float, each for the portable path, AVX2 with FMA and
// AVX-512 (only the portable one off x86-64). The public entry point then calls the variant
// of the path in use, a load of one integer per call.
#ifndef BLOCKNUMERICS_DISPATCH_H
#define BLOCKNUMERICS_DISPATCH_H

#include <stdatomic.h>
#include "KernelPath.h"

#if defined(__x86_64__)
#define BN_X86 1
#else
#define BN_X86 0
#endif

/// The path in use, or -1 before the first call chooses it (KernelPath.c).
extern _Atomic int blocknumerics_active_kernel_path;

/// Chooses the path from this CPU and the environment; returns it.
int blocknumerics_choose_active_kernel_path(void);

/// The path in use: one relaxed load, and the choice on the very first call.
static inline int bn_path(void) {
  int path = atomic_load_explicit(&blocknumerics_active_kernel_path, memory_order_relaxed);
  return path >= 0 ? path : blocknumerics_choose_active_kernel_path();
}

#define BN_CAT_(a, b) a##_##b
#define BN_CAT(a, b) BN_CAT_(a, b)

/// Calls `name_<type>_<path>(arguments)` for the path in use.
#if BN_X86
#define BN_DISPATCH(name, type, arguments)                                 \
  switch (bn_path()) {                                                    \
    case blocknumerics_kernels_avx512: BN_CAT(BN_CAT(name, type), avx512) arguments; break; \
    case blocknumerics_kernels_avx2: BN_CAT(BN_CAT(name, type), avx2) arguments; break;     \
    default: BN_CAT(BN_CAT(name, type), portable) arguments; break;                          \
  }
#define BN_DISPATCH_RETURN(name, type, arguments)                          \
  switch (bn_path()) {                                                    \
    case blocknumerics_kernels_avx512: return BN_CAT(BN_CAT(name, type), avx512) arguments; \
    case blocknumerics_kernels_avx2: return BN_CAT(BN_CAT(name, type), avx2) arguments;     \
    default: return BN_CAT(BN_CAT(name, type), portable) arguments;                          \
  }
#else
#define BN_DISPATCH(name, type, arguments) BN_CAT(BN_CAT(name, type), portable) arguments;
#define BN_DISPATCH_RETURN(name, type, arguments) return BN_CAT(BN_CAT(name, type), portable) arguments;
#endif

#endif
