extension MatrixFactorization {
  /// The outcome of ``selectRegularization(_:factors:grid:validationFraction:iterations:biases:seed:threads:)``.
  public struct RegularizationSelection: Sendable, Equatable {
    /// The λ of the grid with the lowest validation RMSE (the smallest such λ on a tie).
    public var regularization: Scalar
    /// The grid that was tried, in the order given.
    public var grid: [Scalar]
    /// The validation RMSE of each λ of ``grid``.
    public var validationRMSE: [Double]
  }

  /// Picks ALS-WR's λ from a grid by held-out RMSE, as a cross-validated grid search over
  /// Spark's `regParam` does: splits `ratings` once (seeded, a fraction
  /// `validationFraction` held out), trains a fresh model with ``fitALS(_:regularization:iterations:biases:threads:validation:onIteration:)``
  /// for every λ and keeps the λ whose model predicts the held-out part best. Refit on all
  /// of `ratings` with the chosen λ afterwards.
  ///
  /// - Parameters:
  ///   - ratings: the training ratings; the validation part is taken out of them.
  ///   - factors: the embedding dimension of the models tried.
  ///   - grid: the λ values to try (at least one, each finite and positive).
  ///   - validationFraction: the held-out fraction, in `(0, 1)`.
  ///   - iterations: ALS iterations per model.
  ///   - biases: whether the models fit biases.
  ///   - seed: seeds the split and every model's starting factors.
  ///   - threads: the most cores to use (`nil`: all).
  /// - Throws: ``BlockNumericsError/invalidArgument(operation:message:)`` for an empty or
  ///   non-positive grid, a fraction outside `(0, 1)`, or a split that leaves either part
  ///   empty; the errors of ``fitALS(_:regularization:iterations:biases:threads:validation:onIteration:)``.
  /// - Complexity: `grid.count` ALS fits.
  public static func selectRegularization(
    _ ratings: Ratings<Scalar>, factors: Int, grid: [Scalar] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5],
    validationFraction: Double = 0.1, iterations: Int = 10, biases: Bool = true, seed: UInt64 = 0, threads: Int? = nil
  ) throws -> RegularizationSelection {
    let operation = "MatrixFactorization.selectRegularization(_:factors:grid:…)"
    guard !grid.isEmpty, grid.allSatisfy({ $0 > 0 && $0.isFinite }) else {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "the grid must hold finite positive values, got \(grid)")
    }
    guard validationFraction > 0, validationFraction < 1 else {
      throw BlockNumericsError.invalidArgument(operation: operation, message: "validationFraction must be in (0, 1), got \(validationFraction)")
    }
    guard factors >= 1, ratings.users >= 1, ratings.items >= 1 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "factors, users and items must be at least 1, got \(factors), \(ratings.users), \(ratings.items)")
    }
    let (training, validation) = try ratings.randomSplit(heldOutFraction: validationFraction, seed: seed)
    guard training.count > 0, validation.count > 0 else {
      throw BlockNumericsError.invalidArgument(
        operation: operation, message: "splitting \(ratings.count) ratings left \(training.count) to train and \(validation.count) to validate; give more ratings")
    }
    var errors: [Double] = []
    for lambda in grid {
      var model = MatrixFactorization(users: ratings.users, items: ratings.items, factors: factors, seed: seed &+ 1)
      try model.fitALS(training, regularization: lambda, iterations: iterations, biases: biases, threads: threads)
      errors.append(try model.rootMeanSquaredError(validation))
    }
    let best = errors.indices.min { errors[$0] < errors[$1] || (errors[$0] == errors[$1] && grid[$0] < grid[$1]) }!
    return RegularizationSelection(regularization: grid[best], grid: grid, validationRMSE: errors)
  }
}
