// Out-of-place transposes: Matrix.transposed, block-sparse transposes and layers, and the
// copies the small-product kernel makes of a transposed operand.
#ifndef BLOCKNUMERICS_TRANSPOSE_H
#define BLOCKNUMERICS_TRANSPOSE_H

/// target(j, i) = source(i, j) for the `rows × columns` row-major source (leading dimension
/// `lds`) into the `columns × rows` target (leading dimension `ldt`); the two must not overlap.
void blocknumerics_transpose_f64(long rows, long columns, const double *source, long lds, double *target, long ldt);
/// The same in single precision.
void blocknumerics_transpose_f32(long rows, long columns, const float *source, long lds, float *target, long ldt);

#endif
