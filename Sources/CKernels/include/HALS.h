// The row sweep of exact HALS (Sources/BlockNumerics/Factorization/NMF+HALS.swift) at the
// CPU's vector width.
#ifndef BLOCKNUMERICS_HALS_H
#define BLOCKNUMERICS_HALS_H

/// For rows [begin, end) of `factor` (`rows × k`, row-major) and each component t in order:
/// the gradient g = −cross(i, t) + Σ_r gram(t, r)·factor(i, r), summed in ascending r (each
/// step a fused multiply-add on the AVX paths, a multiply then an add on the portable one);
/// violations[t·rows + i] = |g| (or |min(g, 0)| where factor(i, t) is 0); then, unless
/// gram(t, t) is 0, factor(i, t) ← max(factor(i, t) − g/gram(t, t), 0). Rows are independent:
/// several go through the same steps side by side in vector lanes, so a row's result does
/// not depend on which rows share its call.
void blocknumerics_hals_sweep_f64(long begin, long end, long k, long rows, double *factor, const double *gram,
                                  const double *cross, double *violations);
/// The same in single precision.
void blocknumerics_hals_sweep_f32(long begin, long end, long k, long rows, float *factor, const float *gram,
                                  const float *cross, float *violations);

#endif
