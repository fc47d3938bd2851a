import Foundation
import Testing
@testable import BlockNumerics

/// The inverse of a small symmetric positive definite matrix (row-major), by LAPACK's gesv
/// against the identity: independent of the sampler's own Cholesky kernel.
func inverse(_ a: [Double], _ k: Int) -> [Double] {
  var a = a
  var b = [Double](repeating: 0, count: k * k)
  for i in 0..<k { b[i * k + i] = 1 }
  var pivots = [Int32](repeating: 0, count: k)
  let info = Double.gesv(n: Int32(k), rightHandSides: Int32(k), a: &a, lda: Int32(k), pivots: &pivots, b: &b, ldb: Int32(k))
  precondition(info == 0)
  return b
}

@Suite struct BayesianMatrixFactorizationTests {
  @Test func theUserConditionalHasTheClosedFormMeanAndCovariance() {
    // One row with 5 ratings of k = 3 fixed item factors, a non-diagonal prior and noise precision 2.
    let k = 3
    let y: [Double] = [0.5, -1, 0.3, 1.2, 0.4, -0.7, -0.3, 0.8, 0.9, 0.1, 0.2, -1.1, 0.6, 0.6, 0.6]
    let indices = [0, 1, 2, 3, 4]
    let values: [Double] = [1.5, -0.2, 0.7, 0.3, 2.1]
    let offset = 0.4
    let prior: [Double] = [2, 0.3, -0.2, 0.3, 1.5, 0.1, -0.2, 0.1, 1]
    let priorMean: [Double] = [0.2, -0.1, 0.5]
    let shift = (0..<k).map { i in (0..<k).reduce(0.0) { $0 + prior[i * k + $1] * priorMean[$1] } }
    let alpha = 2.0
    // Closed form: Λ* = Λ + α Σ y yᵀ, mean = Λ*⁻¹ (α Σ (r − offset) y + Λμ), covariance Λ*⁻¹.
    var precision = prior
    var h = shift
    for (e, item) in indices.enumerated() {
      for i in 0..<k {
        for j in 0..<k { precision[i * k + j] += alpha * y[item * k + i] * y[item * k + j] }
        h[i] += alpha * (values[e] - offset) * y[item * k + i]
      }
    }
    let covariance = inverse(precision, k)
    let mean = (0..<k).map { i in (0..<k).reduce(0.0) { $0 + covariance[i * k + $1] * h[$1] } }

    let draws = 40_000
    var sum = [Double](repeating: 0, count: k)
    var products = [Double](repeating: 0, count: k * k)
    var x = [Double](repeating: 0, count: k)
    var workspace = [Double](repeating: 0, count: k * k + k)
    for draw in 0..<draws {
      var generator = SeededRandomNumberGenerator(seed: UInt64(draw))
      let ok = BayesianMatrixFactorization<Double>._sampleRow(
        &x, k: k, entries: 0..<5, indices: indices, values: values, offset: offset, fixed: y, priorPrecision: prior, priorShift: shift,
        noisePrecision: alpha, workspace: &workspace, using: &generator)
      #expect(ok)
      for i in 0..<k {
        sum[i] += x[i]
        for j in 0..<k { products[i * k + j] += x[i] * x[j] }
      }
    }
    for i in 0..<k {
      let empirical = sum[i] / Double(draws)
      let standardError = (covariance[i * k + i] / Double(draws)).squareRoot()
      #expect(abs(empirical - mean[i]) < 5 * standardError, "mean[\(i)]: \(empirical) vs \(mean[i]) (seeds 0..<\(draws))")
      for j in 0..<k {
        let empiricalCovariance = products[i * k + j] / Double(draws) - sum[i] * sum[j] / Double(draws * draws)
        let scale = (covariance[i * k + i] * covariance[j * k + j]).squareRoot()
        #expect(abs(empiricalCovariance - covariance[i * k + j]) < 0.03 * scale, "covariance[\(i), \(j)]: \(empiricalCovariance) vs \(covariance[i * k + j])")
      }
    }
  }

  @Test func theNormalWishartDrawsHaveThePosteriorMeans() {
    // E[Λ] = ν*·W*, E[μ] = μ* = n·x̄/(β₀ + n) for the posterior given 6 rows of k = 2.
    let x = try! Matrix<Double>([[0.5, 1], [1.5, -0.2], [0.1, 0.3], [-0.4, 0.8], [0.9, 0.9], [1.1, -0.6]])
    let (n, k, beta0) = (6, 2, 2.0)
    let average = (0..<k).map { f in (0..<n).reduce(0.0) { $0 + x[$1, f] } / Double(n) }
    var inverseScale: [Double] = [1, 0, 0, 1]
    for row in 0..<n {
      for i in 0..<k {
        for j in 0..<k { inverseScale[i * k + j] += (x[row, i] - average[i]) * (x[row, j] - average[j]) }
      }
    }
    for i in 0..<k {
      for j in 0..<k { inverseScale[i * k + j] += beta0 * Double(n) / (beta0 + Double(n)) * average[i] * average[j] }
    }
    let scale = inverse(inverseScale, k)
    let nu = Double(k + n)
    var generator = SeededRandomNumberGenerator(seed: 17)
    let draws = 30_000
    var lambdaSum = [Double](repeating: 0, count: k * k)
    var muSum = [Double](repeating: 0, count: k)
    for _ in 0..<draws {
      let (lambda, mu) = BayesianMatrixFactorization<Double>._sampleNormalWishart(x, beta0: beta0, degreesOfFreedom: Double(k), scale: 1, using: &generator)
      for e in 0..<(k * k) { lambdaSum[e] += lambda[e] }
      for f in 0..<k { muSum[f] += mu[f] }
      #expect(lambda[1] == lambda[2])
    }
    for e in 0..<(k * k) {
      let expected = nu * scale[e]
      // Var(Λ_ij) = ν(W_ij² + W_ii W_jj).
      let (i, j) = (e / k, e % k)
      let standardError = (nu * (scale[e] * scale[e] + scale[i * k + i] * scale[j * k + j]) / Double(draws)).squareRoot()
      #expect(abs(lambdaSum[e] / Double(draws) - expected) < 5 * standardError, "E[Λ][\(e)]: \(lambdaSum[e] / Double(draws)) vs \(expected), seed 17")
    }
    for f in 0..<k {
      let expected = Double(n) * average[f] / (beta0 + Double(n))
      #expect(abs(muSum[f] / Double(draws) - expected) < 0.02, "E[μ][\(f)]: \(muSum[f] / Double(draws)) vs \(expected)")
    }
  }

  @Test func gammaDrawsHaveTheirMeanAndVariance() {
    for shape in [0.4, 1, 3.7, 25] {
      var generator = SeededRandomNumberGenerator(seed: 3)
      let draws = (0..<50_000).map { _ in RandomSampling.gamma(shape: shape, using: &generator) }
      let mean = draws.reduce(0, +) / Double(draws.count)
      let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
      #expect(abs(mean - shape) < 5 * (shape / 50_000).squareRoot(), "shape \(shape): mean \(mean)")
      #expect(abs(variance - shape) < 0.05 * shape, "shape \(shape): variance \(variance)")
      #expect(draws.allSatisfy { $0 > 0 })
    }
  }

  @Test func thePosteriorMeanMatchesTheExactPosteriorOfATinyProblem() throws {
    // 2 users × 2 items, k = 1, three observed ratings, prior N(0, 1) on every factor, noise
    // precision 4: the prediction for the unobserved (1, 1) is μ + E[u₁v₁]. Given v, each user's
    // u is Gaussian, so the exact expectation is a 2-d integral over v, done on a fine grid.
    let observed = [Rating(user: 0, item: 0, value: 1.0), Rating(user: 0, item: 1, value: 0.5), Rating(user: 1, item: 0, value: -0.8)]
    let ratings = try Ratings(observed, users: 2, items: 2)
    let mean = ratings.meanValue
    let (lambda, alpha) = (1.0, 4.0)
    var weightSum = 0.0
    var expectation = 0.0
    let (steps, limit) = (801, 4.0)
    for a in 0..<steps {
      for b in 0..<steps {
        let v = [-limit + 2 * limit * Double(a) / Double(steps - 1), -limit + 2 * limit * Double(b) / Double(steps - 1)]
        var logWeight = -0.5 * lambda * (v[0] * v[0] + v[1] * v[1])
        var prediction = 0.0
        for user in 0..<2 {
          var (precision, linear) = (lambda, 0.0)
          for rating in observed where rating.user == user {
            precision += alpha * v[rating.item] * v[rating.item]
            linear += alpha * (rating.value - mean) * v[rating.item]
          }
          logWeight += -0.5 * Foundation.log(precision) + linear * linear / (2 * precision)
          if user == 1 { prediction = v[1] * linear / precision }
        }
        let weight = Foundation.exp(logWeight)
        weightSum += weight
        expectation += weight * prediction
      }
    }
    let exact = mean + expectation / weightSum
    let sampler = BayesianMatrixFactorization<Double>(
      factors: 1, burnIn: 200, samples: 40_000, temperedSweeps: 0, prior: .fixed(precision: lambda), noise: .fixed(alpha), seed: 5, threads: 1)
    let posterior = try sampler.fit(ratings)
    let estimate = posterior.model.predict(user: 1, item: 1)
    #expect(abs(estimate - exact) < 0.01, "sampler \(estimate), exact \(exact), seed 5")
    #expect(posterior.model.factors == 40_000 && posterior.sweeps.count == 40_200 && posterior.sweeps.allSatisfy { $0.noisePrecision == alpha })
  }

  @Test func reproducibleForASeedAndIdenticalForAnyThreadCount() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 120, items: 60, rank: 3, density: 0.2, noise: 0.1, seed: 1)
    let all = try Ratings(data.ratings, users: 120, items: 60)
    let (training, heldOut) = try all.randomSplit(heldOutFraction: 0.2, seed: 2)
    func run(seed: UInt64, threads: Int?) throws -> BayesianMatrixFactorization<Double>.Posterior {
      try BayesianMatrixFactorization<Double>(factors: 3, burnIn: 10, samples: 15, thinning: 2, temperedSweeps: 5, seed: seed, threads: threads)
        .fit(training, validation: heldOut)
    }
    let one = try run(seed: 3, threads: 1)
    let all2 = try run(seed: 3, threads: nil)
    #expect(one.model.parameters == all2.model.parameters && one.sweeps == all2.sweeps && one.lastUserFactors == all2.lastUserFactors)
    #expect(try run(seed: 4, threads: nil).model.parameters != one.model.parameters)
    #expect(one.model.factors == 45 && one.sweeps.count == 40)
    #expect(one.sweeps.filter(\.isBurnIn).count == 10 && one.sweeps[9].validationRMSE == nil)
    // Kept samples are sweeps 12, 14, …: validation reported there only.
    #expect(one.sweeps[10].validationRMSE == nil && one.sweeps[11].validationRMSE != nil)
    #expect(abs(one.sweeps.last!.validationRMSE! - (try one.model.rootMeanSquaredError(heldOut))) < 1e-9)
  }

  @Test func learnsTheSyntheticRatings() throws {
    let data: RatingsDataset<Double> = try Datasets.syntheticRatings(users: 200, items: 100, rank: 3, density: 0.15, noise: 0.1, seed: 6)
    let all = try Ratings(data.ratings, users: 200, items: 100)
    let (training, heldOut) = try all.randomSplit(heldOutFraction: 0.2, seed: 7)
    var sweeps = 0
    let posterior = try BayesianMatrixFactorization<Double>(factors: 3, burnIn: 40, samples: 60, temperedSweeps: 20, seed: 8)
      .fit(training) { _ in sweeps += 1 }
    let rmse = try posterior.model.rootMeanSquaredError(heldOut)
    #expect(sweeps == 100 && rmse < 0.15, "held-out RMSE \(rmse), seed 6")
    let noise = 1 / posterior.sweeps.last!.noisePrecision.squareRoot()
    #expect(noise > 0.05 && noise < 0.15, "sampled noise σ \(noise)")
    // A MAP start from ALS works too.
    var start = MatrixFactorization<Double>(users: 200, items: 100, factors: 3, seed: 9)
    try start.fitALS(training, regularization: 0.01, iterations: 5, biases: false)
    let fromALS = try BayesianMatrixFactorization<Double>(factors: 3, burnIn: 5, samples: 30, temperedSweeps: 0, seed: 8).fit(training, startingFrom: start)
    #expect(try fromALS.model.rootMeanSquaredError(heldOut) < 0.15)
  }

  @Test func badSettingsThrow() throws {
    let ratings = try Ratings([Rating(user: 0, item: 0, value: 1.0), Rating(user: 1, item: 1, value: 2)], users: 2, items: 2)
    func message(_ sampler: BayesianMatrixFactorization<Double>, _ ratings: Ratings<Double>? = nil, start: MatrixFactorization<Double>? = nil,
                 validation: Ratings<Double>? = nil) -> String {
      thrownError { _ = try sampler.fit(ratings ?? ratingsDefault, startingFrom: start, validation: validation) }?.description ?? "no error"
    }
    let ratingsDefault = ratings
    let base = BayesianMatrixFactorization<Double>(factors: 2, burnIn: 2, samples: 2, temperedSweeps: 1)
    #expect(message(base, try Ratings<Double>([], users: 2, items: 2)).contains("no ratings"))
    var bad = base
    bad.samples = 0
    #expect(message(bad).contains("samples"))
    bad = base
    bad.temperedSweeps = 3
    #expect(message(bad).contains("temperedSweeps must be in 0...burnIn (2)"))
    bad = base
    bad.prior = .normalWishart(beta0: 0)
    #expect(message(bad).contains("beta0"))
    bad.prior = .normalWishart(degreesOfFreedom: 0.5)
    #expect(message(bad).contains("exceed factors − 1 = 1"))
    bad.prior = .fixed(precision: -1)
    #expect(message(bad).contains("fixed prior precision"))
    bad = base
    bad.noise = .fixed(0)
    #expect(message(bad).contains("noise precision"))
    bad.noise = .sampled(shape: 1, rate: .infinity)
    #expect(message(bad).contains("Gamma prior"))
    #expect(message(base, start: MatrixFactorization(users: 2, items: 2, factors: 3, seed: 0)).contains("3 factors"))
    #expect(message(base, validation: try Ratings([Rating(user: 0, item: 0, value: 1.0)], users: 3, items: 2)).contains("validation ratings are 3 × 2"))
  }
}
