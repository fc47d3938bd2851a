// Private: exp, expm1, tanh, the logistic function and log1p on vectors, for the element-wise
// kernels; included by a body once per type and path (see Instantiate.h), so each runs at the
// path's width with the path's MADD. Every lane runs the same operations, so a value's
// result does not depend on its position or on the length of the array it sits in.
//
// Accuracy: within a few units in the last place of the correctly rounded value over the
// whole range (the tests compare against the C library at every path). Each is the classic
// reduction to a small interval and a polynomial there:
//   exp(x) = 2ⁿ·eʳ, n = round(x/ln 2), |r| ≤ ln 2/2, eʳ by its Taylor polynomial (degree 13
//            for double, 7 for float; the next term is below a hundredth of the last place),
//            and 2ⁿ applied as two factors so that results between the smallest normal
//            number and zero round gradually, as the C library's do;
//   expm1(y), y ≥ 0: 2ⁿ·(eʳ − 1) + (2ⁿ − 1) with eʳ − 1 from its own polynomial, so a
//            small y keeps its relative accuracy (Tang 1992);
//   tanh(x) = e/(e + 2) with e = expm1(2|x|), and the sign of x;
//   log1p(y), 0 ≤ y ≤ 1 (binary cross-entropy's log(1 + e^{−|z|})): u = 1 + y and its
//            rounding error c, log u = k·ln 2 + 2·atanh(s) with s = (f − 1)/(f + 1) for
//            f = u/2ᵏ in [1/√2, √2], plus c/u.

#if BN_DOUBLE
#define BN_EXP_DEGREE 13
#define BN_EXPM1_DEGREE 14
#define BN_ATANH_TERMS 10
#define BN_EXP_MAX 710.0
#define BN_EXP_MIN -746.0
#define BN_EXPM1_MAX 40.0 /* e^40 is beyond 2^53: tanh rounds to ±1 well before */
#define BN_LN2_HIGH 6.93147180369123816490e-01
#define BN_LN2_LOW 1.90821492927058770002e-10
#define BN_ROUNDING_SHIFTER 6755399441055744.0 /* 1.5·2⁵², adding it rounds to an integer */
#define BN_MANTISSA_BITS 52
#define BN_EXPONENT_BIAS 1023
#define BN_SIGN_BIT ((TI)1 << 63)
#else
#define BN_EXP_DEGREE 7
#define BN_EXPM1_DEGREE 8
#define BN_ATANH_TERMS 4
#define BN_EXP_MAX 89.0f
#define BN_EXP_MIN -104.0f
#define BN_EXPM1_MAX 20.0f /* e^20 is beyond 2^24 */
#define BN_LN2_HIGH 6.93145751953125e-01f
#define BN_LN2_LOW 1.428606765330187045e-06f
#define BN_ROUNDING_SHIFTER 12582912.0f /* 1.5·2²³ */
#define BN_MANTISSA_BITS 23
#define BN_EXPONENT_BIAS 127
#define BN_SIGN_BIT ((TI)1 << 31)
#endif

/// 2ⁿ for integer lanes n within the normal exponent range.
BN_TARGET static inline __attribute__((always_inline)) V NAME(vector_power_of_two)(VI n) {
  return (V)((n + BN_EXPONENT_BIAS) << BN_MANTISSA_BITS);
}

/// round(x / ln 2) as an integer, and r = x − n·ln 2 in two parts (the high part of ln 2 has
/// trailing zeros, so n times it is exact).
BN_TARGET static inline __attribute__((always_inline)) V NAME(vector_reduce)(V x, VI *n) {
  const T log2e = (T)1.44269504088896340736;
  V shifted = MADD(x, SPLAT(log2e), SPLAT(BN_ROUNDING_SHIFTER));
  *n = (VI)shifted - (VI)SPLAT(BN_ROUNDING_SHIFTER);
  V whole = shifted - SPLAT(BN_ROUNDING_SHIFTER);
  V r = MADD(-whole, SPLAT(BN_LN2_HIGH), x);
  return MADD(-whole, SPLAT(BN_LN2_LOW), r);
}

/// eˣ in every lane; +∞ above the overflow threshold, 0 below the underflow one, NaN for NaN.
BN_TARGET static inline __attribute__((always_inline)) V NAME(vector_exp)(V x) {
  x = SELECT(x > SPLAT(BN_EXP_MAX), SPLAT(BN_EXP_MAX), x);
  x = SELECT(x < SPLAT(BN_EXP_MIN), SPLAT(BN_EXP_MIN), x);
  VI n;
  V r = NAME(vector_reduce)(x, &n);
  // Horner from 1/degree! down to 1/1!, 1/0!: each coefficient 1/j! is c_{j+1}·(j + 1).
  T coefficients[BN_EXP_DEGREE + 1];
  coefficients[0] = 1;
  for (int j = 1; j <= BN_EXP_DEGREE; j++) coefficients[j] = coefficients[j - 1] / (T)j;
  V p = SPLAT(coefficients[BN_EXP_DEGREE]);
#pragma clang loop unroll(full)
  for (int j = BN_EXP_DEGREE - 1; j >= 0; j--) p = MADD(p, r, SPLAT(coefficients[j]));
  VI half = n >> 1;
  return p * NAME(vector_power_of_two)(half) * NAME(vector_power_of_two)(n - half);
}

/// eʸ − 1 for y ≥ 0 (and NaN for NaN); y above BN_EXPM1_MAX counts as BN_EXPM1_MAX.
BN_TARGET static inline __attribute__((always_inline)) V NAME(vector_expm1_nonnegative)(V y) {
  y = SELECT(y > SPLAT(BN_EXPM1_MAX), SPLAT(BN_EXPM1_MAX), y);
  VI n;
  V r = NAME(vector_reduce)(y, &n);
  T coefficients[BN_EXPM1_DEGREE + 1];
  coefficients[0] = 1;
  for (int j = 1; j <= BN_EXPM1_DEGREE; j++) coefficients[j] = coefficients[j - 1] / (T)j;
  // eʳ − 1 = r·(1 + r/2 + r²/6 + …)
  V p = SPLAT(coefficients[BN_EXPM1_DEGREE]);
#pragma clang loop unroll(full)
  for (int j = BN_EXPM1_DEGREE - 1; j >= 1; j--) p = MADD(p, r, SPLAT(coefficients[j]));
  V q = p * r;
  V scale = NAME(vector_power_of_two)(n);
  return MADD(scale, q, scale - SPLAT(1));
}

/// tanh(x) with the sign of x (−0 stays −0).
BN_TARGET static inline __attribute__((always_inline)) V NAME(vector_tanh)(V x) {
  VI sign = (VI)x & BN_SIGN_BIT;
  V magnitude = ABS(x);
  V e = NAME(vector_expm1_nonnegative)(magnitude + magnitude);
  return (V)((VI)(e / (e + SPLAT(2))) | sign);
}

/// The logistic function 1/(1 + e⁻ˣ), as 1/(1 + e^{−|x|}) or e^{−|x|}/(1 + e^{−|x|}) so that
/// no exponential overflows.
BN_TARGET static inline __attribute__((always_inline)) V NAME(vector_logistic)(V x) {
  V e = NAME(vector_exp)(-ABS(x));
  V one = SPLAT(1);
  return SELECT(x >= SPLAT(0), one / (one + e), e / (one + e));
}

/// log(1 + y) for 0 ≤ y ≤ 1.
BN_TARGET static inline __attribute__((always_inline)) V NAME(vector_log1p_unit)(V y) {
  V one = SPLAT(1);
  V u = one + y;
  V correction = (y - (u - one)) / u;
  VI large = u > SPLAT((T)1.41421356237309504880);
  V f = SELECT(large, u * SPLAT((T)0.5), u);
  V s = (f - one) / (f + one);
  V z = s * s;
  // 2·atanh(s) = 2s + 2s·(z/3 + z²/5 + …)
  V series = SPLAT((T)1 / (T)(2 * BN_ATANH_TERMS + 1));
#pragma clang loop unroll(full)
  for (int j = BN_ATANH_TERMS - 1; j >= 1; j--) series = MADD(series, z, SPLAT((T)1 / (T)(2 * j + 1)));
  series = series * z;
  V twice = s + s;
  V logarithm = MADD(twice, series, twice);
  V k = SELECT(large, SPLAT(1), SPLAT(0));
  V scaledHigh = MADD(k, SPLAT(BN_LN2_HIGH), logarithm);
  return MADD(k, SPLAT(BN_LN2_LOW), scaledHigh) + correction;
}

#undef BN_EXP_DEGREE
#undef BN_EXPM1_DEGREE
#undef BN_ATANH_TERMS
#undef BN_EXP_MAX
#undef BN_EXP_MIN
#undef BN_EXPM1_MAX
#undef BN_LN2_HIGH
#undef BN_LN2_LOW
#undef BN_ROUNDING_SHIFTER
#undef BN_MANTISSA_BITS
#undef BN_EXPONENT_BIAS
#undef BN_SIGN_BIT
