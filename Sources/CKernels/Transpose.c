#include "Transpose.h"
#include "Dispatch.h"

#if BN_X86
#include <immintrin.h>
#endif

#define BN_BODY "TransposeBody.h"
#include "Instantiate.h"

void blocknumerics_transpose_f64(long rows, long columns, const double *source, long lds, double *target, long ldt) {
  BN_DISPATCH(transpose, f64, (rows, columns, source, lds, target, ldt))
}

void blocknumerics_transpose_f32(long rows, long columns, const float *source, long lds, float *target, long ldt) {
  BN_DISPATCH(transpose, f32, (rows, columns, source, lds, target, ldt))
}
