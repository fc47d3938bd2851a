// A register-blocked product kernel for small matrices, where a BLAS call costs more in
// overhead (argument checks, buffer packing, a lock around OpenBLAS's buffer pool when
// several threads call at once) than in arithmetic.

/// `C ← A·B (+ C)` for small row-major operands, in plain Swift.
///
/// C is computed in tiles of two rows by four SIMD registers (8 Double or 16 Float columns
/// on baseline x86-64's 128-bit registers), held in eight separate accumulators across the
/// whole inner dimension: per step of `k`, two broadcasts of A and four loads of B feed
/// eight multiply-adds. Narrower tiles (two registers, one register, then scalar columns)
/// finish the row; an odd last row runs the same with one row. Each entry of C sums over
/// `k` in ascending order, multiply then add, whichever tile computes it, so results do not
/// depend on how the caller splits work.
///
/// Measured on 16 × 16 Double products (one core of an AMD EPYC, SSE2 code, operands in
/// cache, fastest of 300 runs of 1000): ~570 ns a product with separate 128-bit
/// accumulators; ~605 ns for the earlier form with two `SIMD8` accumulators, which the
/// compiler copied between registers on every step (8 extra moves in a 40-instruction
/// loop, against 31 now); a single-threaded `cblas_dgemm` ~430 ns in cache (AVX2/FMA) but
/// 0.9–1.4 µs when, as in a batch, each call meets new operands it must pack.
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
    if a.columns == 0 {
      if !accumulate {
        for i in 0..<c.rows { (c.base + i * c.leadingDimension).update(repeating: 0, count: c.columns) }
      }
      return
    }
    // Double and Float run through copies compiled once in this module (see
    // `doubleProduct`); any other conforming type through the generic code.
    if Scalar.self == Double.self {
      doubleProduct(
        unsafeBitCast(a, to: MatrixView<Double>.self), unsafeBitCast(b, to: MatrixView<Double>.self),
        unsafeBitCast(c, to: MutableMatrixView<Double>.self), accumulate: accumulate)
    } else if Scalar.self == Float.self {
      floatProduct(
        unsafeBitCast(a, to: MatrixView<Float>.self), unsafeBitCast(b, to: MatrixView<Float>.self),
        unsafeBitCast(c, to: MutableMatrixView<Float>.self), accumulate: accumulate)
    } else {
      rowPanels(SIMD2<Scalar>.self, a, b, c, accumulate: accumulate)
    }
  }

  /// The Double kernel, two 64-bit lanes per register. Compiled here, never inlined into
  /// callers: inside a larger caller the register allocator was seen to rotate the eight
  /// accumulators through copies (and a spill) on every step of `k` (40 instructions a
  /// step against 31), 6–8 % slower.
  @usableFromInline @inline(never)
  static func doubleProduct(
    _ a: MatrixView<Double>, _ b: MatrixView<Double>, _ c: MutableMatrixView<Double>, accumulate: Bool
  ) {
    rowPanels(SIMD2<Double>.self, a, b, c, accumulate: accumulate)
  }

  /// The Float kernel, four 32-bit lanes per register; see ``doubleProduct(_:_:_:accumulate:)``.
  @usableFromInline @inline(never)
  static func floatProduct(
    _ a: MatrixView<Float>, _ b: MatrixView<Float>, _ c: MutableMatrixView<Float>, accumulate: Bool
  ) {
    rowPanels(SIMD4<Float>.self, a, b, c, accumulate: accumulate)
  }

  @inlinable @inline(__always)
  static func rowPanels<Vector: SIMD>(
    _: Vector.Type, _ a: MatrixView<Vector.Scalar>, _ b: MatrixView<Vector.Scalar>,
    _ c: MutableMatrixView<Vector.Scalar>, accumulate: Bool
  ) where Vector.Scalar: BLASScalar {
    var i = 0
    while i < c.rows {
      rowPanel(Vector.self, a, b, c, row: i, rowCount: Swift.min(2, c.rows - i), accumulate: accumulate)
      i += 2
    }
  }

  /// Rows `row ..< row + rowCount` (one or two) of C, `k ≥ 1`: four-register tiles, then
  /// one two-register and one one-register tile where they fit, then scalar columns.
  @inlinable @inline(__always)
  static func rowPanel<Vector: SIMD>(
    _: Vector.Type, _ a: MatrixView<Vector.Scalar>, _ b: MatrixView<Vector.Scalar>,
    _ c: MutableMatrixView<Vector.Scalar>, row: Int, rowCount: Int, accumulate: Bool
  ) where Vector.Scalar: BLASScalar {
    typealias Scalar = Vector.Scalar
    let n = c.columns
    let k = a.columns
    let width = Vector.scalarCount
    let vectorBytes = MemoryLayout<Vector>.size
    let bStride = b.leadingDimension * MemoryLayout<Scalar>.stride
    let a0 = a.base + row * a.leadingDimension
    // With one row, the second row's pointer aliases the first; its results are dropped.
    let twoRows = rowCount == 2
    let a1 = twoRows ? a0 + a.leadingDimension : a0
    let out0 = c.base + row * c.leadingDimension
    let out1 = out0 + c.leadingDimension
    var j = 0
    // Bottom-tested loops (`repeat`, k ≥ 1 here) and one variable per register: with a
    // top-tested `for` or `SIMD8` accumulators the compiler was seen to rotate the
    // accumulators through extra register copies on every step.
    while j + 4 * width <= n {
      var c00 = Vector.zero, c01 = Vector.zero, c02 = Vector.zero, c03 = Vector.zero
      var c10 = Vector.zero, c11 = Vector.zero, c12 = Vector.zero, c13 = Vector.zero
      var bRow = UnsafeRawPointer(b.base + j)
      var p = 0
      repeat {
        let b0 = bRow.loadUnaligned(as: Vector.self)
        let b1 = bRow.loadUnaligned(fromByteOffset: vectorBytes, as: Vector.self)
        let b2 = bRow.loadUnaligned(fromByteOffset: 2 * vectorBytes, as: Vector.self)
        let b3 = bRow.loadUnaligned(fromByteOffset: 3 * vectorBytes, as: Vector.self)
        let x = Vector(repeating: a0[p])
        c00 += x * b0
        c01 += x * b1
        c02 += x * b2
        c03 += x * b3
        let y = Vector(repeating: a1[p])
        c10 += y * b0
        c11 += y * b1
        c12 += y * b2
        c13 += y * b3
        bRow += bStride
        p &+= 1
      } while p < k
      store(c00, out0 + j, accumulate)
      store(c01, out0 + j + width, accumulate)
      store(c02, out0 + j + 2 * width, accumulate)
      store(c03, out0 + j + 3 * width, accumulate)
      if twoRows {
        store(c10, out1 + j, accumulate)
        store(c11, out1 + j + width, accumulate)
        store(c12, out1 + j + 2 * width, accumulate)
        store(c13, out1 + j + 3 * width, accumulate)
      }
      j += 4 * width
    }
    if j + 2 * width <= n {
      var c00 = Vector.zero, c01 = Vector.zero
      var c10 = Vector.zero, c11 = Vector.zero
      var bRow = UnsafeRawPointer(b.base + j)
      var p = 0
      repeat {
        let b0 = bRow.loadUnaligned(as: Vector.self)
        let b1 = bRow.loadUnaligned(fromByteOffset: vectorBytes, as: Vector.self)
        let x = Vector(repeating: a0[p])
        c00 += x * b0
        c01 += x * b1
        let y = Vector(repeating: a1[p])
        c10 += y * b0
        c11 += y * b1
        bRow += bStride
        p &+= 1
      } while p < k
      store(c00, out0 + j, accumulate)
      store(c01, out0 + j + width, accumulate)
      if twoRows {
        store(c10, out1 + j, accumulate)
        store(c11, out1 + j + width, accumulate)
      }
      j += 2 * width
    }
    if j + width <= n {
      var c00 = Vector.zero
      var c10 = Vector.zero
      var bRow = UnsafeRawPointer(b.base + j)
      var p = 0
      repeat {
        let b0 = bRow.loadUnaligned(as: Vector.self)
        c00 += Vector(repeating: a0[p]) * b0
        c10 += Vector(repeating: a1[p]) * b0
        bRow += bStride
        p &+= 1
      } while p < k
      store(c00, out0 + j, accumulate)
      if twoRows { store(c10, out1 + j, accumulate) }
      j += width
    }
    while j < n {
      for r in 0..<rowCount {
        let aRow = r == 0 ? a0 : a1
        var total: Scalar = 0
        for p in 0..<k { total += aRow[p] * b.base[p * b.leadingDimension + j] }
        let target = (r == 0 ? out0 : out1) + j
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
