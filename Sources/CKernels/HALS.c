#include "HALS.h"
#include "Dispatch.h"

#include <stdlib.h>

#if BN_X86
#include <immintrin.h>
#endif

#pragma clang fp contract(off)

#define BN_BODY "HALSBody.h"
#include "Instantiate.h"

void blocknumerics_hals_sweep_f64(long begin, long end, long k, long rows, double *factor, const double *gram,
                                  const double *cross, double *violations) {
  BN_DISPATCH(hals_sweep, f64, (begin, end, k, rows, factor, gram, cross, violations))
}

void blocknumerics_hals_sweep_f32(long begin, long end, long k, long rows, float *factor, const float *gram,
                                  const float *cross, float *violations) {
  BN_DISPATCH(hals_sweep, f32, (begin, end, k, rows, factor, gram, cross, violations))
}
