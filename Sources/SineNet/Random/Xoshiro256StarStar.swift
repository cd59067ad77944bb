/// The xoshiro256** generator: fast, small, and the same sequence for the same seed on every
/// platform and toolchain, which the standard library's generators do not promise.
///
/// Blackman and Vigna, "Scrambled linear pseudorandom number generators" (2018).
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Hashable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// A generator whose state is expanded from `seed` with SplitMix64, as the authors recommend.
  public init(seed: UInt64) {
    var expander = SplitMix64(seed: seed)
    s0 = expander.next()
    s1 = expander.next()
    s2 = expander.next()
    s3 = expander.next()
  }

  /// A generator that continues from a saved `state`, or nil when it is not four words or all zero.
  public init?(state: [UInt64]) {
    guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
    (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
  }

  /// The generator's whole state, four 64-bit words, never all zero.
  public var state: [UInt64] { [s0, s1, s2, s3] }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotateLeft(s1 &* 5, by: 7) &* 9
    let t = s1 &<< 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotateLeft(s3, by: 45)
    return result
  }

  // MARK: - Derived draws, fixed here so runs repeat bit for bit

  /// A double uniform in [0, 1), from the top 53 bits.
  public mutating func nextUnit() -> Double {
    Double(next() &>> 11) * 0x1.0p-53
  }

  /// A double uniform in `range`.
  public mutating func nextDouble(in range: Range<Double>) -> Double {
    range.lowerBound + (range.upperBound - range.lowerBound) * nextUnit()
  }

  /// An integer uniform in 0..<`bound`, without modulo bias (Lemire's method).
  ///
  /// - Precondition: `bound > 0`.
  public mutating func nextIndex(below bound: Int) -> Int {
    precondition(bound > 0, "nextIndex(below:) needs a positive bound")
    let limit = UInt64(bound)
    var product = next().multipliedFullWidth(by: limit)
    if product.low < limit {
      let threshold = (0 &- limit) % limit
      while product.low < threshold {
        product = next().multipliedFullWidth(by: limit)
      }
    }
    return Int(product.high)
  }
}

@inline(__always)
private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
  (x &<< k) | (x &>> (64 &- k))
}
