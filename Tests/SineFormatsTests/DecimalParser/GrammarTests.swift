import Testing

@testable import SineFormats

/// The grammar DecimalParser accepts: JSON's numbers and Python's words for the non-finite ones.
@Suite("Decimal parsing: the grammar")
struct DecimalParserGrammarTests {
  /// Tokens that are not JSON numbers, nor `NaN`, `Infinity`, `-Infinity`.
  static let rejected = [
    "", "-", "+", ".", "e", "+1", "+0", "--1", "-+1", "- 1", " 1", "1 ", "1\n", "\t1", "inf",
    "-inf",
    "Inf", "infinity", "-infinity", "INFINITY", "+Infinity", "Infinit", "Infinityy", "-Infinit",
    "nan", "NAN", "-NaN", "+NaN", "NaNa", "NaN ", "0x10", "0X10", "0x1p3", "0b1", "1.", "-1.", ".5",
    "-.5", "01", "-01", "00", "-00", "00.5", "1e", "1E", "1e+", "1e-", "1e+-1", "1e--1", "e5", "E5",
    "-e5", "1.e5", ".e5", "1.5e", "1.5.5", "0.0.0", "1e5.5", "1e5e5", "1ee5", "1-", "1+1", "1-1",
    "1_000", "1,5", "1'000", "1e5x", "12a", "0.5f", "1d", "1L", "１", "1\u{0}", "\u{0}1", "null",
    "true", "false", "0e", "-0e+", "٣", "1e٣",
  ]

  @Test func rejectsWhatIsNotAJSONNumber() {
    var tally = Tally()
    for text in Self.rejected { tally.check(text, expecting: nil) }
    #expect(tally.failed == 0, "\(tally.summary)")
  }

  @Test func rejectsANumberFollowedByAnyOtherByte() {
    // Bytes that may continue a number ("12" + "3", "1" + "e5") are left to the list above.
    var tally = Tally()
    let numbers = [
      "0", "-0", "1", "12.5", "-3e7", "1E+5", "6.02e-23", "NaN", "Infinity", "-Infinity",
    ]
    let continuations = Set("0123456789.eE+-".utf8)
    for number in numbers {
      for byte in UInt8(0)...UInt8(255) where !continuations.contains(byte) {
        var bytes = Array(number.utf8)
        bytes.append(byte)
        bytes.withUnsafeBufferPointer { tally.check($0, expecting: nil) }
      }
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }

  @Test func acceptsPythonsWordsForNonFiniteValues() {
    #expect(parse("NaN")?.isNaN == true)
    #expect(parse("Infinity") == .infinity)
    #expect(parse("-Infinity") == -.infinity)
  }

  @Test func acceptsEveryPartOfTheGrammar() {
    var tally = Tally()
    for text in [
      "0", "-0", "7", "-7", "10", "0.5", "-0.5", "10.25", "1e5", "1E5", "1e+5", "1e-5", "1E-05",
      "0e0", "-0E-0", "0.000", "123.456e+007", "9e0000000000000000000000000000001",
    ] {
      tally.checkWithStrtod(text)
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }
}
