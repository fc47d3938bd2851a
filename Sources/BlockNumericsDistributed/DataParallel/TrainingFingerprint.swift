import BlockNumerics

/// A 64-bit FNV-1a fingerprint of training data and parameters, the same on every process
/// (Swift's `Hasher` is seeded per process), so that data-parallel training can check in one
/// agreement that every process holds the same data and the same starting model.
///
/// Values are mixed a 64-bit word at a time (integers, and scalars through their `Double`
/// bit pattern); shapes are mixed before elements, so a reshaped matrix differs.
struct _TrainingFingerprint {
  private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

  /// Mixes one word in.
  mutating func combine(_ word: UInt64) {
    state = (state ^ word) &* 0x100_0000_01b3
  }

  /// Mixes an integer in.
  mutating func combine(_ value: Int) { combine(UInt64(bitPattern: Int64(value))) }

  /// Mixes a matrix's shape and elements in.
  /// - Complexity: O(rows · columns).
  mutating func combine<Scalar: BLASScalar>(_ matrix: Matrix<Scalar>) {
    combine(matrix.rows)
    combine(matrix.columns)
    matrix.withUnsafeBufferPointer { elements in
      for element in elements { combine(Double(element).bitPattern) }
    }
  }

  /// The fingerprint as an `Int` (what the agreement compares).
  var value: Int { Int(bitPattern: UInt(state)) }
}
