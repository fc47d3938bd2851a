// A register-blocked product kernel for small matrices, where a BLAS call costs more in
// overhead (argument checks, buffer packing, a lock around OpenBLAS's buffer pool when
// several threads call at once) than in arithmetic.

/// `C ← op·A·B (+ C)` for small row-major operands, in plain Swift.
///
/// C is computed in 4 × 4 tiles held in SIMD registers across the whole inner dimension
/// (one broadcast of A and one load of B per 16 multiply-adds), with a scalar loop for the
/// ragged edges. Each entry sums over `k` in ascending order, so results do not depend on
/// how the caller splits work.
@usableFromInline
enum SmallProductKernel {
  /// Products with at most this many multiply-adds go to the kernel; larger ones to BLAS.
  @usableFromInline static let maximumWork = 48 * 48 * 48

  /// Whether an `m × k` times `k × n` product is small enough for the kernel.
  @inlinable
  static func handles(m: Int, n: Int, k: Int) -> Bool { m * n * k <= maximumWork }

  /// `C ← A·B`, or `C ← A·B + C` when `accumulate`, on views with matching shapes.
  @inlinable
  static func multiply<Scalar: BLASScalar>(
    _ a: MatrixView<Scalar>, _ b: MatrixView<Scalar>, into c: MutableMatrixView<Scalar>, accumulate: Bool
  ) {
    let m = c.rows
    let n = c.columns
    let k = a.columns
    let lda = a.leadingDimension
    let ldb = b.leadingDimension
    let ldc = c.leadingDimension
    let fullRows = m & ~3
    let fullColumns = n & ~3
    var i = 0
    while i < fullRows {
      var j = 0
      while j < fullColumns {
        var c0 = SIMD4<Scalar>.zero
        var c1 = SIMD4<Scalar>.zero
        var c2 = SIMD4<Scalar>.zero
        var c3 = SIMD4<Scalar>.zero
        let a0 = a.base + i * lda
        let a1 = a0 + lda
        let a2 = a1 + lda
        let a3 = a2 + lda
        var bRow = UnsafeRawPointer(b.base + j)
        for p in 0..<k {
          let bv = bRow.loadUnaligned(as: SIMD4<Scalar>.self)
          c0 += SIMD4(repeating: a0[p]) * bv
          c1 += SIMD4(repeating: a1[p]) * bv
          c2 += SIMD4(repeating: a2[p]) * bv
          c3 += SIMD4(repeating: a3[p]) * bv
          bRow += ldb * MemoryLayout<Scalar>.stride
        }
        let out = c.base + i * ldc + j
        store(c0, out, accumulate)
        store(c1, out + ldc, accumulate)
        store(c2, out + 2 * ldc, accumulate)
        store(c3, out + 3 * ldc, accumulate)
        j += 4
      }
      i += 4
    }
    // Ragged edges: the last columns of the full rows, then the last rows.
    edge(a, b, c, rows: 0..<fullRows, columns: fullColumns..<n, accumulate: accumulate)
    edge(a, b, c, rows: fullRows..<m, columns: 0..<n, accumulate: accumulate)
  }

  @inlinable @inline(__always)
  static func store<Scalar: BLASScalar>(_ value: SIMD4<Scalar>, _ pointer: UnsafeMutablePointer<Scalar>, _ accumulate: Bool) {
    let raw = UnsafeMutableRawPointer(pointer)
    if accumulate {
      raw.storeBytes(of: raw.loadUnaligned(as: SIMD4<Scalar>.self) + value, as: SIMD4<Scalar>.self)
    } else {
      raw.storeBytes(of: value, as: SIMD4<Scalar>.self)
    }
  }

  @inlinable
  static func edge<Scalar: BLASScalar>(
    _ a: MatrixView<Scalar>, _ b: MatrixView<Scalar>, _ c: MutableMatrixView<Scalar>,
    rows: Range<Int>, columns: Range<Int>, accumulate: Bool
  ) {
    guard !columns.isEmpty else { return }
    for i in rows {
      for j in columns {
        var total: Scalar = 0
        for p in 0..<a.columns { total += a[i, p] * b[p, j] }
        c[i, j] = accumulate ? c[i, j] + total : total
      }
    }
  }
}
