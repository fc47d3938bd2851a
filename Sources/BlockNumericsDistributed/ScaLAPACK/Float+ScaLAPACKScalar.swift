internal import CMPI
import BlockNumerics

// Every requirement is one s-prefixed PBLAS or ScaLAPACK call on whole matrices
// (global indices 1, 1). Character arguments pass a hidden length of 1, as gfortran expects.

extension Float: ScaLAPACKScalar {
  public static var routinePrefix: String { "s" }

  public static func pgemm(
    transposeA: UInt8, transposeB: UInt8, m: Int32, n: Int32, k: Int32, alpha: Float,
    a: UnsafePointer<Float>, descriptorA: ScaLAPACKDescriptor, b: UnsafePointer<Float>, descriptorB: ScaLAPACKDescriptor,
    beta: Float, c: UnsafeMutablePointer<Float>, descriptorC: ScaLAPACKDescriptor
  ) {
    var (transposeA, transposeB, m, n, k, alpha, beta, one) = (CChar(transposeA), CChar(transposeB), m, n, k, alpha, beta, Int32(1))
    descriptorA.withUnsafePointer { da in
      descriptorB.withUnsafePointer { db in
        descriptorC.withUnsafePointer { dc in
          psgemm_(&transposeA, &transposeB, &m, &n, &k, &alpha, a, &one, &one, da, b, &one, &one, db, &beta, c, &one, &one, dc, 1, 1)
        }
      }
    }
  }

  public static func ptran(
    m: Int32, n: Int32, alpha: Float, a: UnsafePointer<Float>, descriptorA: ScaLAPACKDescriptor,
    beta: Float, c: UnsafeMutablePointer<Float>, descriptorC: ScaLAPACKDescriptor
  ) {
    var (m, n, alpha, beta, one) = (m, n, alpha, beta, Int32(1))
    descriptorA.withUnsafePointer { da in
      descriptorC.withUnsafePointer { dc in
        pstran_(&m, &n, &alpha, a, &one, &one, da, &beta, c, &one, &one, dc)
      }
    }
  }

  public static func plange(
    norm: UInt8, m: Int32, n: Int32, a: UnsafePointer<Float>, descriptorA: ScaLAPACKDescriptor,
    work: UnsafeMutablePointer<Float>
  ) -> Float {
    var (norm, m, n, one) = (CChar(norm), m, n, Int32(1))
    return descriptorA.withUnsafePointer { da in pslange_(&norm, &m, &n, a, &one, &one, da, work, 1) }
  }

  public static func pgesvd(
    jobU: UInt8, jobVT: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, descriptorA: ScaLAPACKDescriptor,
    s: UnsafeMutablePointer<Float>, u: UnsafeMutablePointer<Float>, descriptorU: ScaLAPACKDescriptor,
    vt: UnsafeMutablePointer<Float>, descriptorVT: ScaLAPACKDescriptor,
    work: UnsafeMutablePointer<Float>, lwork: Int32
  ) -> Int32 {
    var (jobU, jobVT, m, n, lwork, one, info) = (CChar(jobU), CChar(jobVT), m, n, lwork, Int32(1), Int32(0))
    descriptorA.withUnsafePointer { da in
      descriptorU.withUnsafePointer { du in
        descriptorVT.withUnsafePointer { dvt in
          psgesvd_(&jobU, &jobVT, &m, &n, a, &one, &one, da, s, u, &one, &one, du, vt, &one, &one, dvt, work, &lwork, &info, 1, 1)
        }
      }
    }
    return info
  }

  public static func pgemr2d(
    m: Int32, n: Int32, a: UnsafePointer<Float>, descriptorA: ScaLAPACKDescriptor,
    b: UnsafeMutablePointer<Float>, descriptorB: ScaLAPACKDescriptor, context: Int32
  ) {
    var (m, n, context, one) = (m, n, context, Int32(1))
    descriptorA.withUnsafePointer { da in
      descriptorB.withUnsafePointer { db in
        psgemr2d_(&m, &n, a, &one, &one, da, b, &one, &one, db, &context)
      }
    }
  }
}
