/// A fast, seedable random number generator (xoshiro256**, Blackman & Vigna 2018) whose
/// stream depends on the seed alone, identical on every machine and Swift version.
///
/// The 256-bit state is filled from the 64-bit seed with SplitMix64, as the authors
/// recommend, so nearby seeds give unrelated streams.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// A generator whose stream is fixed by `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    func next() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (next(), next(), next(), next())
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotateLeft(state.3, 45)
    return result
  }

  @inline(__always)
  private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A uniform value in `[0, 1)` with every representable multiple of `2^-p` equally likely,
  /// where `p` is the type's significand precision. Never returns 1.
  @inlinable
  public mutating func nextUnit<Scalar: BinaryFloatingPoint>(_: Scalar.Type = Scalar.self) -> Scalar {
    let precision = Scalar.significandBitCount + 1
    let bits = next() >> UInt64(64 - precision)
    return Scalar(bits) * Scalar(sign: .plus, exponent: Scalar.Exponent(-precision), significand: 1)
  }

  /// A standard normal value (mean 0, variance 1) by the Box–Muller transform.
  public mutating func nextStandardNormal() -> Double {
    // 1 − u lies in (0, 1], so the logarithm is finite.
    let u1 = 1 - nextUnit(Double.self)
    let u2 = nextUnit(Double.self)
    return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
  }
}
