import Testing
@testable import BlockNumerics

/// The data-parallel hook of the training loops, without MPI: sharding, the flattened
/// combine, and a world of one process, which must train exactly as local training does.
/// (Several processes are tested by the MPI test program, Tests/MPITests.)
@Suite struct DataParallelismTests {
  /// A hook whose "all-reduce" multiplies by `factor` (as `factor` processes holding the same
  /// buffer would sum it) and whose agreement throws the failure it is given.
  static func hook<Scalar: BLASScalar>(
    rank: Int = 0, processCount: Int = 1, factor: Scalar = 1, agreed: ((BlockNumericsError?, [Int], [String]) -> Void)? = nil
  ) -> _DataParallelism<Scalar> {
    _DataParallelism(
      rank: rank, processCount: processCount,
      agree: { failure, values, names in
        agreed?(failure, values, names)
        if let failure { throw failure }
      },
      sum: { buffer in for index in buffer.indices { buffer[index] *= factor } })
  }

  @Test func shardsCoverEveryBatchContiguouslyAndEvenly() {
    for processes in 1...5 {
      for count in 0...11 {
        let shards = (0..<processes).map { Self.hook(rank: $0, processCount: processes, factor: 1.0).shard(of: count) }
        #expect(shards.first!.lowerBound == 0 && shards.last!.upperBound == count, "P \(processes), count \(count)")
        #expect(zip(shards, shards.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "P \(processes), count \(count)")
        #expect(shards.map(\.count).max()! - shards.map(\.count).min()! <= 1, "P \(processes), count \(count)")
      }
    }
  }

  @Test func combineSumsGradientsAndStatisticsInOneBuffer() throws {
    let gradients = [try Matrix<Double>([[1, 2], [3, 4]]), try Matrix<Double>([[5, 6, 7]]), Matrix<Double>(rows: 0, columns: 3)]
    var statistics = [0.25, 3]
    var combined: [Matrix<Double>] = []
    var buffer: [Double] = []
    var sums = 0
    let hook = _DataParallelism<Double>(
      rank: 0, processCount: 2, agree: { _, _, _ in },
      sum: { buffer in
        sums += 1
        for index in buffer.indices { buffer[index] *= 2 }
      })
    try hook.combine(gradients, statistics: &statistics, into: &combined, buffer: &buffer)
    #expect(sums == 1 && buffer.count == 4 + 3 + 2)
    #expect(combined == gradients.map { $0 * 2 })
    #expect(statistics == [0.5, 6])
    // A process without rows contributes zeros of the same shapes.
    try hook.combine(nil, statistics: &statistics, into: &combined, buffer: &buffer)
    #expect(combined.map(\.frobeniusNorm) == [0, 0, 0] && combined.map(\.columns) == [2, 3, 3])
    #expect(statistics == [1, 12] && sums == 2)
  }

  @Test func aWorldOfOneProcessTrainsSequentialExactlyAsLocally() throws {
    let inputs = Matrix<Double>.random(rows: 70, columns: 6, in: -1..<1, seed: 5)
    let labels = (0..<70).map { $0 % 3 }
    func model() -> Sequential<Double> {
      Sequential<Double>([Dense(inputs: 6, outputs: 8, seed: 1), ReLU(), Dense(inputs: 8, outputs: 3, seed: 2)])
    }
    var local = model()
    let localHistory = try local.fit(
      inputs: inputs, labels: labels, loss: .softmaxCrossEntropy, optimizer: Adam<Double>(learningRate: 0.01), epochs: 3,
      batchSize: 16, seed: 4, validationSplit: 0.1)
    var agreedValues: [Int] = []
    var hooked = model()
    let history = try hooked._fit(
      inputs: inputs, targets: .labels(labels), loss: .softmaxCrossEntropy, optimizer: Adam<Double>(learningRate: 0.01), epochs: 3,
      batchSize: 16, seed: 4, shuffle: true, validationSplit: 0.1, earlyStoppingPatience: nil, onBatch: nil, onEpoch: nil,
      operation: "test", parallelism: Self.hook(agreed: { _, values, _ in agreedValues = values }))
    #expect(hooked.parameters == local.parameters)
    #expect(history.losses == localHistory.losses && history.accuracies == localHistory.accuracies)
    #expect(history.validationLosses == localHistory.validationLosses)
    #expect(agreedValues.prefix(4) == [70, 6, 3, 16])
  }

  @Test func aWorldOfOneProcessTrainsMatrixFactorizationExactlyAsLocally() throws {
    let ratings = (0..<90).map { Rating<Float>(user: $0 % 9, item: ($0 * 7) % 11, value: Float($0 % 5) + 1) }
    var local = MatrixFactorization<Float>(users: 9, items: 11, factors: 3, seed: 2)
    let localHistory = try local.fit(ratings, optimizer: Adam<Float>(learningRate: 0.05), epochs: 4, batchSize: 20, l2: 0.01, seed: 1)
    var hooked = MatrixFactorization<Float>(users: 9, items: 11, factors: 3, seed: 2)
    let history = try hooked._fit(
      ratings, optimizer: Adam<Float>(learningRate: 0.05), epochs: 4, batchSize: 20, l2: 0.01, seed: 1, validation: [],
      onEpoch: nil, operation: "test", parallelism: Self.hook())
    #expect(hooked.parameters == local.parameters && hooked.globalMean == local.globalMean)
    // The squared errors travel in the Float buffer: the RMSE agrees to Float's rounding.
    #expect(zip(history.trainingRMSE, localHistory.trainingRMSE).allSatisfy { abs($0 - $1) <= 1e-6 * $1 })
  }

  @Test func argumentErrorsGoThroughTheAgreement() {
    var failures: [BlockNumericsError?] = []
    var model = Sequential<Double>([Dense(inputs: 2, outputs: 2, seed: 1)])
    let error = thrownError {
      _ = try model._fit(
        inputs: Matrix<Double>(rows: 4, columns: 2), targets: .labels([0, 1, 0, 1]), loss: .softmaxCrossEntropy,
        optimizer: SGD<Double>(learningRate: 0.1), epochs: 1, batchSize: 0, seed: 0, shuffle: true, validationSplit: 0,
        earlyStoppingPatience: nil, onBatch: nil, onEpoch: nil, operation: "test",
        parallelism: Self.hook(agreed: { failure, _, _ in failures.append(failure) }))
    }
    #expect(failures.count == 1 && failures[0] != nil && failures[0] == error)
  }
}
