// A register-blocked product kernel for small matrices, where a BLAS call costs more in
// overhead (argument checks, buffer packing, a lock around OpenBLAS's buffer pool when
// several threads call at once) than in arithmetic; and the rule that picks it or BLAS.

/// Which products go to the small-product kernel rather than to BLAS.
@usableFromInline
struct SmallProductParameters: Sendable, Equatable {
  /// Products with at most this many multiply-adds go to the kernel, whatever their shape.
  @usableFromInline var tinyWork: Int
  /// Products with two of `m`, `n`, `k` at most this go to the kernel whatever the third:
  /// BLAS packs its operands even for such thin products and reaches a fraction of its speed.
  @usableFromInline var thinSide: Int
  /// Products with every side at most this go to the kernel: a BLAS call packs both new
  /// operands and clears `C` first, which costs more than the arithmetic at these sizes.
  @usableFromInline var maximumSide: Int

  /// Parameters; see each property.
  @usableFromInline
  init(tinyWork: Int = 512, thinSide: Int = 4, maximumSide: Int = 48) {
    self.tinyWork = tinyWork
    self.thinSide = thinSide
    self.maximumSide = maximumSide
  }

  /// The defaults, measured on x86-64 with OpenBLAS 0.3.21: a 16 × 16 Double product takes
  /// ~570 ns in the kernel and 0.9–1.4 µs as a BLAS call meeting new operands; at 4 × 4 blocks
  /// of a block-sparse product the kernel beats a BLAS call per block by about 1.5×, at
  /// 8 × 8 blocks times 256 columns BLAS wins.
  @usableFromInline static let automatic = SmallProductParameters()

  /// Whether an `m × k` times `k × n` product goes to the kernel; one column goes to `gemv`.
  @inlinable
  func usesKernel(m: Int, n: Int, k: Int) -> Bool {
    let thin = (m <= thinSide ? 1 : 0) + (n <= thinSide ? 1 : 0) + (k <= thinSide ? 1 : 0)
    if thin >= 2 || m &* n &* k <= tinyWork { return true }
    return n > 1 && Swift.max(m, n, k) <= maximumSide
  }
}

/// `C ← alpha·op(A)·op(B) + beta·C` on views, by whichever is faster for the shape: the
/// small-product kernel (``SmallProductParameters``), BLAS `gemv` for one column, or BLAS
/// `gemm`. Shapes must already agree; with `beta == 0`, `C` is not read.
///
/// Batched products, block-sparse kernels and block-sparse layers all multiply through it.
@inlinable
func _smallOrBLASProduct<Scalar: BLASScalar>(
  _ a: MatrixView<Scalar>, transposeA: Bool = false, _ b: MatrixView<Scalar>, transposeB: Bool = false,
  alpha: Scalar = 1, beta: Scalar = 0, into c: MutableMatrixView<Scalar>,
  parameters: SmallProductParameters = .automatic
) {
  let k = transposeA ? a.rows : a.columns
  if parameters.usesKernel(m: c.rows, n: c.columns, k: k) {
    SmallProductKernel.multiply(
      a, transposeA: transposeA, b, transposeB: transposeB, alpha: alpha, beta: beta, into: c)
  } else if c.columns == 1 && !transposeB && b.leadingDimension == 1 && c.leadingDimension == 1 {
    // One right-hand column, contiguous: a matrix–vector product.
    BLAS.gemv(a, transpose: transposeA, x: b.base, alpha: alpha, beta: beta, into: c.base)
  } else {
    BLAS.gemm(a, transposeA: transposeA, b, transposeB: transposeB, alpha: alpha, beta: beta, into: c)
  }
}

/// `C ← alpha·op(A)·op(B) + beta·C` for small row-major operands, in plain Swift.
///
/// C is computed in tiles of two rows by four SIMD registers (8 Double or 16 Float columns
/// on baseline x86-64's 128-bit registers), held in eight separate accumulators across the
/// whole inner dimension: per step of `k`, two broadcasts of A and four loads of B feed
/// eight multiply-adds. Narrower tiles (two registers, one register, then scalar columns)
/// finish the row; an odd last row runs the same with one row. Each entry of C sums over
/// `k` in ascending order, multiply then add, whichever tile computes it, and is then
/// scaled by `alpha` and added to `beta·C` as BLAS does (`C + Σ` for β = 1), so results do not
/// depend on how the caller splits work. `C ← Σ` and `C ← C + Σ`, the updates batched and
/// block-sparse products make, are compiled without scaling or a test per tile
/// (`_TileUpdate`). A transposed operand is first copied into its transpose
/// (``_transposeCopy(_:into:)``, O(m·k) or O(k·n) against O(m·n·k) arithmetic), so the
/// tiles always read rows.
///
/// Measured on 16 × 16 Double products (one core of an AMD EPYC, SSE2 code, operands in
/// cache, fastest of 300 runs of 1000): ~570 ns a product with separate 128-bit
/// accumulators; ~605 ns for the earlier form with two `SIMD8` accumulators, which the
/// compiler copied between registers on every step (8 extra moves in a 40-instruction
/// loop, against 31 now); a single-threaded `cblas_dgemm` ~430 ns in cache (AVX2/FMA) but
/// 0.9–1.4 µs when, as in a batch, each call meets new operands it must pack. On 2 cores of
/// an AMD EPYC with AVX-512 (OpenBLAS 0.3.21 on its Cooperlake kernels, which have
/// small-matrix paths) a single-threaded `cblas_dgemm` was faster than this kernel at every
/// small shape tried, in cache (16³: ~210 against ~470 ns). Whether BLAS also wins the
/// batched benchmark there (10 000 new pairs on both cores) is not settled: runs at different
/// times put the two within noise of each other.
@usableFromInline
enum SmallProductKernel {
  /// `C ← alpha·op(A)·op(B) + beta·C` on views with matching shapes; with `beta == 0`, `C`
  /// is not read, and with `alpha == 0` (or an empty inner dimension) `A` and `B` are not.
  @inlinable
  static func multiply<Scalar: BLASScalar>(
    _ a: MatrixView<Scalar>, transposeA: Bool = false, _ b: MatrixView<Scalar>, transposeB: Bool = false,
    alpha: Scalar = 1, beta: Scalar = 0, into c: MutableMatrixView<Scalar>
  ) {
    if c.rows == 0 || c.columns == 0 { return }
    if (transposeA ? a.rows : a.columns) == 0 || alpha == 0 {
      BLAS.scale(c, by: beta)
      return
    }
    if transposeA {
      withTransposed(a) { multiply($0, b, transposeB: transposeB, alpha: alpha, beta: beta, into: c) }
      return
    }
    if transposeB {
      withTransposed(b) { multiply(a, $0, alpha: alpha, beta: beta, into: c) }
      return
    }
    // Double and Float run through copies compiled once in this module (see
    // `doubleProduct`); any other conforming type through the generic code.
    if Scalar.self == Double.self {
      doubleProduct(
        unsafeBitCast(a, to: MatrixView<Double>.self), unsafeBitCast(b, to: MatrixView<Double>.self),
        unsafeBitCast(c, to: MutableMatrixView<Double>.self), alpha: unsafeBitCast(alpha, to: Double.self),
        beta: unsafeBitCast(beta, to: Double.self))
    } else if Scalar.self == Float.self {
      floatProduct(
        unsafeBitCast(a, to: MatrixView<Float>.self), unsafeBitCast(b, to: MatrixView<Float>.self),
        unsafeBitCast(c, to: MutableMatrixView<Float>.self), alpha: unsafeBitCast(alpha, to: Float.self),
        beta: unsafeBitCast(beta, to: Float.self))
    } else {
      rowPanels(SIMD2<Scalar>.self, _ScaleAndAdd.self, a, b, c, alpha: alpha, beta: beta)
    }
  }

  /// Calls `body` with a contiguous copy of the transpose of `view`.
  @inlinable
  static func withTransposed<Scalar: BLASScalar>(_ view: MatrixView<Scalar>, _ body: (MatrixView<Scalar>) -> Void) {
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: view.rows * view.columns) { buffer in
      let transposed = MutableMatrixView(
        base: buffer._viewBase, rows: view.columns, columns: view.rows, leadingDimension: Swift.max(1, view.rows))
      _transposeCopy(view, into: transposed)
      body(transposed.readOnly)
    }
  }

  /// The Double kernel, two 64-bit lanes per register. Compiled here, never inlined into
  /// callers: inside a larger caller the register allocator was seen to rotate the eight
  /// accumulators through copies (and a spill) on every step of `k` (40 instructions a
  /// step against 31), 6–8 % slower.
  @usableFromInline @inline(never)
  static func doubleProduct(
    _ a: MatrixView<Double>, _ b: MatrixView<Double>, _ c: MutableMatrixView<Double>, alpha: Double, beta: Double
  ) {
    specializedPanels(SIMD2<Double>.self, a, b, c, alpha: alpha, beta: beta)
  }

  /// The Float kernel, four 32-bit lanes per register; see ``doubleProduct(_:_:_:alpha:beta:)``.
  @usableFromInline @inline(never)
  static func floatProduct(
    _ a: MatrixView<Float>, _ b: MatrixView<Float>, _ c: MutableMatrixView<Float>, alpha: Float, beta: Float
  ) {
    specializedPanels(SIMD4<Float>.self, a, b, c, alpha: alpha, beta: beta)
  }

  /// The panels compiled for the two common updates, `C ← Σ` and `C ← C + Σ` (no scaling,
  /// no test per tile), and for the general one.
  @inlinable @inline(__always)
  static func specializedPanels<Vector: SIMD>(
    _: Vector.Type, _ a: MatrixView<Vector.Scalar>, _ b: MatrixView<Vector.Scalar>,
    _ c: MutableMatrixView<Vector.Scalar>, alpha: Vector.Scalar, beta: Vector.Scalar
  ) where Vector.Scalar: BLASScalar {
    if alpha == 1 && beta == 0 {
      rowPanels(Vector.self, _Overwrite.self, a, b, c, alpha: alpha, beta: beta)
    } else if alpha == 1 && beta == 1 {
      rowPanels(Vector.self, _Accumulate.self, a, b, c, alpha: alpha, beta: beta)
    } else {
      rowPanels(Vector.self, _ScaleAndAdd.self, a, b, c, alpha: alpha, beta: beta)
    }
  }

  @inlinable @inline(__always)
  static func rowPanels<Vector: SIMD, Update: _TileUpdate>(
    _: Vector.Type, _: Update.Type, _ a: MatrixView<Vector.Scalar>, _ b: MatrixView<Vector.Scalar>,
    _ c: MutableMatrixView<Vector.Scalar>, alpha: Vector.Scalar, beta: Vector.Scalar
  ) where Vector.Scalar: BLASScalar {
    var i = 0
    while i < c.rows {
      rowPanel(Vector.self, Update.self, a, b, c, row: i, rowCount: Swift.min(2, c.rows - i), alpha: alpha, beta: beta)
      i += 2
    }
  }

  /// Rows `row ..< row + rowCount` (one or two) of C, `k ≥ 1`: four-register tiles, then
  /// one two-register and one one-register tile where they fit, then scalar columns.
  @inlinable @inline(__always)
  static func rowPanel<Vector: SIMD, Update: _TileUpdate>(
    _: Vector.Type, _: Update.Type, _ a: MatrixView<Vector.Scalar>, _ b: MatrixView<Vector.Scalar>,
    _ c: MutableMatrixView<Vector.Scalar>, row: Int, rowCount: Int, alpha: Vector.Scalar, beta: Vector.Scalar
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
      Update.store(c00, out0 + j, alpha, beta)
      Update.store(c01, out0 + j + width, alpha, beta)
      Update.store(c02, out0 + j + 2 * width, alpha, beta)
      Update.store(c03, out0 + j + 3 * width, alpha, beta)
      if twoRows {
        Update.store(c10, out1 + j, alpha, beta)
        Update.store(c11, out1 + j + width, alpha, beta)
        Update.store(c12, out1 + j + 2 * width, alpha, beta)
        Update.store(c13, out1 + j + 3 * width, alpha, beta)
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
      Update.store(c00, out0 + j, alpha, beta)
      Update.store(c01, out0 + j + width, alpha, beta)
      if twoRows {
        Update.store(c10, out1 + j, alpha, beta)
        Update.store(c11, out1 + j + width, alpha, beta)
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
      Update.store(c00, out0 + j, alpha, beta)
      if twoRows { Update.store(c10, out1 + j, alpha, beta) }
      j += width
    }
    while j < n {
      for r in 0..<rowCount {
        let aRow = r == 0 ? a0 : a1
        var total: Scalar = 0
        for p in 0..<k { total += aRow[p] * b.base[p * b.leadingDimension + j] }
        let target = (r == 0 ? out0 : out1) + j
        Update.store(total, target, alpha, beta)
      }
      j += 1
    }
  }
}

/// How a tile's sums `Σ` reach `C`: compiled separately for the two common cases, so the
/// inner loops test nothing.
@usableFromInline
protocol _TileUpdate {
  /// `C ← f(Σ, C)` for one register's worth of `C`.
  static func store<Vector: SIMD>(
    _ value: Vector, _ pointer: UnsafeMutablePointer<Vector.Scalar>, _ alpha: Vector.Scalar, _ beta: Vector.Scalar
  ) where Vector.Scalar: BLASScalar
  /// `C ← f(Σ, C)` for one entry.
  static func store<Scalar: BLASScalar>(_ value: Scalar, _ pointer: UnsafeMutablePointer<Scalar>, _ alpha: Scalar, _ beta: Scalar)
}

/// `C ← Σ` (α = 1, β = 0; `C` not read).
@usableFromInline
enum _Overwrite: _TileUpdate {
  @inlinable @inline(__always)
  static func store<Vector: SIMD>(
    _ value: Vector, _ pointer: UnsafeMutablePointer<Vector.Scalar>, _ alpha: Vector.Scalar, _ beta: Vector.Scalar
  ) where Vector.Scalar: BLASScalar {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
  }
  @inlinable @inline(__always)
  static func store<Scalar: BLASScalar>(_ value: Scalar, _ pointer: UnsafeMutablePointer<Scalar>, _ alpha: Scalar, _ beta: Scalar) {
    pointer.pointee = value
  }
}

/// `C ← C + Σ` (α = 1, β = 1).
@usableFromInline
enum _Accumulate: _TileUpdate {
  @inlinable @inline(__always)
  static func store<Vector: SIMD>(
    _ value: Vector, _ pointer: UnsafeMutablePointer<Vector.Scalar>, _ alpha: Vector.Scalar, _ beta: Vector.Scalar
  ) where Vector.Scalar: BLASScalar {
    let raw = UnsafeMutableRawPointer(pointer)
    raw.storeBytes(of: raw.loadUnaligned(as: Vector.self) + value, as: Vector.self)
  }
  @inlinable @inline(__always)
  static func store<Scalar: BLASScalar>(_ value: Scalar, _ pointer: UnsafeMutablePointer<Scalar>, _ alpha: Scalar, _ beta: Scalar) {
    pointer.pointee += value
  }
}

/// `C ← α·Σ + β·C` (`C` not read when β = 0).
@usableFromInline
enum _ScaleAndAdd: _TileUpdate {
  @inlinable @inline(__always)
  static func store<Vector: SIMD>(
    _ value: Vector, _ pointer: UnsafeMutablePointer<Vector.Scalar>, _ alpha: Vector.Scalar, _ beta: Vector.Scalar
  ) where Vector.Scalar: BLASScalar {
    let raw = UnsafeMutableRawPointer(pointer)
    let scaled = value * alpha
    if beta == 0 {
      raw.storeBytes(of: scaled, as: Vector.self)
    } else {
      raw.storeBytes(of: raw.loadUnaligned(as: Vector.self) * beta + scaled, as: Vector.self)
    }
  }
  @inlinable @inline(__always)
  static func store<Scalar: BLASScalar>(_ value: Scalar, _ pointer: UnsafeMutablePointer<Scalar>, _ alpha: Scalar, _ beta: Scalar) {
    pointer.pointee = beta == 0 ? alpha * value : beta * pointer.pointee + alpha * value
  }
}
