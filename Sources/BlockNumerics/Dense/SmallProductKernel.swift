// A register-blocked product kernel for small matrices, where a BLAS call costs more in
// overhead (argument checks, buffer packing, a lock around OpenBLAS's buffer pool when
// several threads call at once) than in arithmetic.

/// `C ← A·B (+ C)` for small row-major operands, in plain Swift.
///
/// C is computed in 2 × 8 tiles held in SIMD registers across the whole inner dimension
/// (per step of `k`: two broadcasts of A and one 8-wide load of B for 16 multiply-adds,
/// eight 128-bit accumulators on baseline x86-64), then 2 × 4 tiles, then a scalar loop
/// for the last columns; an odd last row runs the same with one row. Each entry of C sums
/// over `k` in ascending order, multiply then add, whichever tile computes it, so results
/// do not depend on how the caller splits work.
///
/// Measured on 16 × 16 Double products (one core of an AMD EPYC, SSE2 code): 2 × 8 tiles
/// ~550 ns a product, the earlier 4 × 4 tiles ~600 ns (one accumulator spilled to the
/// stack), a 1 × 16 row ~630 ns, a single-threaded `cblas_dgemm` ~610 ns.
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
    if a.columns == 0 {
      if !accumulate {
        for i in 0..<m { (c.base + i * c.leadingDimension).update(repeating: 0, count: c.columns) }
      }
      return
    }
    // Two copies of the loops, each with `accumulate` a constant: a run-time test after
    // the inner loop was seen to cost extra register copies inside it.
    if accumulate {
      rowPanels(a, b, c, accumulate: true)
    } else {
      rowPanels(a, b, c, accumulate: false)
    }
  }

  @inlinable @inline(__always)
  static func rowPanels<Scalar: BLASScalar>(
    _ a: MatrixView<Scalar>, _ b: MatrixView<Scalar>, _ c: MutableMatrixView<Scalar>, accumulate: Bool
  ) {
    let m = c.rows
    var i = 0
    while i + 2 <= m {
      rowPanel(a, b, c, row: i, rowCount: 2, accumulate: accumulate)
      i += 2
    }
    if i < m { rowPanel(a, b, c, row: i, rowCount: 1, accumulate: accumulate) }
  }

  /// Rows `row ..< row + rowCount` (one or two) of C: 8-wide tiles, one 4-wide tile, then
  /// scalar columns.
  @inlinable @inline(__always)
  static func rowPanel<Scalar: BLASScalar>(
    _ a: MatrixView<Scalar>, _ b: MatrixView<Scalar>, _ c: MutableMatrixView<Scalar>,
    row: Int, rowCount: Int, accumulate: Bool
  ) {
    let n = c.columns
    let k = a.columns
    let ldb = b.leadingDimension
    let ldc = c.leadingDimension
    let a0 = a.base + row * a.leadingDimension
    // With one row, the second row's pointer aliases the first; its results are dropped.
    let a1 = rowCount == 2 ? a0 + a.leadingDimension : a0
    let out = c.base + row * ldc
    var j = 0
    while j + 8 <= n {
      var c0 = SIMD8<Scalar>.zero
      var c1 = SIMD8<Scalar>.zero
      var bRow = UnsafeRawPointer(b.base + j)
      let bStride = ldb * MemoryLayout<Scalar>.stride
      // Bottom-tested loops (`repeat`, k ≥ 1 here): with a top-tested `for` (or a k = 0 path
      // joining after the loop), the compiler was seen to rotate the accumulators through
      // eight extra register copies per step, ~10 % slower.
      if rowCount == 2 {
        var p = 0
        repeat {
          let bv = bRow.loadUnaligned(as: SIMD8<Scalar>.self)
          c0 += SIMD8(repeating: a0[p]) * bv
          c1 += SIMD8(repeating: a1[p]) * bv
          bRow += bStride
          p &+= 1
        } while p < k
        store(c1, out + ldc + j, accumulate)
      } else {
        var p = 0
        repeat {
          c0 += SIMD8(repeating: a0[p]) * bRow.loadUnaligned(as: SIMD8<Scalar>.self)
          bRow += bStride
          p &+= 1
        } while p < k
      }
      store(c0, out + j, accumulate)
      j += 8
    }
    if j + 4 <= n {
      var c0 = SIMD4<Scalar>.zero
      var c1 = SIMD4<Scalar>.zero
      var bRow = UnsafeRawPointer(b.base + j)
      let bStride = ldb * MemoryLayout<Scalar>.stride
      for p in 0..<k {
        let bv = bRow.loadUnaligned(as: SIMD4<Scalar>.self)
        c0 += SIMD4(repeating: a0[p]) * bv
        c1 += SIMD4(repeating: a1[p]) * bv
        bRow += bStride
      }
      store(c0, out + j, accumulate)
      if rowCount == 2 { store(c1, out + ldc + j, accumulate) }
      j += 4
    }
    while j < n {
      for r in 0..<rowCount {
        let aRow = r == 0 ? a0 : a1
        var total: Scalar = 0
        for p in 0..<k { total += aRow[p] * b.base[p * ldb + j] }
        let target = out + r * ldc + j
        target.pointee = accumulate ? target.pointee + total : total
      }
      j += 1
    }
  }

  @inlinable @inline(__always)
  static func store<Vector: SIMD>(_ value: Vector, _ pointer: UnsafeMutablePointer<Vector.Scalar>, _ accumulate: Bool)
  where Vector.Scalar: BLASScalar {
    let raw = UnsafeMutableRawPointer(pointer)
    if accumulate {
      raw.storeBytes(of: raw.loadUnaligned(as: Vector.self) + value, as: Vector.self)
    } else {
      raw.storeBytes(of: value, as: Vector.self)
    }
  }
}
