/// A SIMD vector of doubles the unit kernels compute on: `SIMD2<Double>` (one SSE2 register) or
/// `SIMD8<Double>` (four).
///
/// Each kernel is written generic over this, and again for one `Double`, beside it and with the
/// same IEEE 754 operations in the same order: no fused multiply-add, no reassociation, nothing
/// read from a neighbouring lane. So a lane's result does not depend on the width, and a training
/// run gives the same bytes whichever way it walks the units (see ``UnitLayout``); the tests hold
/// the two forms to the same bits. The scalar form is the one an unoptimised build runs: there the
/// standard library's `SIMD` arithmetic goes lane by lane through unspecialised generic code, some
/// fifty times slower.
///
/// Release builds specialise the generic code for each width; the lane comparisons are
/// requirements so that it reaches each concrete type's own comparison (one `cmppd` a register)
/// rather than the generic lane-by-lane loop.
protocol Lanes: SIMD where Scalar == Double {
  /// The lanes' IEEE 754 bit patterns, as many unsigned integers.
  associatedtype Bits: SIMD where Bits.Scalar == UInt64

  /// The lanes where `self < other`; false where either is NaN.
  func lanes(lessThan other: Self) -> SIMDMask<MaskStorage>

  /// The lanes where `self > other`; false where either is NaN.
  func lanes(greaterThan other: Self) -> SIMDMask<MaskStorage>
}

// MARK: - Bits

extension Lanes {
  /// The lanes' bit patterns.
  @inline(__always)
  var bitPattern: Bits { unsafeBitCast(self, to: Bits.self) }

  /// The vector whose lanes have the bit patterns `bits`.
  @inline(__always)
  init(bitPattern bits: Bits) { self = unsafeBitCast(bits, to: Self.self) }

  /// The lanes with their sign bits set: −|x|, NaN staying NaN.
  @inline(__always)
  var negativeMagnitude: Self { Self(bitPattern: bitPattern | Bits(repeating: 1 &<< 63)) }

  /// Each lane's sign bit, the rest cleared.
  @inline(__always)
  var signBits: Bits { bitPattern & Bits(repeating: 1 &<< 63) }

  /// The lanes with every value below `bound` replaced by `bound`; NaN stays NaN.
  @inline(__always)
  func clamped(below bound: Double) -> Self {
    let limit = Self(repeating: bound)
    return replacing(with: limit, where: lanes(lessThan: limit))
  }
}

// MARK: - Memory

extension Lanes {
  /// The lanes stored from `address` on, in order; no alignment needed.
  @inline(__always)
  init(loadingFrom address: UnsafePointer<Double>) {
    self = UnsafeRawPointer(address).loadUnaligned(as: Self.self)
  }

  /// Stores the lanes from `address` on, in order; no alignment needed.
  @inline(__always)
  func store(to address: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(address).storeBytes(of: self, as: Self.self)
  }
}

// MARK: - The widths

extension SIMD2: Lanes where Scalar == Double {
  typealias Bits = SIMD2<UInt64>

  @inline(__always)
  func lanes(lessThan other: Self) -> SIMDMask<MaskStorage> { self .< other }

  @inline(__always)
  func lanes(greaterThan other: Self) -> SIMDMask<MaskStorage> { self .> other }
}

extension SIMD8: Lanes where Scalar == Double {
  typealias Bits = SIMD8<UInt64>

  @inline(__always)
  func lanes(lessThan other: Self) -> SIMDMask<MaskStorage> { self .< other }

  @inline(__always)
  func lanes(greaterThan other: Self) -> SIMDMask<MaskStorage> { self .> other }
}
