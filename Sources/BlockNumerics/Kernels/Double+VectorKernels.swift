import CKernels

// Each requirement of `_VectorKernelScalar` forwards to one `blocknumerics_…_f64` routine.
extension Double: _VectorKernelScalar {
  /// `blocknumerics_small_product_f64`.
  public static func _smallProduct(
    m: Int, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Double>, ldb: Int, transposeB: Bool, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    blocknumerics_small_product_f64(m, n, k, alpha, a, aRowStride, aColumnStride, b, ldb, transposeB, beta, c, ldc)
  }

  /// `blocknumerics_batched_small_product_f64`.
  public static func _batchedSmallProduct(
    count: Int, m: Int, n: Int, k: Int, a: UnsafePointer<UnsafePointer<Double>?>,
    b: UnsafePointer<UnsafePointer<Double>?>, c: UnsafePointer<UnsafeMutablePointer<Double>?>
  ) {
    blocknumerics_batched_small_product_f64(count, m, n, k, a, b, c)
  }

  /// `blocknumerics_block_row_product_f64`.
  public static func _blockRowProduct(
    m: Int, n: Int, inner: Int, terms: Int, blocks: UnsafePointer<Double>, blockStride: Int,
    positions: UnsafePointer<Int>?, aRowStride: Int, aColumnStride: Int, x: UnsafePointer<Double>, ldx: Int,
    inputs: UnsafePointer<Int>, alpha: Double, beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
  ) {
    blocknumerics_block_row_product_f64(
      m, n, inner, terms, blocks, blockStride, positions, aRowStride, aColumnStride, x, ldx, inputs, alpha, beta, c, ldc)
  }

  /// `blocknumerics_transpose_f64`.
  public static func _transpose(
    rows: Int, columns: Int, source: UnsafePointer<Double>, lds: Int, target: UnsafeMutablePointer<Double>, ldt: Int
  ) {
    blocknumerics_transpose_f64(rows, columns, source, lds, target, ldt)
  }

  /// `blocknumerics_relu_f64`.
  public static func _relu(count: Int, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    blocknumerics_relu_f64(count, x, y)
  }
  /// `blocknumerics_relu_backward_f64`.
  public static func _reluBackward(count: Int, dy: UnsafePointer<Double>, y: UnsafePointer<Double>, dx: UnsafeMutablePointer<Double>) {
    blocknumerics_relu_backward_f64(count, dy, y, dx)
  }
  /// `blocknumerics_sigmoid_f64`.
  public static func _sigmoid(count: Int, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    blocknumerics_sigmoid_f64(count, x, y)
  }
  /// `blocknumerics_sigmoid_backward_f64`.
  public static func _sigmoidBackward(count: Int, dy: UnsafePointer<Double>, y: UnsafePointer<Double>, dx: UnsafeMutablePointer<Double>) {
    blocknumerics_sigmoid_backward_f64(count, dy, y, dx)
  }
  /// `blocknumerics_tanh_f64`.
  public static func _tanh(count: Int, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    blocknumerics_tanh_f64(count, x, y)
  }
  /// `blocknumerics_tanh_backward_f64`.
  public static func _tanhBackward(count: Int, dy: UnsafePointer<Double>, y: UnsafePointer<Double>, dx: UnsafeMutablePointer<Double>) {
    blocknumerics_tanh_backward_f64(count, dy, y, dx)
  }
  /// `blocknumerics_exp_f64`.
  public static func _exp(count: Int, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    blocknumerics_exp_f64(count, x, y)
  }
  /// `blocknumerics_log1p_unit_f64`.
  public static func _log1pUnit(count: Int, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    blocknumerics_log1p_unit_f64(count, x, y)
  }

  /// `blocknumerics_softmax_cross_entropy_f64`.
  public static func _softmaxCrossEntropy(
    rows: Int, columns: Int, z: UnsafePointer<Double>, t: UnsafePointer<Double>, scale: Double,
    gradient: UnsafeMutablePointer<Double>, losses: UnsafeMutablePointer<Double>
  ) {
    blocknumerics_softmax_cross_entropy_f64(rows, columns, z, t, scale, gradient, losses)
  }
  /// `blocknumerics_squared_error_f64`.
  public static func _squaredError(
    rows: Int, columns: Int, z: UnsafePointer<Double>, t: UnsafePointer<Double>, scale: Double,
    gradient: UnsafeMutablePointer<Double>, losses: UnsafeMutablePointer<Double>
  ) {
    blocknumerics_squared_error_f64(rows, columns, z, t, scale, gradient, losses)
  }
  /// `blocknumerics_binary_cross_entropy_f64`.
  public static func _binaryCrossEntropy(
    rows: Int, columns: Int, z: UnsafePointer<Double>, t: UnsafePointer<Double>, scale: Double,
    gradient: UnsafeMutablePointer<Double>, losses: UnsafeMutablePointer<Double>
  ) {
    blocknumerics_binary_cross_entropy_f64(rows, columns, z, t, scale, gradient, losses)
  }

  /// `blocknumerics_adam_f64`.
  public static func _adam(
    count: Int, u: UnsafeMutablePointer<Double>, m: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>,
    maximum: UnsafeMutablePointer<Double>?, beta1: Double, beta2: Double, epsilon: Double, correction1: Double, root2: Double
  ) {
    blocknumerics_adam_f64(count, u, m, v, maximum, beta1, beta2, epsilon, correction1, root2)
  }
  /// `blocknumerics_momentum_f64`.
  public static func _momentum(
    count: Int, u: UnsafeMutablePointer<Double>, buffer: UnsafeMutablePointer<Double>, momentum: Double, keep: Double,
    first: Bool, nesterov: Bool
  ) {
    blocknumerics_momentum_f64(count, u, buffer, momentum, keep, first, nesterov)
  }
  /// `blocknumerics_rms_f64`.
  public static func _rms(
    count: Int, u: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>, mean: UnsafeMutablePointer<Double>?,
    alpha: Double, epsilon: Double
  ) {
    blocknumerics_rms_f64(count, u, v, mean, alpha, epsilon)
  }
  /// `blocknumerics_sum_of_squares_f64`.
  public static func _sumOfSquares(count: Int, u: UnsafeMutablePointer<Double>, sums: UnsafeMutablePointer<Double>, epsilon: Double) {
    blocknumerics_sum_of_squares_f64(count, u, sums, epsilon)
  }
  /// `blocknumerics_add_scaled_f64`.
  public static func _addScaled(count: Int, x: UnsafePointer<Double>, factor: Double, y: UnsafeMutablePointer<Double>) {
    blocknumerics_add_scaled_f64(count, x, factor, y)
  }
  /// `blocknumerics_scale_f64`.
  public static func _scale(count: Int, x: UnsafeMutablePointer<Double>, factor: Double) {
    blocknumerics_scale_f64(count, x, factor)
  }
  /// `blocknumerics_clamp_f64`.
  public static func _clamp(count: Int, x: UnsafeMutablePointer<Double>, limit: Double) {
    blocknumerics_clamp_f64(count, x, limit)
  }

  /// `blocknumerics_hals_sweep_f64`.
  public static func _halsSweep(
    begin: Int, end: Int, k: Int, rows: Int, factor: UnsafeMutablePointer<Double>, gram: UnsafePointer<Double>,
    cross: UnsafePointer<Double>, violations: UnsafeMutablePointer<Double>
  ) {
    blocknumerics_hals_sweep_f64(begin, end, k, rows, factor, gram, cross, violations)
  }
}
