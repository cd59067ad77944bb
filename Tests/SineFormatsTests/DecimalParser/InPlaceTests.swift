import SineNet
import Testing

@testable import SineFormats

/// Reading a number where it stands in a line, as the trace reader does: the value, and where it
/// stops.
@Suite("Decimal parsing: in place, and eight digits at a time")
struct DecimalParserInPlaceTests {
  /// What `parse(_:at:)` reads from `text` at `start`: the value and where it stopped.
  static func read(_ text: String, at start: Int) -> (Double?, Int) {
    var text = text
    return text.withUTF8 { bytes in
      var index = start
      let value = DecimalParser.parse(bytes, at: &index)
      return (value, index)
    }
  }

  @Test("A number inside a line reads as the same token alone, and stops just after it")
  func insideALine() {
    var generator = Xoshiro256StarStar(seed: 9)
    var tokens = ["0", "-0", "7", "10.25", "1e5", "-1E-05", "123.456e+007", "NaN", "Infinity"]
    tokens += ["-Infinity", "1" + String(repeating: "0", count: 400), "0.1234567890123456789012"]
    for _ in 0..<Scale.count(20_000) {
      tokens.append("\(randomDouble(using: &generator))")
    }
    var tally = Tally()
    for token in tokens {
      for (before, after) in [("[", ","), ("{\"w1\":[", "]}"), ("", ""), ("x", " ")] {
        let (value, end) = Self.read(before + token + after, at: before.utf8.count)
        tally.record(token, value, parse(token))
        tally.record("end of \(token)", Double(end), Double(before.utf8.count + token.utf8.count))
      }
    }
    #expect(tally.failed == 0, "\(tally.summary)")
    #expect(tally.checked == 2 * 4 * tokens.count)
  }

  @Test("It stops at the first byte that cannot go on, and a number cut short is nil")
  func stops() {
    let cases: [(String, Double?, Int)] = [
      ("1.5x", 1.5, 3), ("12a", 12, 2), ("01", 0, 1), ("-0.5e3]", -500, 6), ("1e5e5", 1e5, 3),
      ("NaNa", .nan, 3), ("Infinityy", .infinity, 8), ("1.", nil, 0), ("1e", nil, 0),
      ("1e+", nil, 0), ("-", nil, 0), ("-x", nil, 0), (".5", nil, 0), ("", nil, 0), ("nan", nil, 0),
      ("null", nil, 0), ("+1", nil, 0), ("12345678.", nil, 0),
      ("123456789012345678x", 1.2345678901234568e17, 18),
    ]
    for (text, expected, end) in cases {
      let (value, stop) = Self.read(text, at: 0)
      #expect(value?.bitPattern == expected?.bitPattern, "\(text)")
      #expect(stop == end, "\(text)")
    }
  }

  /// Eight bytes as the little-endian word the parser loads.
  static func word(_ bytes: [UInt8]) -> UInt64 {
    bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }
  }

  @Test("Eight digits at a time: every byte that is not a digit, at every place, is refused")
  func eightDigits() {
    var generator = Xoshiro256StarStar(seed: 8)
    var tally = Tally()
    for _ in 0..<Scale.count(100_000) {
      let digits = (0..<8).map { _ in UInt8.random(in: 0...9, using: &generator) }
      let expected = digits.reduce(0) { $0 * 10 + UInt64($1) }
      let ascii = digits.map { $0 + UInt8(ascii: "0") }
      tally.record(
        String(decoding: ascii, as: UTF8.self),
        DecimalParser.eightDigits(Self.word(ascii)).map { Double($0) }, Double(expected))
    }
    for place in 0..<8 {
      for byte in UInt8.min...UInt8.max {
        var ascii = [UInt8](repeating: UInt8(ascii: "5"), count: 8)
        ascii[place] = byte
        let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        let expected = isDigit ? Double(55_555_555 + (Int(byte) - 53) * Self.pow10(7 - place)) : nil
        tally.record(
          "byte \(byte) at \(place)",
          DecimalParser.eightDigits(Self.word(ascii)).map { Double($0) },
          expected)
      }
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }

  /// 10 to a small power.
  static func pow10(_ exponent: Int) -> Int {
    (0..<exponent).reduce(1) { value, _ in value * 10 }
  }
}
