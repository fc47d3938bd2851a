import CKernels

// Each requirement of `_VectorKernelScalar` forwards to one `blocknumerics_…_f32` routine.
extension Float: _VectorKernelScalar {
  /// `blocknumerics_small_product_f32`.
  public static func _smallProduct(
    m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Float>, ldb: Int, transposeB: Bool, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    blocknumerics_small_product_f32(m, n, k, alpha, a, aRowStride, aColumnStride, b, ldb, transposeB, beta, c, ldc)
  }

  /// `blocknumerics_batched_small_product_f32`.
  public static func _batchedSmallProduct(
    count: Int, m: Int, n: Int, k: Int, a: UnsafePointer<UnsafePointer<Float>?>,
    b: UnsafePointer<UnsafePointer<Float>?>, c: UnsafePointer<UnsafeMutablePointer<Float>?>
  ) {
    blocknumerics_batched_small_product_f32(count, m, n, k, a, b, c)
  }

  /// `blocknumerics_block_row_product_f32`.
  public static func _blockRowProduct(
    m: Int, n: Int, inner: Int, terms: Int, blocks: UnsafePointer<Float>, blockStride: Int,
    positions: UnsafePointer<Int>?, aRowStride: Int, aColumnStride: Int, x: UnsafePointer<Float>, ldx: Int,
    inputs: UnsafePointer<Int>, alpha: Float, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    blocknumerics_block_row_product_f32(
      m, n, inner, terms, blocks, blockStride, positions, aRowStride, aColumnStride, x, ldx, inputs, alpha, beta, c, ldc)
  }

  /// `blocknumerics_transpose_f32`.
  public static func _transpose(
    rows: Int, columns: Int, source: UnsafePointer<Float>, lds: Int, target: UnsafeMutablePointer<Float>, ldt: Int
  ) {
    blocknumerics_transpose_f32(rows, columns, source, lds, target, ldt)
  }

  /// `blocknumerics_relu_f32`.
  public static func _relu(count: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    blocknumerics_relu_f32(count, x, y)
  }
  /// `blocknumerics_relu_backward_f32`.
  public static func _reluBackward(count: Int, dy: UnsafePointer<Float>, y: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>) {
    blocknumerics_relu_backward_f32(count, dy, y, dx)
  }
  /// `blocknumerics_sigmoid_f32`.
  public static func _sigmoid(count: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    blocknumerics_sigmoid_f32(count, x, y)
  }
  /// `blocknumerics_sigmoid_backward_f32`.
  public static func _sigmoidBackward(count: Int, dy: UnsafePointer<Float>, y: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>) {
    blocknumerics_sigmoid_backward_f32(count, dy, y, dx)
  }
  /// `blocknumerics_tanh_f32`.
  public static func _tanh(count: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    blocknumerics_tanh_f32(count, x, y)
  }
  /// `blocknumerics_tanh_backward_f32`.
  public static func _tanhBackward(count: Int, dy: UnsafePointer<Float>, y: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>) {
    blocknumerics_tanh_backward_f32(count, dy, y, dx)
  }
  /// `blocknumerics_exp_f32`.
  public static func _exp(count: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    blocknumerics_exp_f32(count, x, y)
  }
  /// `blocknumerics_log1p_unit_f32`.
  public static func _log1pUnit(count: Int, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    blocknumerics_log1p_unit_f32(count, x, y)
  }

  /// `blocknumerics_softmax_cross_entropy_f32`.
  public static func _softmaxCrossEntropy(
    rows: Int, columns: Int, z: UnsafePointer<Float>, t: UnsafePointer<Float>, scale: Float,
    gradient: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Float>
  ) {
    blocknumerics_softmax_cross_entropy_f32(rows, columns, z, t, scale, gradient, losses)
  }
  /// `blocknumerics_squared_error_f32`.
  public static func _squaredError(
    rows: Int, columns: Int, z: UnsafePointer<Float>, t: UnsafePointer<Float>, scale: Float,
    gradient: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Float>
  ) {
    blocknumerics_squared_error_f32(rows, columns, z, t, scale, gradient, losses)
  }
  /// `blocknumerics_binary_cross_entropy_f32`.
  public static func _binaryCrossEntropy(
    rows: Int, columns: Int, z: UnsafePointer<Float>, t: UnsafePointer<Float>, scale: Float,
    gradient: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Float>
  ) {
    blocknumerics_binary_cross_entropy_f32(rows, columns, z, t, scale, gradient, losses)
  }

  /// `blocknumerics_adam_f32`.
  public static func _adam(
    count: Int, u: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
    maximum: UnsafeMutablePointer<Float>?, beta1: Float, beta2: Float, epsilon: Float, correction1: Float, root2: Float
  ) {
    blocknumerics_adam_f32(count, u, m, v, maximum, beta1, beta2, epsilon, correction1, root2)
  }
  /// `blocknumerics_momentum_f32`.
  public static func _momentum(
    count: Int, u: UnsafeMutablePointer<Float>, buffer: UnsafeMutablePointer<Float>, momentum: Float, keep: Float,
    first: Bool, nesterov: Bool
  ) {
    blocknumerics_momentum_f32(count, u, buffer, momentum, keep, first, nesterov)
  }
  /// `blocknumerics_rms_f32`.
  public static func _rms(
    count: Int, u: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>?,
    alpha: Float, epsilon: Float
  ) {
    blocknumerics_rms_f32(count, u, v, mean, alpha, epsilon)
  }
  /// `blocknumerics_sum_of_squares_f32`.
  public static func _sumOfSquares(count: Int, u: UnsafeMutablePointer<Float>, sums: UnsafeMutablePointer<Float>, epsilon: Float) {
    blocknumerics_sum_of_squares_f32(count, u, sums, epsilon)
  }
  /// `blocknumerics_add_scaled_f32`.
  public static func _addScaled(count: Int, x: UnsafePointer<Float>, factor: Float, y: UnsafeMutablePointer<Float>) {
    blocknumerics_add_scaled_f32(count, x, factor, y)
  }
  /// `blocknumerics_scale_f32`.
  public static func _scale(count: Int, x: UnsafeMutablePointer<Float>, factor: Float) {
    blocknumerics_scale_f32(count, x, factor)
  }
  /// `blocknumerics_clamp_f32`.
  public static func _clamp(count: Int, x: UnsafeMutablePointer<Float>, limit: Float) {
    blocknumerics_clamp_f32(count, x, limit)
  }

  /// `blocknumerics_hals_sweep_f32`.
  public static func _halsSweep(
    begin: Int, end: Int, k: Int, rows: Int, factor: UnsafeMutablePointer<Float>, gram: UnsafePointer<Float>,
    cross: UnsafePointer<Float>, violations: UnsafeMutablePointer<Float>
  ) {
    blocknumerics_hals_sweep_f32(begin, end, k, rows, factor, gram, cross, violations)
  }
}
