// Element-wise forward and backward passes of the activations, and the losses with their
// gradients, at the CPU's vector width.
#ifndef BLOCKNUMERICS_ELEMENTWISE_H
#define BLOCKNUMERICS_ELEMENTWISE_H

// Activations: y = f(x) for `count` entries, and ∂L/∂x = ∂L/∂y·f′ from the output y.
// Outputs may be the inputs (in place); otherwise they must not overlap them.

/// y = max(x, 0) (x > 0 ? x : 0, so NaN gives 0).
void blocknumerics_relu_f64(long count, const double *x, double *y);
/// dx = y > 0 ? dy : 0.
void blocknumerics_relu_backward_f64(long count, const double *dy, const double *y, double *dx);
/// y = 1/(1 + e⁻ˣ).
void blocknumerics_sigmoid_f64(long count, const double *x, double *y);
/// dx = dy·y·(1 − y).
void blocknumerics_sigmoid_backward_f64(long count, const double *dy, const double *y, double *dx);
/// y = tanh(x).
void blocknumerics_tanh_f64(long count, const double *x, double *y);
/// dx = dy·(1 − y²).
void blocknumerics_tanh_backward_f64(long count, const double *dy, const double *y, double *dx);
/// y = eˣ (the kernels' own exponential, for tests).
void blocknumerics_exp_f64(long count, const double *x, double *y);
/// y = log(1 + x) for 0 ≤ x ≤ 1 (the kernels' own, for tests).
void blocknumerics_log1p_unit_f64(long count, const double *x, double *y);

void blocknumerics_relu_f32(long count, const float *x, float *y);
void blocknumerics_relu_backward_f32(long count, const float *dy, const float *y, float *dx);
void blocknumerics_sigmoid_f32(long count, const float *x, float *y);
void blocknumerics_sigmoid_backward_f32(long count, const float *dy, const float *y, float *dx);
void blocknumerics_tanh_f32(long count, const float *x, float *y);
void blocknumerics_tanh_backward_f32(long count, const float *dy, const float *y, float *dx);
void blocknumerics_exp_f32(long count, const float *x, float *y);
void blocknumerics_log1p_unit_f32(long count, const float *x, float *y);

// Losses of outputs Z against targets T, both `rows × columns` and contiguous. Each writes
// the gradient ∂loss/∂Z into `gradient` and each row's sum of terms, in column order, into
// `losses[row]`; the caller averages.

/// Softmax cross-entropy per row: loss Σ_j t_j·(logΣ_k e^{z_k} − z_j) and gradient
/// (softmax(z) − t)·scale, the exponentials shifted by the row's first largest entry.
void blocknumerics_softmax_cross_entropy_f64(long rows, long columns, const double *z, const double *t,
                                             double scale, double *gradient, double *losses);
/// Squared error: terms (z − t)², gradient 2·(z − t)·scale.
void blocknumerics_squared_error_f64(long rows, long columns, const double *z, const double *t, double scale,
                                     double *gradient, double *losses);
/// Binary cross-entropy on logits: terms max(z, 0) − z·t + log(1 + e^{−|z|}), gradient
/// (σ(z) − t)·scale.
void blocknumerics_binary_cross_entropy_f64(long rows, long columns, const double *z, const double *t,
                                            double scale, double *gradient, double *losses);

void blocknumerics_softmax_cross_entropy_f32(long rows, long columns, const float *z, const float *t,
                                             float scale, float *gradient, float *losses);
void blocknumerics_squared_error_f32(long rows, long columns, const float *z, const float *t, float scale,
                                     float *gradient, float *losses);
void blocknumerics_binary_cross_entropy_f32(long rows, long columns, const float *z, const float *t, float scale,
                                            float *gradient, float *losses);

#endif
