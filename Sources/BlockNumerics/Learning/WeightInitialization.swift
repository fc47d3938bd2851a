/// How a layer draws its initial weights from its seed (biases start at zero).
///
/// `fanIn` is the number of inputs feeding one output (for a block-sparse layer, the stored
/// entries per weight row on average) and `fanOut` the number of outputs fed by one input.
public enum WeightInitialization: Sendable, Equatable {
  /// Normal with standard deviation `√(2 / fanIn)`: He et al. 2015, for ReLU networks
  /// (PyTorch's `kaiming_normal_`).
  case heNormal
  /// Uniform in `±√(6 / fanIn)`: He et al. 2015 (PyTorch's `kaiming_uniform_`, gain √2).
  case heUniform
  /// Uniform in `±√(6 / (fanIn + fanOut))`: Glorot & Bengio 2010 (Keras's default and
  /// scikit-learn's `MLPClassifier` for ReLU).
  case glorotUniform
  /// Normal with standard deviation `√(2 / (fanIn + fanOut))`: Glorot & Bengio 2010.
  case glorotNormal

  /// `count` weights drawn from `seed`.
  func _weights<Scalar: BLASScalar>(count: Int, fanIn: Int, fanOut: Int, seed: UInt64) -> [Scalar] {
    var generator = SeededRandomNumberGenerator(seed: seed)
    let fanIn = Double(Swift.max(fanIn, 1))
    let fanOut = Double(Swift.max(fanOut, 1))
    switch self {
    case .heNormal, .glorotNormal:
      let deviation = self == .heNormal ? (2 / fanIn).squareRoot() : (2 / (fanIn + fanOut)).squareRoot()
      return (0..<count).map { _ in Scalar(deviation * generator.nextStandardNormal()) }
    case .heUniform, .glorotUniform:
      let limit = self == .heUniform ? (6 / fanIn).squareRoot() : (6 / (fanIn + fanOut)).squareRoot()
      return (0..<count).map { _ in Scalar(limit * (2 * generator.nextUnit(Double.self) - 1)) }
    }
  }
}
