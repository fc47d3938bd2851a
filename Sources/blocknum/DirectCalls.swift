// The references the benchmarks time against: CBLAS and LAPACKE called directly, as a
// careful C programmer would, bypassing BlockNumerics so that a reference shares no code
// with what it measures. The only file of the tool that imports the C modules.

import BlockNumerics
import CLinearAlgebra

/// A scalar whose CBLAS `gemm` the benchmarks call themselves.
protocol DirectGEMMScalar: BLASScalar {
  /// The CBLAS routine's name, `cblas_sgemm` or `cblas_dgemm`.
  static var directGEMMName: String { get }
  /// `C ← A·B` for row-major `A` (`m × k`), `B` (`k × n`) and `C` (`m × n`), contiguous.
  static func directGEMM(
    _ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>, into c: UnsafeMutablePointer<Self>, m: Int, k: Int, n: Int)
}

extension Float: DirectGEMMScalar {
  static var directGEMMName: String { "cblas_sgemm" }
  static func directGEMM(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, m: Int, k: Int, n: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0, c, Int32(n))
  }
}

extension Double: DirectGEMMScalar {
  static var directGEMMName: String { "cblas_dgemm" }
  static func directGEMM(
    _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>, m: Int, k: Int, n: Int
  ) {
    cblas_dgemm(
      CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(n), 0, c, Int32(n))
  }
}

/// One direct `cblas_?gemm` call on plain row-major arrays: `c ← a·b`, `a` `m × k`, `b` `k × n`.
func directGEMM<Scalar: DirectGEMMScalar>(_ a: [Scalar], _ b: [Scalar], into c: inout [Scalar], m: Int, k: Int, n: Int) {
  a.withUnsafeBufferPointer { a in
    b.withUnsafeBufferPointer { b in
      c.withUnsafeMutableBufferPointer { c in Scalar.directGEMM(a.baseAddress!, b.baseAddress!, into: c.baseAddress!, m: m, k: k, n: n) }
    }
  }
}

/// The singular values of `a` by one direct LAPACKE call: a copy of the data (LAPACK
/// overwrites it), read column-major as `Aᵀ`, which has the same singular values; thin vectors.
func directLAPACKESingularValues(_ a: Matrix<Double>, driver: SVD<Double>.Driver) throws -> [Double] {
  var work = a.elements
  let m = Int32(a.columns)  // Aᵀ is columns × rows
  let n = Int32(a.rows)
  let r = Int(min(m, n))
  var s = [Double](repeating: 0, count: r)
  var u = [Double](repeating: 0, count: Int(m) * r)
  var vt = [Double](repeating: 0, count: r * Int(n))
  let info: Int32
  if driver == .gesvd {
    var superb = [Double](repeating: 0, count: max(1, r - 1))
    info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), CChar(UInt8(ascii: "S")), m, n, &work, m, &s, &u, m, &vt, Int32(r), &superb)
  } else {
    info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "S")), m, n, &work, m, &s, &u, m, &vt, Int32(r))
  }
  guard info == 0 else {
    throw BlockNumericsError.lapackFailure(
      routine: "LAPACKE_d\(driver)", info: Int(info), message: "the direct reference call failed on a \(a.shapeDescription) matrix")
  }
  return s
}
