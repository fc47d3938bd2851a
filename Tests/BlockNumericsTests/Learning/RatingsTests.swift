import Testing
@testable import BlockNumerics

@Suite struct RatingsTests {
  let triples: [Rating<Double>] = [
    Rating(user: 2, item: 0, value: 4), Rating(user: 0, item: 3, value: 2), Rating(user: 0, item: 1, value: 5),
  ]

  @Test func bothLayoutsMatchTheDocumentedPicture() throws {
    let ratings = try Ratings(triples, users: 3, items: 4)
    #expect(ratings.userStarts == [0, 2, 2, 3] && ratings.userItems == [1, 3, 0] && ratings.userValues == [5, 2, 4])
    #expect(ratings.itemStarts == [0, 1, 2, 2, 3] && ratings.itemUsers == [2, 0, 0] && ratings.itemValues == [4, 5, 2])
    #expect(ratings.count == 3 && ratings.density == 0.25 && ratings.meanValue == 11.0 / 3)
    #expect(ratings.value(user: 0, item: 3) == 2 && ratings.value(user: 0, item: 2) == nil && ratings.value(user: 1, item: 0) == nil)
    #expect(ratings.entries(ofUser: 0) == 0..<2 && ratings.entries(ofItem: 2) == 2..<2)
    #expect(ratings.triples == [Rating(user: 0, item: 1, value: 5), Rating(user: 0, item: 3, value: 2), Rating(user: 2, item: 0, value: 4)])
    // Shape inferred from the largest ids; an empty list is an empty 0 × 0 matrix.
    let inferred = try Ratings(triples)
    #expect(inferred.users == 3 && inferred.items == 4)
    let empty = try Ratings<Float>([])
    #expect(empty.users == 0 && empty.items == 0 && empty.count == 0 && empty.density == 0)
  }

  @Test func randomTriplesAgreeWithADictionary() throws {
    var generator = SeededRandomNumberGenerator(seed: 9)
    var seen: [Int: Double] = [:]
    var list: [Rating<Double>] = []
    for _ in 0..<400 {
      let (u, i) = (Int(generator.next() % 37), Int(generator.next() % 23))
      if seen[u * 23 + i] != nil { continue }
      let value = generator.nextStandardNormal()
      seen[u * 23 + i] = value
      list.append(Rating(user: u, item: i, value: value))
    }
    let ratings = try Ratings(list, users: 40, items: 23)
    ratings._checkInvariants()
    #expect(ratings.count == seen.count, "seed 9")
    for (key, value) in seen { #expect(ratings.value(user: key / 23, item: key % 23) == value) }
  }

  @Test func badTriplesThrowNamingTheTriple() {
    func message(_ list: [Rating<Double>], users: Int? = nil, items: Int? = nil) -> String {
      thrownError { _ = try Ratings(list, users: users, items: items) }?.description ?? "no error"
    }
    #expect(message([Rating(user: 0, item: 0, value: 1), Rating(user: -1, item: 3, value: 2)]).contains("triple 1 (user -1, item 3"))
    #expect(message([Rating(user: 0, item: -2, value: 1)]).contains("negative id"))
    #expect(message([Rating(user: 3, item: 0, value: 1)], users: 3).contains("user id outside 0..<3"))
    #expect(message([Rating(user: 0, item: 4, value: 1)], items: 4).contains("item id outside 0..<4"))
    #expect(message([Rating(user: 0, item: 0, value: .nan)]).contains("triple 0") == true)
    let duplicate = message([Rating(user: 1, item: 2, value: 1), Rating(user: 0, item: 0, value: 1), Rating(user: 1, item: 2, value: 3)])
    #expect(duplicate.contains("triple 2 (user 1, item 2, value 3.0) repeats the (user, item) pair of triple 0"), "\(duplicate)")
    #expect(message([], users: -1).contains("non-negative"))
    if case .nonFiniteValue = thrownError({ _ = try Ratings([Rating(user: 0, item: 0, value: Double.infinity)]) }) {} else {
      Issue.record("an infinite value must throw nonFiniteValue")
    }
  }

  @Test func csvReadsTriplesAndPairsAndNamesBadLines() throws {
    let text = "user,item,rating\n0,1,5\n\n2, 0 ,4.5\r\n0,3,-2e0\n"
    let ratings = try Ratings<Double>(csvData: Array(text.utf8), hasHeader: true)
    #expect(ratings.users == 3 && ratings.items == 4 && ratings.triples.map(\.value) == [5, -2, 4.5])
    let pairs = try Ratings<Float>(csvData: Array("0;1\n1;0\n".utf8), separator: ";")
    #expect(pairs.userValues == [1, 1])
    // Round trip.
    #expect(try Ratings<Double>(csvData: Array(ratings.csvText().utf8), users: 3, items: 4) == ratings)
    func message(_ text: String, users: Int? = nil) -> String {
      thrownError { _ = try Ratings<Double>(csvData: Array(text.utf8), users: users) }?.description ?? "no error"
    }
    #expect(message("0,1,5\n1,x,2\n").contains("line 2") && message("0,1,5\n1,x,2\n").contains("item id 'x'"))
    #expect(message("0,1,5\n1,2,abc\n").contains("value 'abc' is not a number"))
    #expect(message("0,1,5\n1,2\n").contains("line 2: 2 fields, but the first row has 3"))
    #expect(message("0,1,5,7\n").contains("line 1: 4 fields"))
    #expect(message("0,1,5\n\n0,1,6\n").contains("line 3 (user 0, item 1, value 6.0) repeats the (user, item) pair of line 1"))
    #expect(message("0,1,5\n-1,1,6\n").contains("line 2 (user -1"))
    #expect(message("0,1,nan\n").contains("line 1"))
    #expect(message("5,1,1\n", users: 3).contains("line 1 (user 5, item 1, value 1.0) has a user id outside 0..<3"))
    #expect(message("99999999999999999999,1,1\n").contains("is not an integer"))
    #expect(thrownError { _ = try Ratings<Double>(csvData: [], separator: "\n") } != nil)
    #expect(thrownError { _ = try Ratings<Double>(contentsOfCSVFile: "/nonexistent/ratings.csv") } == .fileAccess(path: "/nonexistent/ratings.csv", message: "no such file"))
  }

  @Test func matrixMarketCoordinatesBecomeRatings() throws {
    let text = "%%MatrixMarket matrix coordinate real general\n% a comment\n3 4 2\n1 2 5\n3 1 4\n"
    let ratings = try Ratings<Double>(matrixMarketData: Array(text.utf8))
    #expect(ratings.users == 3 && ratings.items == 4 && ratings.triples == [Rating(user: 0, item: 1, value: 5), Rating(user: 2, item: 0, value: 4)])
    let pattern = try Ratings<Double>(matrixMarketData: Array("%%MatrixMarket matrix coordinate pattern general\n2 2 1\n2 2\n".utf8))
    #expect(pattern.triples == [Rating(user: 1, item: 1, value: 1)])
    let duplicate = thrownError { _ = try Ratings<Double>(matrixMarketData: Array("%%MatrixMarket matrix coordinate real general\n2 2 2\n1 2 1\n1 2 3\n".utf8)) }
    #expect(duplicate?.description.contains("entry 2 of the file (row 1, column 2)") == true, "\(String(describing: duplicate))")
    let array = thrownError { _ = try Ratings<Double>(matrixMarketData: Array("%%MatrixMarket matrix array real general\n1 1\n2\n".utf8)) }
    #expect(array?.description.contains("coordinate file") == true)
    let symmetric = thrownError { _ = try Ratings<Double>(matrixMarketData: Array("%%MatrixMarket matrix coordinate real symmetric\n2 2 1\n2 1 1\n".utf8)) }
    #expect(symmetric?.description.contains("general coordinate file") == true)
    let outside = thrownError { _ = try Ratings<Double>(matrixMarketData: Array("%%MatrixMarket matrix coordinate real general\n2 2 1\n3 1 1\n".utf8)) }
    #expect(outside != nil)
  }

  @Test func randomSplitIsSeededAndPartitionsTheEntries() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 50, items: 40, rank: 2, density: 0.3, noise: 0.1, seed: 3)
    let ratings = try Ratings(data.ratings, users: 50, items: 40)
    let (training, heldOut) = try ratings.randomSplit(heldOutFraction: 0.25, seed: 4)
    let again = try ratings.randomSplit(heldOutFraction: 0.25, seed: 4)
    #expect(training == again.training && heldOut == again.heldOut)
    #expect(training.users == 50 && heldOut.items == 40 && training.count + heldOut.count == ratings.count)
    #expect(Set(training.triples).union(heldOut.triples) == Set(ratings.triples) && Set(training.triples).isDisjoint(with: heldOut.triples))
    let fraction = Double(heldOut.count) / Double(ratings.count)
    #expect(abs(fraction - 0.25) < 0.05, "held-out fraction \(fraction), seed 4")
    #expect(try ratings.randomSplit(heldOutFraction: 0.25, seed: 5).heldOut != heldOut)
    #expect(try ratings.randomSplit(heldOutFraction: 0, seed: 1).heldOut.count == 0)
    #expect(thrownError { _ = try ratings.randomSplit(heldOutFraction: 1.5, seed: 1) } != nil)
  }

  @Test func leaveOutHoldsKPerUserWithEnoughEntries() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 60, items: 30, rank: 2, density: 0.15, noise: 0.1, seed: 6)
    let ratings = try Ratings(data.ratings, users: 60, items: 30)
    let (training, heldOut) = try ratings.leaveOut(perUser: 2, seed: 7)
    #expect(training.count + heldOut.count == ratings.count)
    #expect(Set(training.triples).isDisjoint(with: heldOut.triples))
    for user in 0..<60 {
      let total = ratings.entries(ofUser: user).count
      #expect(heldOut.entries(ofUser: user).count == (total > 2 ? 2 : 0), "user \(user) with \(total) entries, seed 7")
    }
    #expect(try ratings.leaveOut(perUser: 2, seed: 7).heldOut == heldOut)
    #expect(try ratings.leaveOut(perUser: 2, seed: 8).heldOut != heldOut)
    #expect(thrownError { _ = try ratings.leaveOut(perUser: 0, seed: 1) }?.description.contains("perUser must be at least 1") == true)
  }
}
