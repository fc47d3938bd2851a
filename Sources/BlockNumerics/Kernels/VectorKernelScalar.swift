/// The library's vector kernels (``VectorKernels``) for one scalar type: `Float` and
/// `Double` forward each requirement to one C routine of Sources/CKernels, which runs the
/// variant for the path in use. ``BLASScalar`` refines it, so generic code calls the kernels
/// through its scalar type and never switches on it.
///
/// Not API: these take raw pointers, lengths and strides and check nothing (the callers in
/// BlockNumerics have checked shapes). Each requirement documents what its C routine
/// computes; the header comments in Sources/CKernels/include give the details.
public protocol _VectorKernelScalar {
  // MARK: Products

  /// `C ← alpha·A·op(B) + beta·C`, C `m × n` (`ldc`), A read as `A(i, p) = a[i·aRowStride +
  /// p·aColumnStride]`, op(B) `k × n` from `b` (`ldb`), transposed when `transposeB`; each
  /// entry summed over `p` in ascending order. With `beta` 0, C is not read.
  static func _smallProduct(
    m: Int, n: Int, k: Int, alpha: Self, a: UnsafePointer<Self>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Self>, ldb: Int, transposeB: Bool, beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

  /// `C_i ← A_i·B_i` for `count` pairs of contiguous row-major operands of one shape (A_i
  /// `m × k` at `a[i]`, B_i `k × n` at `b[i]`, C_i `m × n` at `c[i]`), each as
  /// ``_smallProduct(m:n:k:alpha:a:aRowStride:aColumnStride:b:ldb:transposeB:beta:c:ldc:)``
  /// computes it with alpha 1 and beta 0, in order.
  static func _batchedSmallProduct(
    count: Int, m: Int, n: Int, k: Int, a: UnsafePointer<UnsafePointer<Self>?>,
    b: UnsafePointer<UnsafePointer<Self>?>, c: UnsafePointer<UnsafeMutablePointer<Self>?>)

  /// One block row of a block-sparse product, `C ← alpha·Σ_t A_t·X_t + beta·C` (C `m × n`):
  /// term `t` multiplies stored block `positions[t]` (or `t`), at `blocks + positions[t]·blockStride`
  /// and read as `A_t(i, q) = block[i·aRowStride + q·aColumnStride]` (`m × inner`), by rows
  /// `inputs[t]·inner ..< (inputs[t] + 1)·inner` of `x` (`ldx`).
  static func _blockRowProduct(
    m: Int, n: Int, inner: Int, terms: Int, blocks: UnsafePointer<Self>, blockStride: Int,
    positions: UnsafePointer<Int>?, aRowStride: Int, aColumnStride: Int, x: UnsafePointer<Self>, ldx: Int,
    inputs: UnsafePointer<Int>, alpha: Self, beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

  /// `target(j, i) = source(i, j)` for a `rows × columns` source (`lds`) into a
  /// `columns × rows` target (`ldt`) that does not overlap it.
  static func _transpose(
    rows: Int, columns: Int, source: UnsafePointer<Self>, lds: Int, target: UnsafeMutablePointer<Self>, ldt: Int)

  // MARK: Activations (output may be the input)

  /// `y = x > 0 ? x : 0`.
  static func _relu(count: Int, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
  /// `dx = y > 0 ? dy : 0`.
  static func _reluBackward(count: Int, dy: UnsafePointer<Self>, y: UnsafePointer<Self>, dx: UnsafeMutablePointer<Self>)
  /// `y = 1 / (1 + e⁻ˣ)`.
  static func _sigmoid(count: Int, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
  /// `dx = dy·y·(1 − y)`.
  static func _sigmoidBackward(count: Int, dy: UnsafePointer<Self>, y: UnsafePointer<Self>, dx: UnsafeMutablePointer<Self>)
  /// `y = tanh(x)`.
  static func _tanh(count: Int, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
  /// `dx = dy·(1 − y²)`.
  static func _tanhBackward(count: Int, dy: UnsafePointer<Self>, y: UnsafePointer<Self>, dx: UnsafeMutablePointer<Self>)
  /// `y = eˣ`, the kernels' own exponential (tests compare it with the C library's).
  static func _exp(count: Int, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
  /// `y = log(1 + x)` for `0 ≤ x ≤ 1`, the kernels' own (for tests).
  static func _log1pUnit(count: Int, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)

  // MARK: Losses (rows × columns, contiguous; per-row sums of terms into `losses`)

  /// Softmax cross-entropy of logits `z` against targets `t`; gradient `(softmax(z) − t)·scale`.
  static func _softmaxCrossEntropy(
    rows: Int, columns: Int, z: UnsafePointer<Self>, t: UnsafePointer<Self>, scale: Self,
    gradient: UnsafeMutablePointer<Self>, losses: UnsafeMutablePointer<Self>)
  /// Squared error: terms `(z − t)²`, gradient `2·(z − t)·scale`.
  static func _squaredError(
    rows: Int, columns: Int, z: UnsafePointer<Self>, t: UnsafePointer<Self>, scale: Self,
    gradient: UnsafeMutablePointer<Self>, losses: UnsafeMutablePointer<Self>)
  /// Binary cross-entropy on logits: terms `max(z, 0) − z·t + log(1 + e^{−|z|})`, gradient
  /// `(σ(z) − t)·scale`.
  static func _binaryCrossEntropy(
    rows: Int, columns: Int, z: UnsafePointer<Self>, t: UnsafePointer<Self>, scale: Self,
    gradient: UnsafeMutablePointer<Self>, losses: UnsafeMutablePointer<Self>)

  // MARK: Optimizer updates (in place)

  /// Adam's moments and step (``ScaleByAdam``); `maximum` non-nil for AMSGrad.
  static func _adam(
    count: Int, u: UnsafeMutablePointer<Self>, m: UnsafeMutablePointer<Self>, v: UnsafeMutablePointer<Self>,
    maximum: UnsafeMutablePointer<Self>?, beta1: Self, beta2: Self, epsilon: Self, correction1: Self, root2: Self)
  /// Heavy-ball or Nesterov momentum (``Momentum``).
  static func _momentum(
    count: Int, u: UnsafeMutablePointer<Self>, buffer: UnsafeMutablePointer<Self>, momentum: Self, keep: Self,
    first: Bool, nesterov: Bool)
  /// RMSProp's scaling (``ScaleByRMS``); `mean` non-nil when centered.
  static func _rms(
    count: Int, u: UnsafeMutablePointer<Self>, v: UnsafeMutablePointer<Self>, mean: UnsafeMutablePointer<Self>?,
    alpha: Self, epsilon: Self)
  /// AdaGrad's scaling (``ScaleBySumOfSquares``).
  static func _sumOfSquares(count: Int, u: UnsafeMutablePointer<Self>, sums: UnsafeMutablePointer<Self>, epsilon: Self)
  /// `y ← y + factor·x`.
  static func _addScaled(count: Int, x: UnsafePointer<Self>, factor: Self, y: UnsafeMutablePointer<Self>)
  /// `x ← factor·x`.
  static func _scale(count: Int, x: UnsafeMutablePointer<Self>, factor: Self)
  /// `x ←` x clamped into `[−limit, limit]` (NaN stays NaN).
  static func _clamp(count: Int, x: UnsafeMutablePointer<Self>, limit: Self)

  // MARK: HALS

  /// One HALS sweep over rows `begin ..< end` of `factor` (`rows × k`), see
  /// `_coordinateDescentSweep`; violation terms to `violations[t·rows + i]`.
  static func _halsSweep(
    begin: Int, end: Int, k: Int, rows: Int, factor: UnsafeMutablePointer<Self>, gram: UnsafePointer<Self>,
    cross: UnsafePointer<Self>, violations: UnsafeMutablePointer<Self>)
}
