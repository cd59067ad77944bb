import Testing

@testable import SineFormats

@Suite("Number formats")
struct NumberFormatTests {
  @Test(
    "Scientific notation as C's %e writes it",
    arguments: [
      (3.2e-05, 2, "3.2e-05"), (0.000032, 2, "3.2e-05"), (1, 2, "1.0e+00"), (0, 2, "0.0e+00"),
      (9.96, 2, "1.0e+01"), (9.94, 2, "9.9e+00"), (-4.56e12, 3, "-4.56e+12"), (0.5, 1, "5e-01"),
      (1e100, 2, "1.0e+100"), (1e-300, 2, "1.0e-300"), (.leastNonzeroMagnitude, 2, "4.9e-324"),
      (123_456, 4, "1.235e+05"), (Double.nan, 2, "nan"), (Double.infinity, 2, "inf"),
      (-Double.infinity, 2, "-inf"), (Double.greatestFiniteMagnitude, 3, "1.80e+308"),
    ] as [(Double, Int, String)])
  func scientific(value: Double, digits: Int, expected: String) {
    #expect(NumberFormat.scientific(value, digits: digits) == expected)
  }

  @Test("Fixed notation rounds and pads")
  func fixed() {
    #expect(NumberFormat.fixed(1.5, decimals: 1) == "1.5")
    #expect(NumberFormat.fixed(-0.25, decimals: 2) == "-0.25")
    #expect(NumberFormat.fixed(0.004, decimals: 2) == "0.00")
    #expect(NumberFormat.fixed(-0.004, decimals: 2) == "0.00")
    #expect(NumberFormat.fixed(12, decimals: 0) == "12")
    #expect(NumberFormat.fixed(0.05, decimals: 3) == "0.050")
    #expect(NumberFormat.fixed(.nan, decimals: 2) == "nan")
    #expect(NumberFormat.fixed(2e20, decimals: 1) == "2.00e+20")
  }

  @Test("Rates for people")
  func rate() {
    #expect(NumberFormat.rate(0) == "0")
    #expect(NumberFormat.rate(950.4) == "950")
    #expect(NumberFormat.rate(12_345) == "12.3k")
    #expect(NumberFormat.rate(8_912_345) == "8.9M")
    #expect(NumberFormat.rate(1.2e9) == "1.2G")
    #expect(NumberFormat.rate(.nan) == "-")
    #expect(NumberFormat.rate(-1) == "-")
  }

  @Test("One format for factors, from subnormal to huge; none of them loops")
  func factors() {
    let cases: [(Double, String)] = [
      (2, "2"), (-1, "-1"), (0.5, "0.5"), (0.0013131, "0.001313"), (1234.4, "1234"),
      (9999.6, "1e+04"), (0.00099996, "0.001"), (15_000, "1.5e+04"), (2e-5, "2e-05"),
      (1e-155 * 1e-155, "1e-310"), (3.2258e-308, "3.226e-308"),
      (-1.7976931348623157e308, "-1.798e+308"),
      (.leastNonzeroMagnitude, "4.941e-324"), (0, "0"), (.nan, "nan"), (.infinity, "inf"),
      (-.infinity, "-inf"),
    ]
    #expect(NumberFormat.short(2.0000000001) == "2")
    for (value, text) in cases {
      #expect(NumberFormat.short(value) == text, "\(value)")
    }
  }
}
