import Testing
@testable import BlockNumerics

@Suite struct DatasetsTests {
  @Test func digitsAreScikitLearnsCopy() {
    let digits = Datasets.digits()
    #expect(digits.inputs.rows == 1797 && digits.inputs.columns == 64 && digits.labels.count == 1797)
    #expect(digits.inputs.min() == 0 && digits.inputs.max() == 16)
    #expect(digits.inputs.elements.allSatisfy { $0 == $0.rounded() })
    // Checksums from sklearn.datasets.load_digits(): Σx, Σ_j j·x_ij, label counts, first row.
    #expect(digits.inputs.sum() == 561718)
    var weighted = 0.0
    for i in 0..<1797 { for j in 0..<64 { weighted += Double(j) * digits.inputs[i, j] } }
    #expect(weighted == 17660653)
    var counts = [Int](repeating: 0, count: 10)
    for label in digits.labels { counts[label] += 1 }
    #expect(counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    #expect(Array(digits.inputs.row(0).prefix(6)) == [0, 0, 5, 13, 9, 1] && Array(digits.labels.prefix(10)) == Array(0...9))
    let float = Datasets.digits(as: Float.self)
    #expect(float.inputs.sum() == 561718)
  }

  @Test func malformedDigitsFilesThrow() {
    let short = thrownError { let _: LabeledDataset<Double> = try Datasets._parseDigits(Array("1,2,3\n".utf8)) }
    #expect(short?.description.contains("line 1") == true)
    let bad = thrownError { let _: LabeledDataset<Double> = try Datasets._parseDigits(Array("1,x\n".utf8)) }
    #expect(bad != nil)
  }

  @Test func syntheticRatingsAreSeededAndSized() throws {
    let a: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 200, items: 100, rank: 5, density: 0.1, noise: 0.1, seed: 1)
    let b: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 200, items: 100, rank: 5, density: 0.1, noise: 0.1, seed: 1)
    #expect(a.ratings == b.ratings)
    #expect(abs(Double(a.ratings.count) - 2000) < 200)
    let variance = a.ratings.reduce(0) { $0 + $1.value * $1.value } / Double(a.ratings.count)
    #expect(variance > 0.6 && variance < 1.5, "variance \(variance)")
    let (training, heldOut) = a.split(heldOutFraction: 0.2, seed: 3)
    #expect(training.count + heldOut.count == a.ratings.count && heldOut.count > 300 && heldOut.count < 500)
    #expect(thrownError { let _: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 2, items: 2, rank: 0, density: 0.1, noise: 0.1, seed: 1) } != nil)
  }
}
