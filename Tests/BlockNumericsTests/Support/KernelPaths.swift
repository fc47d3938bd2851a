@testable import BlockNumerics

/// Runs `body` once on every path of the vector kernels this CPU runs (narrowest first),
/// through ``VectorKernels/withPath(_:_:)``; the path goes back to the one in use afterwards.
///
/// scripts/test also runs the kernel tests and their main users once per path
/// (`BLOCKNUMERICS_VECTOR_KERNELS`), the whole suite on the widest;
/// this is for tests that compare the paths with each other in one process.
func forEachKernelPath(_ body: (VectorKernels.Path) throws -> Void) rethrows {
  for path in VectorKernels.supportedPaths {
    _ = try VectorKernels.withPath(path) { try body(path) }
  }
}

/// `a·b + c` as `path` computes it: one rounding where the path fuses multiply-adds, two
/// (the product, then the sum) where it does not.
func multiplyAdd<Scalar: BLASScalar>(_ a: Scalar, _ b: Scalar, _ c: Scalar, on path: VectorKernels.Path) -> Scalar {
  path.fusesMultiplyAdd ? c.addingProduct(a, b) : c + a * b
}

/// A triple-loop product summing each entry in ascending order with `path`'s multiply-add:
/// the exact operations of the library's small-product kernel on that path.
func referenceProduct<Scalar: BLASScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>, on path: VectorKernels.Path) -> Matrix<Scalar> {
  var c = Matrix<Scalar>(rows: a.rows, columns: b.columns)
  for i in 0..<a.rows {
    for j in 0..<b.columns {
      var total: Scalar = 0
      for k in 0..<a.columns { total = multiplyAdd(a[i, k], b[k, j], total, on: path) }
      c[i, j] = total
    }
  }
  return c
}

/// Whether `a` and `b` are within `ulps` units in the last place of each other (NaN equals NaN).
func withinULPs<Scalar: BLASScalar>(_ a: Scalar, _ b: Scalar, _ ulps: Scalar) -> Bool {
  if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
  if a == b { return true }
  let unit = Swift.max(Swift.abs(b).ulp, Scalar.leastNonzeroMagnitude)
  return Swift.abs(a - b) <= ulps * unit
}
