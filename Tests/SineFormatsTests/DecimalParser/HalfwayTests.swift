import SineNet
import Testing

// Midpoints between adjacent doubles, written out exactly, must round to the even one of the
// two; one unit more or less in a last digit far out must round up or down. The midpoint is
// exact in Float80 (64 significant bits, exponents down to 2^-16382) and glibc's printf writes
// a long double's exact decimal expansion when given enough digits, so the expected values come
// from the binary neighbours, not from strtod (which is checked as well).

/// A decimal number as ASCII significant digits and a power of ten: `d0 d1 d2 …` with exponent
/// `e` means ±d0.d1d2… × 10^e.
struct DecimalText {
  var digits: [UInt8]
  var exponent: Int
  var isNegative = false

  /// The exact decimal expansion of `value`, printed with `precision` digits after the point,
  /// which must leave at least 20 trailing zeros (so that nothing was rounded away).
  init(exactly value: Float80, precision: Int, printer: inout Printer) {
    (digits, exponent) = printer.print("%.\(precision)Le", value) { text in
      var digits: [UInt8] = []
      var index = 0
      while text[index] != UInt8(ascii: "e") {
        if text[index] != UInt8(ascii: ".") { digits.append(text[index]) }
        index += 1
      }
      let exponent = Int(String(decoding: text[(index + 1)...], as: UTF8.self)) ?? 0
      return (digits, exponent)
    }
    var trailingZeros = 0
    while digits.count > 1, digits.last == UInt8(ascii: "0") {
      digits.removeLast()
      trailingZeros += 1
    }
    precondition(trailingZeros >= 20 || digits == [UInt8(ascii: "0")], "print more digits")
  }

  /// How many zeros to write after the digits so that a unit in the place after them is
  /// below 10^-1 and `zeros` places further than the last digit.
  ///
  /// A midpoint's half-spacing is 2^k: when k < 0 its last digit is in the place 10^k, and
  /// otherwise 1 <= 2^k; either way, a unit in a later place is less than the half-spacing.
  private func padding(_ zeros: Int) -> Int {
    max(0, exponent - (digits.count - 1) + 1) + zeros
  }

  /// These digits followed by zeros and a 1: just above (see ``padding(_:)``).
  func plusOneUnit(after zeros: Int) -> DecimalText {
    var result = self
    result.digits +=
      [UInt8](repeating: UInt8(ascii: "0"), count: padding(zeros)) + [UInt8(ascii: "1")]
    return result
  }

  /// These digits followed by zeros, minus one in the last place: just below (see
  /// ``padding(_:)``).
  func minusOneUnit(after zeros: Int) -> DecimalText {
    var result = self
    result.digits += [UInt8](repeating: UInt8(ascii: "0"), count: padding(zeros) + 1)
    var index = result.digits.count - 1
    while result.digits[index] == UInt8(ascii: "0") {
      result.digits[index] = UInt8(ascii: "9")
      index -= 1
    }
    result.digits[index] -= 1
    if result.digits[0] == UInt8(ascii: "0") {
      result.digits.removeFirst()
      result.exponent -= 1
    }
    return result
  }

  /// `d.ddde±x` (or `E`), NUL-terminated.
  func scientific(uppercase: Bool = false) -> [UInt8] {
    var bytes: [UInt8] = isNegative ? [UInt8(ascii: "-")] : []
    bytes.append(digits[0])
    if digits.count > 1 {
      bytes.append(UInt8(ascii: "."))
      bytes += digits[1...]
    }
    bytes.append(uppercase ? UInt8(ascii: "E") : UInt8(ascii: "e"))
    bytes += Array(String(exponent).utf8)
    bytes.append(0)
    return bytes
  }

  /// The digits with a point and no exponent (`123.45`, `0.000123`), NUL-terminated.
  func positional() -> [UInt8] {
    var bytes: [UInt8] = isNegative ? [UInt8(ascii: "-")] : []
    let zero = UInt8(ascii: "0")
    if exponent < 0 {
      bytes += [zero, UInt8(ascii: ".")] + [UInt8](repeating: zero, count: -exponent - 1) + digits
    } else if digits.count <= exponent + 1 {
      bytes += digits + [UInt8](repeating: zero, count: exponent + 1 - digits.count)
    } else {
      bytes += digits[...exponent] + [UInt8(ascii: ".")] + digits[(exponent + 1)...]
    }
    bytes.append(0)
    return bytes
  }
}

/// Checks that `text` (NUL-terminated) reads as `expected`, and as strtod reads it.
func check(_ text: [UInt8], expecting expected: Double, in tally: inout Tally) {
  text.withUnsafeBufferPointer {
    let token = UnsafeBufferPointer(rebasing: $0.dropLast())
    tally.check(token, expecting: expected)
    tally.checkWithStrtod(terminated: token)
  }
}

/// Checks the midpoint above `lower` (positive and finite), and one unit above and below it in
/// a last digit `zeros` places further, written at random in scientific or positional form,
/// with a random sign.
func checkMidpoint(
  above lower: Double, zeros: Int, precision: Int, printer: inout Printer,
  generator: inout Xoshiro256StarStar, tally: inout Tally
) {
  let upper = lower.nextUp
  let even = lower.bitPattern & 1 == 0 ? lower : upper
  let midpoint = Float80(lower) + Float80(lower.ulp) / 2
  var exact = DecimalText(exactly: midpoint, precision: precision, printer: &printer)
  exact.isNegative = Bool.random(using: &generator)
  let sign: Double = exact.isNegative ? -1 : 1
  let cases = [
    (exact, even), (exact.plusOneUnit(after: zeros), upper),
    (exact.minusOneUnit(after: zeros), lower),
  ]
  for (text, expected) in cases {
    switch generator.next() % 4 {
    case 0: check(text.positional(), expecting: sign * expected, in: &tally)
    case 1: check(text.scientific(uppercase: true), expecting: sign * expected, in: &tally)
    default: check(text.scientific(), expecting: sign * expected, in: &tally)
    }
  }
}

/// How many midpoints each group of the long-midpoint test checks.
let midpointCount = Scale.count(1500)

@Suite("Decimal parsing: midpoints between doubles, against Float80 and strtod")
struct DecimalParserMidpointTests {
  @Test func readsMidpointsOfEveryMagnitude() {
    var generator = Xoshiro256StarStar(seed: 2)
    var printer = Printer()
    var tally = Tally()
    var lowers: [Double] = []
    // Random finite doubles, all binades alike.
    for _ in 0..<midpointCount {
      lowers.append(abs(randomDouble(using: &generator)))
    }
    // Subnormals, from the very smallest, and the midpoint between the largest one and the
    // smallest normal.
    lowers += (0..<16).map { Double(bitPattern: $0) }
    for _ in 0..<midpointCount {
      lowers.append(Double(bitPattern: generator.next() & 0x000F_FFFF_FFFF_FFFF))
    }
    lowers += [0x000F_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000].map { Double(bitPattern: $0) }
    // The ends of binades (where the spacing changes), up to the largest finite double, whose
    // midpoint with the next power of two rounds to infinity.
    for _ in 0..<midpointCount {
      let exponent = (generator.next() % 2046 + 1) << 52
      lowers.append(Double(bitPattern: exponent | 0x000F_FFFF_FFFF_FFFF))
      lowers.append(Double(bitPattern: exponent))
    }
    lowers.append(.greatestFiniteMagnitude)
    for lower in lowers where lower.isFinite {
      checkMidpoint(
        above: lower, zeros: Int.random(in: 0...30, using: &generator), precision: 800,
        printer: &printer, generator: &generator, tally: &tally)
    }
    #expect(tally.failed == 0, "\(tally.summary)")
    #expect(tally.checked == 2 * 3 * lowers.count)
  }

  @Test func readsMidpointsWithFewDigits() {
    // Between 2^49 and 2^64 the midpoints have at most 20 significant digits: 10^-4 ... 10^0
    // times an integer, where Eisel-Lemire itself must see the tie and round to even.
    var generator = Xoshiro256StarStar(seed: 3)
    var printer = Printer()
    var tally = Tally()
    for _ in 0..<Scale.count(20_000) {
      let lower = Double(
        sign: .plus, exponent: Int.random(in: 49...64, using: &generator),
        significand: 1 + Double(generator.next() >> 12) * 0x1p-52)
      checkMidpoint(
        above: lower, zeros: Int.random(in: 0...4, using: &generator), precision: 40,
        printer: &printer, generator: &generator, tally: &tally)
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }

  @Test func readsTiesWithPositivePowersOfTen() {
    // A midpoint is an odd 54-bit integer o times a power of two. When 5^q divides o, it is
    // w × 10^q with w = (o / 5^q) × 2^s: 1e23 is one. Float80 holds it exactly, and converting
    // that to Double rounds half to even, which gives the expected value.
    var generator = Xoshiro256StarStar(seed: 4)
    var tally = Tally()
    var fivePower: UInt64 = 1
    for q in 1...23 {
      fivePower *= 5
      let low = ((1 << 53) + fivePower - 1) / fivePower
      let high = ((1 << 54) - 1) / fivePower
      for _ in 0..<Scale.count(400) {
        var t = UInt64.random(in: low...high, using: &generator) | 1
        if t > high { t -= 2 }
        let odd = t * fivePower
        guard odd >= 1 << 53, odd < 1 << 54 else { continue }
        let room = t.leadingZeroBitCount - 1  // keeps w below 2^63
        let s = Int.random(in: 0...min(room, 10), using: &generator)
        let w = t << s
        let midpoint = Float80(odd) * Float80(sign: .plus, exponent: q + s, significand: 1)
        let expected = Double(midpoint)
        let below = Double(midpoint.nextDown)
        let above = Double(midpoint.nextUp)
        let digits = String(w)
        let zeros = String(repeating: "0", count: q)
        let belowInteger = (w > 1 ? String(w - 1) : "") + String(repeating: "9", count: q)
        let cases = [
          ("\(digits)e\(q)", expected), ("\(digits)E+\(q)", expected),
          (digits + zeros, expected),
          ("\(digits).000e\(q)", expected), ("0.\(digits)e\(q + digits.count)", expected),
          // A unit at 10^-7 or 10^-8 is far less than the half-spacing 2^(q+s) >= 2.
          (digits + zeros + ".0000001", above), ("-" + digits + zeros + "00000001e-8", -above),
          (belowInteger + ".9999999", below), ("-" + belowInteger + ".9999999", -below),
        ]
        for (text, value) in cases {
          tally.check(text, expecting: value)
          tally.checkWithStrtod(text)
        }
      }
    }
    #expect(tally.failed == 0, "\(tally.summary)")
    #expect(tally.checked > Scale.count(20_000))
  }
}
