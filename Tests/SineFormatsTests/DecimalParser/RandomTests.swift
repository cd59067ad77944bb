import SineNet
import Testing

/// How many random inputs each random test checks against strtod.
let randomCount = Scale.count(500_000)

@Suite("Decimal parsing: random numbers against strtod")
struct DecimalParserRandomTests {
  @Test func readsRandomDoublesInShortestForm() {
    var generator = Xoshiro256StarStar(seed: 1)
    var tally = Tally()
    for _ in 0..<randomCount {
      let value = randomDouble(using: &generator)
      let text = value.description
      tally.check(text, expecting: value)
      tally.checkWithStrtod(text)
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }

  @Test(arguments: [17, 25])
  func readsRandomDoublesWithSignificantDigits(_ digits: Int) {
    var generator = Xoshiro256StarStar(seed: UInt64(digits))
    var printer = Printer()
    var tally = Tally()
    let format = "%.\(digits - 1)e"
    for _ in 0..<randomCount {
      printer.print(format, randomDouble(using: &generator)) {
        tally.checkWithStrtod(terminated: $0)
      }
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }

  /// Writes a random JSON number into `bytes`, NUL-terminated: 1 to 40 random digits (sometimes
  /// only 0s and 9s, which carry), a random point, a random sign and a random exponent in
  /// -400...400 written in one of several ways, or none.
  func writeRandomDigitString(into bytes: inout [UInt8], using generator: inout Xoshiro256StarStar)
  {
    bytes.removeAll(keepingCapacity: true)
    let count = Int.random(in: 1...40, using: &generator)
    let point = Int.random(in: 0...count, using: &generator)
    let carries = generator.next() % 4 == 0
    if Bool.random(using: &generator) { bytes.append(UInt8(ascii: "-")) }
    if point == 0 { bytes.append(UInt8(ascii: "0")) }
    for index in 0..<count {
      if index == point { bytes.append(UInt8(ascii: ".")) }
      let digit =
        carries
        ? (Bool.random(using: &generator) ? 9 : 0)
        : UInt8.random(in: index == 0 && point > 1 ? 1...9 : 0...9, using: &generator)
      bytes.append(UInt8(ascii: "0") + (index == 0 && point > 1 && digit == 0 ? 9 : digit))
    }
    let exponent = Int.random(in: -400...400, using: &generator)
    let written: String
    switch generator.next() % 8 {
    case 0: written = ""
    case 1: written = "E\(exponent)"
    case 2: written = exponent < 0 ? "e\(exponent)" : "e+\(exponent)"
    case 3: written = exponent < 0 ? "e-000\(-exponent)" : "e000\(exponent)"
    default: written = "e\(exponent)"
    }
    bytes.append(contentsOf: written.utf8)
    bytes.append(0)
  }

  @Test func readsRandomDigitStrings() {
    var generator = Xoshiro256StarStar(seed: 40)
    var tally = Tally()
    var bytes: [UInt8] = []
    for _ in 0..<randomCount {
      writeRandomDigitString(into: &bytes, using: &generator)
      bytes.withUnsafeBufferPointer {
        tally.checkWithStrtod(terminated: UnsafeBufferPointer(rebasing: $0.dropLast()))
      }
    }
    #expect(tally.failed == 0, "\(tally.summary)")
  }
}
