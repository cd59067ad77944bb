/// A parser for the numbers of JSON that returns the correctly rounded Double, without
/// allocating in the common case.
///
/// It accepts exactly `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, plus the words
/// `NaN`, `Infinity` and `-Infinity` that Python's `json` writes, and rounds to the nearest
/// Double, ties to even, whatever the number of digits or the size of the exponent (`1e309` is
/// infinity, `1e-400` zero, `-0` negative zero).
///
/// The digits go through three steps, each taken only when the one before cannot answer:
/// 1. Clinger's fast path: a significand of at most 2^53 and a power of ten of at most 10^22 are
///    both exact Doubles, so one multiplication or division rounds correctly.
/// 2. Eisel-Lemire (Lemire, "Number Parsing at a Gigabyte per Second", 2021, as fast_float
///    does it): the first 19 significant digits times a 128-bit truncated power of five, which
///    gives the rounded result unless the product is too close to a rounding boundary to tell.
///    With more than 19 digits, the digits kept and the same digits plus one in the last place
///    bracket the number; when both round to the same Double, that is the answer.
/// 3. The standard library's `Double(String)`, correctly rounded but much slower, for what is
///    left: long numbers whose bracket straddles a boundary, and products too close to tell.
enum DecimalParser {
  /// The Double that `token` spells, correctly rounded; nil when `token` is not a JSON number
  /// (or `NaN`, `Infinity`, `-Infinity`).
  static func parse(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
    var index = 0
    guard let value = parse(token, at: &index), index == token.count else { return nil }
    return value
  }

  /// The number that starts at `index` in `bytes`, correctly rounded, with `index` moved past
  /// it; nil, with `index` where it was, when no number starts there.
  ///
  /// It reads as much as the grammar allows and stops at the first byte that cannot continue
  /// the number, which the caller then judges: `1.5e3,` reads 1500 and stops at the comma, `1.5x`
  /// reads 1.5 and stops at the `x`, which a reader of whole tokens then refuses, as
  /// ``parse(_:)`` does. A number cut short (`1.`, `1e`, `-`) is nil. Reading in place spares a
  /// reader scanning each token twice.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> Double? {
    let start = index
    guard let number = Digits(bytes, from: start) else { return special(bytes, at: &index) }
    index = number.end
    let sign: UInt64 = number.isNegative ? 1 << 63 : 0
    if number.significand == 0 { return Double(bitPattern: sign) }
    if !number.isTruncated,
      let value = clinger(number.significand, timesTenToThe: number.exponent)
    {
      return number.isNegative ? -value : value
    }
    let token = UnsafeBufferPointer(rebasing: bytes[start..<number.end])
    guard let bits = eiselLemire(number.significand, timesTenToThe: number.exponent) else {
      return fallback(token)
    }
    if number.isTruncated {
      // The number lies between the digits kept and those digits plus one in the last place.
      guard let above = eiselLemire(number.significand + 1, timesTenToThe: number.exponent),
        above == bits
      else { return fallback(token) }
    }
    return Double(bitPattern: sign | bits)
  }

  // MARK: - Scanning

  /// The significand and power of ten a number spells, once its grammar is checked.
  private struct Digits {
    /// Whether the number starts with a minus sign.
    var isNegative = false
    /// The first 19 significant digits (all of them when there are at most 19), as an integer.
    var significand: UInt64 = 0
    /// The power of ten that scales ``significand`` to the number (or, when digits were
    /// dropped, to the number without them).
    var exponent = 0
    /// Whether significant digits beyond the first 19 were left out of ``significand``.
    var isTruncated = false
    /// The index just past the number.
    var end = 0

    /// The largest exponent the scanner accumulates; beyond it, the number is zero or infinite
    /// anyway, and stopping there keeps the arithmetic far from overflowing an Int.
    private static let exponentLimit = 1 << 40

    /// The smallest 19-digit integer.
    private static let nineteenDigits: UInt64 = 1_000_000_000_000_000_000

    /// The digits of the number that starts at `start` in `token`; nil when no JSON number
    /// starts there.
    init?(_ token: UnsafeBufferPointer<UInt8>, from start: Int) {
      let count = token.count
      var index = start
      if index < count, token[index] == UInt8(ascii: "-") {
        isNegative = true
        index += 1
      }
      // Integer part: a single 0, or a nonzero digit and any more. The significand may wrap
      // past 19 digits; it is then computed again below.
      let integerStart = index
      guard index < count, token[index] &- UInt8(ascii: "0") < 10 else { return nil }
      if token[index] == UInt8(ascii: "0") {
        index += 1
      } else {
        Self.accumulate(token, &index, into: &significand)
      }
      let integerEnd = index
      var digitCount = integerEnd - integerStart
      // Fraction: a point and at least one digit.
      var fractionStart = index
      var fractionEnd = index
      if index < count, token[index] == UInt8(ascii: ".") {
        index += 1
        fractionStart = index
        Self.accumulate(token, &index, into: &significand)
        fractionEnd = index
        guard fractionEnd > fractionStart else { return nil }
        digitCount += fractionEnd - fractionStart
      }
      // Exponent: e or E, an optional sign, at least one digit; clamped while scanning.
      var explicitExponent = 0
      if index < count, token[index] | 0x20 == UInt8(ascii: "e") {
        index += 1
        var isNegativeExponent = false
        if index < count, token[index] == UInt8(ascii: "-") {
          isNegativeExponent = true
          index += 1
        } else if index < count, token[index] == UInt8(ascii: "+") {
          index += 1
        }
        let exponentStart = index
        while index < count, case let digit = token[index] &- UInt8(ascii: "0"), digit < 10 {
          if explicitExponent < Self.exponentLimit {
            explicitExponent = explicitExponent * 10 + Int(digit)
          }
          index += 1
        }
        guard index > exponentStart else { return nil }
        if isNegativeExponent { explicitExponent = -explicitExponent }
      }
      end = index
      exponent = explicitExponent - (fractionEnd - fractionStart)

      guard digitCount > 19 else { return }
      // Leading zeros (as in 0.000123) are not significant.
      var first = integerStart
      while first < fractionEnd, token[first] == UInt8(ascii: "0") || first == integerEnd {
        if token[first] == UInt8(ascii: "0") { digitCount -= 1 }
        first += 1
      }
      guard digitCount > 19 else { return }
      // Keep the first 19 significant digits, and scale them by the digits left out.
      isTruncated = true
      significand = 0
      var digitIndex = integerStart
      while significand < Self.nineteenDigits, digitIndex < integerEnd {
        significand = significand * 10 + UInt64(token[digitIndex] &- UInt8(ascii: "0"))
        digitIndex += 1
      }
      if significand >= Self.nineteenDigits {
        exponent = explicitExponent + (integerEnd - digitIndex)
      } else {
        digitIndex = fractionStart
        while significand < Self.nineteenDigits, digitIndex < fractionEnd {
          significand = significand * 10 + UInt64(token[digitIndex] &- UInt8(ascii: "0"))
          digitIndex += 1
        }
        exponent = explicitExponent - (digitIndex - fractionStart)
      }
    }

    /// Adds the run of digits at `index` to `significand` (wrapping past 19 digits), and moves
    /// `index` past them: eight at a time while eight are there, then one at a time.
    @inline(__always)
    private static func accumulate(
      _ token: UnsafeBufferPointer<UInt8>, _ index: inout Int, into significand: inout UInt64
    ) {
      if let base = token.baseAddress {
        while index + 8 <= token.count {
          let word = UInt64(
            littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
          guard let eight = eightDigits(word) else { break }
          significand = significand &* 100_000_000 &+ eight
          index += 8
        }
      }
      while index < token.count, case let digit = token[index] &- UInt8(ascii: "0"), digit < 10 {
        significand = significand &* 10 &+ UInt64(digit)
        index += 1
      }
    }
  }

  /// The value of eight ASCII digits read as one little-endian word, the first digit in the
  /// lowest byte; nil when any of the eight bytes is not a digit.
  ///
  /// The test and the arithmetic work on all eight bytes at once, as fast_float's
  /// `parse_eight_digits_unrolled` does: a byte is a digit when its high nibble is 3 and adding
  /// 6 to it leaves the high nibble 3; then neighbouring digits are combined in pairs, and the
  /// pairs into the whole by two multiplications whose high halves hold the sums.
  @inline(__always)
  static func eightDigits(_ word: UInt64) -> UInt64? {
    let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    let isDigits =
      (word & high) | (((word &+ 0x0606_0606_0606_0606) & high) >> 4) == 0x3333_3333_3333_3333
    guard isDigits else { return nil }
    var value = word &- 0x3030_3030_3030_3030
    value = (value &* 10) &+ (value >> 8)  // the pairs, in every other byte
    let mask: UInt64 = 0x0000_00FF_0000_00FF
    let lowPairs = (value & mask) &* (100 &+ (1_000_000 << 32))
    let highPairs = ((value >> 16) & mask) &* (1 &+ (10_000 << 32))
    return (lowPairs &+ highPairs) >> 32
  }

  /// `NaN`, `Infinity` or `-Infinity` when one of those words starts at `index` in `bytes`,
  /// with `index` moved past it; else nil.
  private static func special(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> Double? {
    if starts(bytes, at: index, with: "NaN") {
      index += 3
      return .nan
    }
    if starts(bytes, at: index, with: "Infinity") {
      index += 8
      return .infinity
    }
    if starts(bytes, at: index, with: "-Infinity") {
      index += 9
      return -.infinity
    }
    return nil
  }

  /// Whether `bytes` hold the ASCII `word` from `index`.
  private static func starts(
    _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with word: StaticString
  ) -> Bool {
    let count = word.utf8CodeUnitCount
    guard bytes.count - index >= count else { return false }
    let start = word.utf8Start
    for offset in 0..<count where bytes[index + offset] != start[offset] { return false }
    return true
  }

  // MARK: - Clinger's fast path

  /// The powers of ten that are exact Doubles, from 10^0 to 10^22.
  private static let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  ]

  /// `significand` × 10^`exponent` in one correctly rounded operation on exact Doubles; nil
  /// when the significand exceeds 2^53 or the power of ten 10^22.
  private static func clinger(_ significand: UInt64, timesTenToThe exponent: Int) -> Double? {
    guard significand <= 1 << 53, -22 <= exponent, exponent <= 22 else { return nil }
    let value = Double(significand)
    return exponent < 0
      ? value / exactPowersOfTen[-exponent] : value * exactPowersOfTen[exponent]
  }

  // MARK: - Eisel-Lemire

  /// The smallest power of ten in ``powersOfFive``; below it, any significand under 2^64 rounds
  /// to zero.
  private static let smallestPowerOfTen = -342

  /// The largest power of ten in ``powersOfFive``; above it, any nonzero significand is
  /// infinite.
  private static let largestPowerOfTen = 308

  /// The bits of the exponent field of a Double that mean infinity.
  private static let infiniteExponent = 0x7FF

  /// The bit pattern (without sign) of `significand` × 10^`exponent` rounded to a Double; nil
  /// when the 128-bit product is too close to a rounding boundary to tell which way it goes.
  ///
  /// - Precondition: `significand` is not zero.
  private static func eiselLemire(_ significand: UInt64, timesTenToThe exponent: Int) -> UInt64? {
    if exponent < smallestPowerOfTen { return 0 }
    if exponent > largestPowerOfTen { return UInt64(infiniteExponent) << 52 }
    // Normalize the significand so that its top bit is set, and multiply it by 5^exponent
    // (normalized the same way); the powers of two are accounted for in `binaryExponent`.
    let leadingZeros = significand.leadingZeroBitCount
    let normalized = significand << leadingZeros
    let index = 2 * (exponent - smallestPowerOfTen)
    var (high, low) = normalized.multipliedFullWidth(by: powersOfFive[index])
    // Only the top 55 bits of `high` matter (53 for the result, one to round, one for the
    // normalization). When the 9 below them are all ones, a carry from the low word of the
    // power could reach them: add it in.
    if high & 0x1FF == 0x1FF {
      let (carry, _) = normalized.multipliedFullWidth(by: powersOfFive[index + 1])
      let (sum, overflow) = low.addingReportingOverflow(carry)
      low = sum
      if overflow { high += 1 }
    }
    // The product is still an approximation: with a low word of all ones, what was left out
    // might carry into `high`, and only there can the answer not be told. For 10^-27 through
    // 10^55 (where 5^|exponent| fits the table's 128 bits) it is known to be close enough.
    if low == .max, exponent < -27 || exponent > 55 { return nil }

    let upperBit = Int(high >> 63)
    let shift = upperBit + 64 - 52 - 3
    var mantissa = high >> shift
    // floor(log2(10^exponent)) is (217706 × exponent) >> 16 over this range.
    var binaryExponent = (217706 * exponent) >> 16 + 63 + upperBit - leadingZeros + 1023
    if binaryExponent <= 0 {
      // Subnormal, or zero. No exact tie is possible here with at most 19 digits.
      let subnormalShift = 1 - binaryExponent
      if subnormalShift >= 64 { return 0 }
      mantissa >>= UInt64(subnormalShift)
      mantissa += mantissa & 1
      mantissa >>= 1
      // Rounding up may reach the smallest normal number, whose exponent field is 1.
      binaryExponent = mantissa < 1 << 52 ? 0 : 1
      return UInt64(binaryExponent) << 52 | mantissa & fractionMask
    }
    // Round half up, except on an exact tie: then round half to even. A tie is a 54-bit odd
    // integer times a power of two, so only 10^-4 through 10^23 can make one from a significand
    // below 2^64.
    if low <= 1, -4 <= exponent, exponent <= 23, mantissa & 3 == 1,
      mantissa << shift == high
    {
      mantissa &= ~1
    }
    mantissa += mantissa & 1
    mantissa >>= 1
    if mantissa >= 2 << 52 {
      // Rounding carried into a new bit.
      mantissa = 1 << 52
      binaryExponent += 1
    }
    if binaryExponent >= infiniteExponent { return UInt64(infiniteExponent) << 52 }
    return UInt64(binaryExponent) << 52 | mantissa & fractionMask
  }

  /// The bits of a Double's fraction field.
  private static let fractionMask: UInt64 = (1 << 52) - 1

  // MARK: - Fallback

  /// The standard library's correctly rounded parse of `token`, which is known to be a JSON
  /// number: slow, and allocating, but rarely needed.
  private static func fallback(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
    Double(String(decoding: token, as: UTF8.self))
  }
}
