import CKernels

/// A scalar with a C conjugate-gradient kernel for implicit ALS (Sources/CKernels/ImplicitALS.c):
/// `Float` and `Double`. The kernel uses AVX2 with FMA on the AVX vector-kernel paths
/// (``VectorKernels/pathInUse``), which Swift code cannot reach without unsafe compiler
/// flags; on the portable path it runs portable C.
///
/// Pointers are raw so that generic code can hand over its `Scalar` buffers after a
/// dynamic check (`Scalar.self as? any _ImplicitALSKernelScalar.Type`).
protocol _ImplicitALSKernelScalar: Sendable {
  /// Runs the CG steps of every row in `rows` (see blocknumerics_implicit_cg_f32).
  static func _implicitConjugateGradient(
    gram: UnsafeRawPointer, fixed: UnsafeRawPointer, solved: UnsafeMutableRawPointer, k: Int, starts: UnsafePointer<Int>,
    indices: UnsafePointer<Int>, values: UnsafeRawPointer, alpha: Double, steps: Int, rows: Range<Int>, workspace: UnsafeMutableRawPointer)
}

/// Whether the C kernel runs its AVX2/FMA code: on the AVX paths of the vector kernels, so
/// that forcing the portable path (BLOCKNUMERICS_VECTOR_KERNELS, tests) reaches it too.
var _implicitKernelUsesAVX2: Bool { VectorKernels.pathInUse >= .avx2 }

extension Float: _ImplicitALSKernelScalar {
  static func _implicitConjugateGradient(
    gram: UnsafeRawPointer, fixed: UnsafeRawPointer, solved: UnsafeMutableRawPointer, k: Int, starts: UnsafePointer<Int>,
    indices: UnsafePointer<Int>, values: UnsafeRawPointer, alpha: Double, steps: Int, rows: Range<Int>, workspace: UnsafeMutableRawPointer
  ) {
    blocknumerics_implicit_cg_f32(
      gram.assumingMemoryBound(to: Float.self), fixed.assumingMemoryBound(to: Float.self), solved.assumingMemoryBound(to: Float.self), k,
      starts, indices, values.assumingMemoryBound(to: Float.self), Float(alpha), steps, rows.lowerBound, rows.upperBound,
      workspace.assumingMemoryBound(to: Float.self), _implicitKernelUsesAVX2)
  }
}

extension Double: _ImplicitALSKernelScalar {
  static func _implicitConjugateGradient(
    gram: UnsafeRawPointer, fixed: UnsafeRawPointer, solved: UnsafeMutableRawPointer, k: Int, starts: UnsafePointer<Int>,
    indices: UnsafePointer<Int>, values: UnsafeRawPointer, alpha: Double, steps: Int, rows: Range<Int>, workspace: UnsafeMutableRawPointer
  ) {
    blocknumerics_implicit_cg_f64(
      gram.assumingMemoryBound(to: Double.self), fixed.assumingMemoryBound(to: Double.self), solved.assumingMemoryBound(to: Double.self), k,
      starts, indices, values.assumingMemoryBound(to: Double.self), alpha, steps, rows.lowerBound, rows.upperBound,
      workspace.assumingMemoryBound(to: Double.self), _implicitKernelUsesAVX2)
  }
}
