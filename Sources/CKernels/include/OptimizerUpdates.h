// The element-wise updates of the optimizer transforms (Sources/BlockNumerics/Optimization),
// at the CPU's vector width. Each rewrites `count` entries in place; names follow the
// transforms: u the updates (gradients on entry), p the parameters, the rest per-entry state.
#ifndef BLOCKNUMERICS_OPTIMIZER_UPDATES_H
#define BLOCKNUMERICS_OPTIMIZER_UPDATES_H

#include <stdbool.h>

/// Adam's moments and scaled step: m ← m + (u − m)·(1 − β₁); v ← β₂·v + (1 − β₂)·u·u;
/// with `maximum` (AMSGrad) v̂ ← max(v̂, v) replaces v below;
/// u ← (m / correction1) / (√v / root2 + ε).
void blocknumerics_adam_f64(long count, double *u, double *m, double *v, double *maximum, double beta1, double beta2,
                            double epsilon, double correction1, double root2);
/// Momentum: b ← u on the first step, else b ← μ·b + keep·u; u ← u + μ·b (Nesterov) or b.
void blocknumerics_momentum_f64(long count, double *u, double *b, double momentum, double keep, bool first,
                                bool nesterov);
/// RMSProp's scaling: v ← α·v + (1 − α)·u·u; centered (`mean` not NULL): ḡ ← ḡ + (u − ḡ)·(1 − α)
/// and u ← u / (√(v − ḡ·ḡ) + ε), else u ← u / (√v + ε).
void blocknumerics_rms_f64(long count, double *u, double *v, double *mean, double alpha, double epsilon);
/// AdaGrad's scaling: s ← s + u·u; u ← u / (√s + ε).
void blocknumerics_sum_of_squares_f64(long count, double *u, double *s, double epsilon);
/// y ← y + factor·x (weight decay: u ← u + λ·p; the descent step: p ← p − rate·u).
void blocknumerics_add_scaled_f64(long count, const double *x, double factor, double *y);
/// x ← factor·x.
void blocknumerics_scale_f64(long count, double *x, double factor);
/// x ← x clamped into [−limit, limit]; NaN stays NaN.
void blocknumerics_clamp_f64(long count, double *x, double limit);

void blocknumerics_adam_f32(long count, float *u, float *m, float *v, float *maximum, float beta1, float beta2,
                            float epsilon, float correction1, float root2);
void blocknumerics_momentum_f32(long count, float *u, float *b, float momentum, float keep, bool first,
                                bool nesterov);
void blocknumerics_rms_f32(long count, float *u, float *v, float *mean, float alpha, float epsilon);
void blocknumerics_sum_of_squares_f32(long count, float *u, float *s, float epsilon);
void blocknumerics_add_scaled_f32(long count, const float *x, float factor, float *y);
void blocknumerics_scale_f32(long count, float *x, float factor);
void blocknumerics_clamp_f32(long count, float *x, float limit);

#endif
