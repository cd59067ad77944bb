/// A JSON number: its text, and the Double it rounds to.
struct JSONNumber: Sendable, Hashable {
  /// The number as written: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
  var text: String
  /// The correctly rounded Double, finite (the reader refuses a number beyond a Double).
  var double: Double

  /// Whether the number is written as a whole number: digits after an optional minus, with no
  /// point and no exponent.
  var isWrittenWhole: Bool {
    !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
  }

  /// The number exactly, from its digits, when it is written as a whole number within `Whole`'s
  /// range; else nil.
  func exact<Whole: FixedWidthInteger>(_: Whole.Type) -> Whole? {
    guard isWrittenWhole else { return nil }
    return Whole(text, radix: 10)
  }
}
