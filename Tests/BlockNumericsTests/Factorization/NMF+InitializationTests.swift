import Testing
@testable import BlockNumerics

@Suite struct NMFInitializationTests {
  @Test func nndsvdMatchesScikitLearn() throws {
    let y = try Fixtures.matrix("nmf/y.npy", as: Double.self)
    for (name, initialization) in [("nndsvd", NMF<Double>.Initialization.nndsvd), ("nndsvda", .nndsvda)] {
      let nmf = NMF<Double>(components: 3, initialization: initialization)
      let (w, ht) = try nmf.initialFactors(DenseNMFInput(y), operation: "test")
      #expect(w.isApproximatelyEqual(to: try Fixtures.matrix("nmf/\(name)_w.npy"), tolerance: 1e-8), "\(name) W")
      #expect(ht.transposed.isApproximatelyEqual(to: try Fixtures.matrix("nmf/\(name)_h.npy"), tolerance: 1e-8), "\(name) H")
    }
  }

  @Test func nndsvdIsBlindToSingularVectorSigns() throws {
    let u = Matrix<Double>.randomNormal(rows: 6, columns: 2, seed: 1)
    let vt = Matrix<Double>.randomNormal(rows: 2, columns: 5, seed: 2)
    let (w, ht) = NMF<Double>.nndsvd(u: u, singularValues: [3, 1], vt: vt)
    var flippedU = u
    var flippedVt = vt
    try flippedU.setColumn(1, to: u.column(1).map { -$0 })
    try flippedVt.setRow(1, to: vt.row(1).map { -$0 })
    #expect(flippedU != u && flippedVt != vt)
    let (w2, ht2) = NMF<Double>.nndsvd(u: flippedU, singularValues: [3, 1], vt: flippedVt)
    #expect(w == w2 && ht == ht2)
    #expect(w.min()! >= 0 && ht.min()! >= 0)
  }

  @Test func randomAndFilledInitializationsAreSeededAndPositive() throws {
    let x = Matrix<Double>.random(rows: 10, columns: 8, seed: 3)
    let a = try NMF<Double>(components: 3, initialization: .random(seed: 5)).initialFactors(DenseNMFInput(x), operation: "test")
    let b = try NMF<Double>(components: 3, initialization: .random(seed: 5)).initialFactors(DenseNMFInput(x), operation: "test")
    #expect(a.w == b.w && a.ht == b.ht && a.w.min()! >= 0)
    let ar = try NMF<Double>(components: 3, initialization: .nndsvdar(seed: 1)).initialFactors(DenseNMFInput(x), operation: "test")
    #expect(ar.w.min()! >= 0 && ar.ht.min()! >= 0)
    let filled = try NMF<Double>(components: 3, initialization: .nndsvda).initialFactors(DenseNMFInput(x), operation: "test")
    #expect(filled.w.min()! > 0 && filled.ht.min()! > 0)
  }
}
