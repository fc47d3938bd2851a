import Foundation

/// Data sets that ship with BlockNumerics or are generated from a seed: nothing is ever
/// downloaded at run time.
public enum Datasets {
  /// The UCI Optical Recognition of Handwritten Digits data set exactly as scikit-learn's
  /// `load_digits()` ships it: 1797 samples, each an 8×8 image of pixel counts `0...16`
  /// flattened row by row into 64 features, with labels `0...9`.
  ///
  /// E. Alpaydin and C. Kaynak (1998), UCI Machine Learning Repository,
  /// https://doi.org/10.24432/C50P49, CC BY 4.0. The file is bundled as a package resource
  /// (`Bundle.module`); a missing or damaged resource is a broken installation and stops with
  /// a precondition failure naming the file.
  /// - Returns: `inputs` 1797×64 (unscaled counts; divide by 16 for inputs in `[0, 1]`) and
  ///   1797 `labels`.
  /// - Complexity: O(1797·64) to parse the bundled CSV.
  public static func digits<Scalar: BLASScalar>(as _: Scalar.Type = Double.self) -> LabeledDataset<Scalar> {
    guard let url = Bundle.module.url(forResource: "digits", withExtension: "csv"),
      let data = FileManager.default.contents(atPath: url.path)
    else {
      preconditionFailure("Datasets.digits(): the bundled resource digits.csv is missing from \(Bundle.module.bundlePath)")
    }
    do {
      return try _parseDigits([UInt8](data))
    } catch {
      preconditionFailure("Datasets.digits(): the bundled digits.csv is damaged: \(error)")
    }
  }

  /// Parses lines of 64 pixel counts and a label, all non-negative integers.
  static func _parseDigits<Scalar: BLASScalar>(_ bytes: [UInt8]) throws -> LabeledDataset<Scalar> {
    var pixels: [Scalar] = []
    pixels.reserveCapacity(1797 * 64)
    var labels: [Int] = []
    var line = 1
    var field = 0
    var value = 0
    var digitsInField = 0
    func endField() throws {
      guard digitsInField > 0 else {
        throw BlockNumericsError.malformedInput(format: "digits.csv", location: "line \(line)", message: "empty field \(field + 1)")
      }
      if field < 64 { pixels.append(Scalar(value)) } else if field == 64 { labels.append(value) } else {
        throw BlockNumericsError.malformedInput(format: "digits.csv", location: "line \(line)", message: "more than 65 fields")
      }
      field += 1
      value = 0
      digitsInField = 0
    }
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
        digitsInField += 1
      case UInt8(ascii: ","):
        try endField()
      case UInt8(ascii: "\n"):
        try endField()
        guard field == 65 else {
          throw BlockNumericsError.malformedInput(format: "digits.csv", location: "line \(line)", message: "\(field) fields, expected 65")
        }
        field = 0
        line += 1
      case UInt8(ascii: "\r"):
        continue
      default:
        throw BlockNumericsError.malformedInput(format: "digits.csv", location: "line \(line)", message: "unexpected byte \(byte)")
      }
    }
    if digitsInField > 0 || field > 0 {
      try endField()
      guard field == 65 else {
        throw BlockNumericsError.malformedInput(format: "digits.csv", location: "line \(line)", message: "\(field) fields, expected 65")
      }
    }
    return LabeledDataset(inputs: Matrix(_unchecked: labels.count, 64, pixels), labels: labels)
  }

  /// Synthetic explicit-feedback ratings from a low-rank model:
  /// `rating(u, i) = ⟨U_u, V_i⟩ + noise·ε`, with `U` (users × rank) and `V` (items × rank)
  /// independent normal entries of variance `1/√rank` (so the noiseless ratings have unit
  /// variance) and `ε` standard normal. Each (user, item) pair is observed independently
  /// with probability `density`.
  ///
  /// Everything depends on `seed` alone (``SeededRandomNumberGenerator``).
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for negative sizes,
  ///   a rank below 1, a density outside `[0, 1]` or a negative noise level.
  /// - Complexity: O(users · items + observed · rank).
  public static func syntheticRatings<Scalar: BLASScalar>(
    users: Int, items: Int, rank: Int, density: Double, noise: Double, seed: UInt64,
    as _: Scalar.Type = Double.self
  ) throws -> RatingsDataset<Scalar> {
    let operation = "Datasets.syntheticRatings(users:items:rank:density:noise:seed:)"
    guard users >= 0, items >= 0, rank >= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "users and items must be non-negative and rank at least 1, got \(users), \(items), \(rank)")
    }
    guard density >= 0, density <= 1, noise >= 0, noise.isFinite else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "density must be in [0, 1] and noise non-negative, got \(density) and \(noise)")
    }
    var generator = SeededRandomNumberGenerator(seed: seed)
    let scale = 1 / Double(rank).squareRoot().squareRoot()
    let u = (0..<users * rank).map { _ in scale * generator.nextStandardNormal() }
    let v = (0..<items * rank).map { _ in scale * generator.nextStandardNormal() }
    var ratings: [Rating<Scalar>] = []
    ratings.reserveCapacity(Int(Double(users * items) * density * 1.1) + 16)
    for user in 0..<users {
      for item in 0..<items where generator.nextUnit(Double.self) < density {
        var value = 0.0
        for k in 0..<rank { value += u[user * rank + k] * v[item * rank + k] }
        value += noise * generator.nextStandardNormal()
        ratings.append(Rating(user: user, item: item, value: Scalar(value)))
      }
    }
    return RatingsDataset(users: users, items: items, ratings: ratings)
  }
}

/// Samples as rows of `inputs` with one class label each.
public struct LabeledDataset<Scalar: BLASScalar>: Sendable {
  /// The samples, one per row (samples × features).
  public var inputs: Matrix<Scalar>
  /// The class of each row of `inputs`.
  public var labels: [Int]

  /// A data set from its parts; `labels.count` should equal `inputs.rows`.
  public init(inputs: Matrix<Scalar>, labels: [Int]) {
    self.inputs = inputs
    self.labels = labels
  }

  /// The rows whose index satisfies `isIncluded`, in order (e.g. `{ $0 % 5 != 0 }` for a
  /// deterministic 80/20 split).
  /// - Complexity: O(rows · features).
  public func rows(where isIncluded: (Int) -> Bool) -> LabeledDataset {
    let chosen = (0..<inputs.rows).filter(isIncluded)
    let features = inputs.columns
    var elements: [Scalar] = []
    elements.reserveCapacity(chosen.count * features)
    inputs.withUnsafeBufferPointer { source in
      for row in chosen { elements.append(contentsOf: source[row * features..<(row + 1) * features]) }
    }
    return LabeledDataset(inputs: Matrix(_unchecked: chosen.count, features, elements), labels: chosen.map { labels[$0] })
  }
}

/// One observed rating: `value` given by `user` to `item` (both zero-based indices).
public struct Rating<Scalar: BLASScalar>: Hashable, Sendable {
  /// The user's index.
  public var user: Int
  /// The item's index.
  public var item: Int
  /// The rating.
  public var value: Scalar

  /// A rating triple.
  public init(user: Int, item: Int, value: Scalar) {
    self.user = user
    self.item = item
    self.value = value
  }
}

/// Observed ratings of `users` users on `items` items.
public struct RatingsDataset<Scalar: BLASScalar>: Sendable {
  /// The number of users; every rating's `user` is below it.
  public var users: Int
  /// The number of items; every rating's `item` is below it.
  public var items: Int
  /// The observed ratings.
  public var ratings: [Rating<Scalar>]

  /// A data set from its parts.
  public init(users: Int, items: Int, ratings: [Rating<Scalar>]) {
    self.users = users
    self.items = items
    self.ratings = ratings
  }

  /// A seeded random split: each rating goes to `heldOut` with probability `heldOutFraction`.
  /// - Complexity: O(ratings).
  public func split(heldOutFraction: Double, seed: UInt64) -> (training: [Rating<Scalar>], heldOut: [Rating<Scalar>]) {
    var generator = SeededRandomNumberGenerator(seed: seed)
    var training: [Rating<Scalar>] = []
    var heldOut: [Rating<Scalar>] = []
    for rating in ratings {
      if generator.nextUnit(Double.self) < heldOutFraction { heldOut.append(rating) } else { training.append(rating) }
    }
    return (training, heldOut)
  }
}
