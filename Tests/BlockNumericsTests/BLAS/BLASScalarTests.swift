import Testing
@testable import BlockNumerics

/// Each requirement of `BLASScalar`, called through the protocol for Float and Double.
@Suite struct BLASScalarTests {
  func checkLevel1<Scalar: BLASScalar>(_: Scalar.Type) {
    let x: [Scalar] = [3, 4, 0, -12]
    var y: [Scalar] = [1, 1, 1, 1]
    #expect(Scalar.nrm2(count: 4, x: x, incrementX: 1) == 13)
    #expect(Scalar.dot(count: 4, x: x, incrementX: 1, y: y, incrementY: 1) == -5)
    Scalar.axpy(count: 4, alpha: 2, x: x, incrementX: 1, y: &y, incrementY: 1)
    #expect(y == [7, 9, 1, -23])
    Scalar.scal(count: 2, alpha: -1, x: &y, incrementX: 2)
    #expect(y == [-7, 9, -1, -23])
  }

  func checkLevel2And3<Scalar: BLASScalar>(_: Scalar.Type) {
    let a: [Scalar] = [1, 2, 3, 4, 5, 6]  // 2×3
    var y: [Scalar] = [1, 1]
    Scalar.gemv(transpose: false, rows: 2, columns: 3, alpha: 1, a: a, lda: 3, x: [1, 0, -1], incrementX: 1, beta: 2, y: &y, incrementY: 1)
    #expect(y == [0, 0])
    var c: [Scalar] = [0, 0, 0, 0]
    Scalar.gemm(transposeA: false, transposeB: true, m: 2, n: 2, k: 3, alpha: 1, a: a, lda: 3, b: a, ldb: 3, beta: 0, c: &c, ldc: 2)
    #expect(c == [14, 32, 32, 77])
    var upper: [Scalar] = [0, 0, 0, 0]
    Scalar.syrk(transpose: false, n: 2, k: 3, alpha: 1, a: a, lda: 3, beta: 0, c: &upper, ldc: 2)
    #expect(upper[0] == 14 && upper[1] == 32 && upper[3] == 77)
  }

  func checkLAPACK<Scalar: BLASScalar>(_: Scalar.Type) {
    // A = [[3, 0], [4, 5]] has singular values sqrt(45) and sqrt(5).
    var a: [Scalar] = [3, 0, 4, 5]
    var s: [Scalar] = [0, 0]
    var superb: [Scalar] = [0]
    var u = [Scalar](repeating: 0, count: 4)
    var vt = [Scalar](repeating: 0, count: 4)
    #expect(Scalar.gesvd(jobU: UInt8(ascii: "A"), jobVT: UInt8(ascii: "A"), m: 2, n: 2, a: &a, lda: 2, s: &s, u: &u, ldu: 2, vt: &vt, ldvt: 2, superb: &superb) == 0)
    #expect(abs(s[0] - Scalar(45).squareRoot()) < 1e-5 && abs(s[1] - Scalar(5).squareRoot()) < 1e-5)
    a = [3, 0, 4, 5]
    // Column-major: the same buffer read as Aᵀ = [[3, 4], [0, 5]], with the same singular values.
    #expect(Scalar.gesdd(jobZ: UInt8(ascii: "N"), m: 2, n: 2, a: &a, lda: 2, s: &s, u: nil, ldu: 2, vt: nil, ldvt: 2) == 0)
    #expect(abs(s[0] - Scalar(45).squareRoot()) < 1e-5)
    // QR of a 3×2 matrix gives Q with orthonormal columns.
    var q: [Scalar] = [1, 2, 3, 4, 5, 7]
    var tau: [Scalar] = [0, 0]
    #expect(Scalar.geqrf(m: 3, n: 2, a: &q, lda: 2, tau: &tau) == 0)
    #expect(Scalar.orgqr(m: 3, n: 2, k: 2, a: &q, lda: 2, tau: tau) == 0)
    let q0q1 = q[0] * q[1] + q[2] * q[3] + q[4] * q[5]
    let q0q0 = q[0] * q[0] + q[2] * q[2] + q[4] * q[4]
    #expect(abs(q0q1) < 1e-5 && abs(q0q0 - 1) < 1e-5)
    // Solve [[2, 1], [1, 3]]·x = [3, 5] → x = [0.8, 1.4], by LU and by Cholesky.
    var lu: [Scalar] = [2, 1, 1, 3]
    var rhs: [Scalar] = [3, 5]
    var pivots: [Int32] = [0, 0]
    #expect(Scalar.gesv(n: 2, rightHandSides: 1, a: &lu, lda: 2, pivots: &pivots, b: &rhs, ldb: 1) == 0)
    #expect(abs(rhs[0] - 0.8) < 1e-5 && abs(rhs[1] - 1.4) < 1e-5)
    var spd: [Scalar] = [2, 1, 1, 3]
    rhs = [3, 5]
    #expect(Scalar.posv(n: 2, rightHandSides: 1, a: &spd, lda: 2, b: &rhs, ldb: 1) == 0)
    #expect(abs(rhs[0] - 0.8) < 1e-5 && abs(rhs[1] - 1.4) < 1e-5)
    // A singular matrix is reported through info, not a crash.
    var singular: [Scalar] = [1, 2, 2, 4]
    rhs = [1, 1]
    #expect(Scalar.gesv(n: 2, rightHandSides: 1, a: &singular, lda: 2, pivots: &pivots, b: &rhs, ldb: 1) > 0)
  }

  func checkElementaryFunctions<Scalar: BLASScalar>(_: Scalar.Type) {
    #expect(Scalar.exp(0) == 1 && Scalar.log(1) == 0 && Scalar.log1p(0) == 0)
    #expect(Scalar.tanh(0) == 0 && Scalar.pow(2, 10) == 1024 && Scalar.cos(0) == 1)
    #expect(abs(Scalar.log(Scalar.exp(2)) - 2) < 1e-5)
  }

  @Test func everyRequirementForBothTypes() {
    checkLevel1(Float.self)
    checkLevel1(Double.self)
    checkLevel2And3(Float.self)
    checkLevel2And3(Double.self)
    checkLAPACK(Float.self)
    checkLAPACK(Double.self)
    checkElementaryFunctions(Float.self)
    checkElementaryFunctions(Double.self)
    #expect(Float.numpyDescriptor == "<f4" && Double.numpyDescriptor == "<f8")
  }
}
