import Testing

/// Zeros, subnormals, the largest numbers, exact ties, long digit strings and huge exponents.
@Suite("Decimal parsing: the edges")
struct DecimalParserEdgeTests {
  /// Inputs at the edges, each with the bit pattern it must read as.
  static let edgeCases: [(String, UInt64)] = [
    ("0", 0),
    ("-0", 0x8000_0000_0000_0000),
    ("0.0", 0),
    ("-0.0", 0x8000_0000_0000_0000),
    ("0e400", 0),
    ("-0e-400", 0x8000_0000_0000_0000),
    ("1E5", 0x40F8_6A00_0000_0000),
    ("1e+5", 0x40F8_6A00_0000_0000),
    ("1e-5", 0x3EE4_F8B5_88E3_68F1),
    // The smallest subnormal, and the numbers around half of it.
    ("5e-324", 1),
    ("4.9406564584124654e-324", 1),
    ("2.4703282292062327e-324", 0),
    ("2.4703282292062328e-324", 1),
    ("-2.4703282292062328e-324", 0x8000_0000_0000_0001),
    ("1e-400", 0),
    ("-1e-400", 0x8000_0000_0000_0000),
    // The largest subnormal and the smallest normal number.
    ("2.225073858507201e-308", 0x000F_FFFF_FFFF_FFFF),
    ("2.2250738585072014e-308", 0x0010_0000_0000_0000),
    ("2.2250738585072011e-308", 0x000F_FFFF_FFFF_FFFF),
    ("2.2250738585072012e-308", 0x0010_0000_0000_0000),
    // The largest finite number, and where rounding overflows.
    ("1.7976931348623157e308", 0x7FEF_FFFF_FFFF_FFFF),
    ("1.7976931348623158e308", 0x7FEF_FFFF_FFFF_FFFF),
    ("1.7976931348623159e308", 0x7FF0_0000_0000_0000),
    ("-1.7976931348623159e308", 0xFFF0_0000_0000_0000),
    ("1e309", 0x7FF0_0000_0000_0000),
    ("8.98846567431158e307", 0x7FE0_0000_0000_0000),
    // 10^23 is exactly halfway between two doubles: to even, the lower.
    ("1e23", 0x44B5_2D02_C7E1_4AF6),
    ("100000000000000000000000", 0x44B5_2D02_C7E1_4AF6),
    ("100000000000000000000000.000000000000000000000000001", 0x44B5_2D02_C7E1_4AF7),
    ("99999999999999999999999.999999999999999999999999999", 0x44B5_2D02_C7E1_4AF6),
    // 2^53 + 1 is halfway between 2^53 and 2^53 + 2: to even, 2^53.
    ("9007199254740993", 0x4340_0000_0000_0000),
    ("9007199254740993.0000000000000000000000000001", 0x4340_0000_0000_0001),
    ("9007199254740995", 0x4340_0000_0000_0002),
    ("0.1", 0x3FB9_9999_9999_999A),
    ("1", 0x3FF0_0000_0000_0000),
    ("-1", 0xBFF0_0000_0000_0000),
  ]

  @Test func readsTheEdgeCases() {
    var tally = Tally()
    for (text, bits) in Self.edgeCases {
      tally.check(text, expecting: Double(bitPattern: bits))
      tally.checkWithStrtod(text)
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }

  @Test func readsLongDigitStrings() {
    let zeros700 = String(repeating: "0", count: 700)
    let zeros800 = String(repeating: "0", count: 800)
    let cases: [(String, Double)] = [
      ("0." + zeros700 + "1", 0),
      ("-0." + zeros700 + "1", -0.0),
      ("0." + zeros700 + "1e700", 0.1),
      ("0." + zeros700 + "1e701", 1),
      ("1" + zeros800, .infinity),
      ("-1" + zeros800, -.infinity),
      ("1" + zeros800 + "e-800", 1),
      ("1" + zeros800 + "e-900", 1e-100),
      ("1" + zeros800 + ".5e-800", 1),
      ("0." + String(repeating: "0", count: 300) + "1", 1e-301),
      ("1" + String(repeating: "0", count: 300), 1e300),
      ("0." + zeros800, 0),
      ("0." + zeros800 + "e999999", 0),
      ("3." + String(repeating: "1", count: 500), 3.111111111111111),
      ("0." + String(repeating: "9", count: 500), 1),
      (String(repeating: "9", count: 309), .infinity),
      (String(repeating: "9", count: 308), 1e308),
    ]
    var tally = Tally()
    for (text, value) in cases {
      tally.check(text, expecting: value)
      tally.checkWithStrtod(text)
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }

  @Test func clampsExponentsOfManyDigits() {
    let ones25 = "1" + String(repeating: "0", count: 24)
    let nines30 = String(repeating: "9", count: 30)
    let cases: [(String, Double)] = [
      ("1e" + ones25, .infinity),
      ("1e+" + ones25, .infinity),
      ("1e-" + ones25, 0),
      ("-1e-" + ones25, -0.0),
      ("-1e" + ones25, -.infinity),
      ("0e" + ones25, 0),
      ("1e" + nines30, .infinity),
      ("1e-" + nines30, 0),
      ("1e0000000000000000000000001", 10),
      ("1e-0000000000000000000000001", 0.1),
      ("1" + String(repeating: "0", count: 500) + "e-" + nines30, 0),
      ("0." + String(repeating: "0", count: 500) + "1e" + nines30, .infinity),
      ("1e" + String(repeating: "9", count: 400), .infinity),
    ]
    var tally = Tally()
    for (text, value) in cases {
      tally.check(text, expecting: value)
      tally.checkWithStrtod(text)
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }
}
