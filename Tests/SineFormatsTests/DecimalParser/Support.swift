import CPlatform
import SineNet

@testable import SineFormats

// MARK: - How much runs where

/// How many inputs the random and midpoint tests check, scaled to the build: a debug build
/// (`swift test`, the fast loop) checks a twentieth of what a release build
/// (`swift test -c release --filter DecimalParser`) checks, about 110,000 inputs against 2.2
/// million, so that the fast loop stays fast.
enum Scale {
  #if DEBUG
    static let factor = 20
  #else
    static let factor = 1
  #endif

  /// `count`, the release build's number, divided for a debug build.
  static func count(_ count: Int) -> Int { count / factor }
}

// MARK: - References

/// DecimalParser's reading of `text`.
func parse(_ text: String) -> Double? {
  var text = text
  return text.withUTF8 { DecimalParser.parse($0) }
}

/// glibc's correctly rounded reading of `text`, which must be a number and nothing else.
func strtodValue(_ text: String) -> Double {
  text.withCString { strtod($0, nil) }
}

/// A reusable buffer that glibc's `vsnprintf` writes numbers into.
struct Printer {
  private var buffer = [UInt8](repeating: 0, count: 1200)

  /// Calls `body` with `value` formatted by `format` (one conversion), NUL-terminated just past
  /// the end of the bytes it is given.
  mutating func print<Result>(
    _ format: String, _ value: some CVarArg, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    buffer.withUnsafeMutableBufferPointer { buffer in
      let count = buffer.withMemoryRebound(to: CChar.self) { characters in
        withVaList([value]) { vsnprintf(characters.baseAddress, characters.count, format, $0) }
      }
      precondition(count > 0 && Int(count) < buffer.count, "\(format) does not fit")
      return body(UnsafeBufferPointer(rebasing: buffer[..<Int(count)]))
    }
  }
}

// MARK: - Counting failures

/// A count of the inputs checked, and of those whose reading differs from what was expected,
/// with the first few kept to show; one `#expect` at the end instead of one per input.
struct Tally {
  private(set) var checked = 0
  private(set) var failed = 0
  private(set) var examples: [String] = []

  /// Records whether DecimalParser reads `token` as exactly `expected` (bit for bit; nil for a
  /// rejection).
  mutating func check(_ token: UnsafeBufferPointer<UInt8>, expecting expected: Double?) {
    record(String(decoding: token, as: UTF8.self), DecimalParser.parse(token), expected)
  }

  /// Records whether DecimalParser reads `token`, which a NUL byte follows, as strtod does.
  mutating func checkWithStrtod(terminated token: UnsafeBufferPointer<UInt8>) {
    guard let start = token.baseAddress else { preconditionFailure("no token") }
    let expected = UnsafeRawPointer(start).withMemoryRebound(
      to: CChar.self, capacity: token.count + 1
    ) { strtod($0, nil) }
    check(token, expecting: expected)
  }

  /// Records whether DecimalParser reads `text` as exactly `expected`.
  mutating func check(_ text: String, expecting expected: Double?) {
    record(text, parse(text), expected)
  }

  /// Records whether DecimalParser reads `text` as glibc's strtod does, bit for bit.
  mutating func checkWithStrtod(_ text: String) {
    check(text, expecting: strtodValue(text))
  }

  /// Records whether DecimalParser's reading `got` of `text` (an autoclosure, made only on a
  /// failure) is exactly `expected`.
  mutating func record(_ text: @autoclosure () -> String, _ got: Double?, _ expected: Double?) {
    checked += 1
    guard got?.bitPattern != expected?.bitPattern else { return }
    failed += 1
    guard examples.count < 8 else { return }
    let text = text()
    let shown =
      text.count > 120 ? "\(text.prefix(60))…(\(text.count) bytes)…\(text.suffix(20))" : text
    examples.append(
      "\(shown): got \(got.map(describe) ?? "nil"), expected \(expected.map(describe) ?? "nil")")
  }

  /// A one-line account of the failures, for `#expect`.
  var summary: String {
    "\(failed) of \(checked) differ: " + examples.joined(separator: "; ")
  }
}

/// `value` with its bit pattern, for messages.
func describe(_ value: Double) -> String {
  "\(value) (0x\(String(value.bitPattern, radix: 16)))"
}

/// A random finite Double from a random 64-bit pattern; one in 16 is made subnormal.
func randomDouble(using generator: inout Xoshiro256StarStar) -> Double {
  while true {
    var bits = generator.next()
    if bits % 16 == 0 { bits &= 0x800F_FFFF_FFFF_FFFF }
    let value = Double(bitPattern: bits)
    if value.isFinite { return value }
  }
}
