/// A small, strict JSON reader (RFC 8259) for files such as snapshots: the whole text becomes a
/// ``JSONNode``.
///
/// It reads objects, arrays, strings (escapes decoded, UTF-8 checked), numbers (kept as written,
/// so that whole numbers read exactly; Doubles correctly rounded by ``DecimalParser``), `true`,
/// `false` and `null`, nested at most ``depthLimit`` levels. Anything else is refused with where
/// and what was expected: Python's `NaN` and `Infinity`, a number beyond a Double (`1e999`),
/// control characters in strings, lone surrogates, a trailing comma, bytes after the value.
struct JSONReader {
  /// Why a text is not JSON the reader accepts: what was expected, and at which byte.
  struct Failure: Error, Hashable {
    /// What is wrong, in a few words, with the 1-based byte offset it was found at.
    var message: String
  }

  /// The deepest nesting of arrays and objects accepted.
  static let depthLimit = 32

  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0

  /// Reads `text`, which must hold exactly one JSON value (white space around it aside).
  static func read(_ text: UnsafeBufferPointer<UInt8>) throws(Failure) -> JSONNode {
    var reader = JSONReader(bytes: text)
    reader.skipSpace()
    guard reader.index < text.count else { throw Failure(message: "it is empty") }
    let value = try reader.value(depth: 0)
    reader.skipSpace()
    guard reader.index == text.count else { throw reader.expected("the end after the value") }
    return value
  }

  private init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  // MARK: - Values

  private mutating func value(depth: Int) throws(Failure) -> JSONNode {
    switch peek {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      guard depth < Self.depthLimit else {
        throw failure("it nests deeper than \(Self.depthLimit) levels")
      }
      return peek == UInt8(ascii: "{") ? try object(depth: depth) : try array(depth: depth)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"):
      try word("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try word("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try word("null")
      return .null
    case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?:
      return .number(try number())
    default: throw expected("a value")
    }
  }

  private mutating func object(depth: Int) throws(Failure) -> JSONNode {
    index += 1  // {
    var members: [JSONMember] = []
    skipSpace()
    if peek == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipSpace()
      guard peek == UInt8(ascii: "\"") else { throw expected("a key in double quotes") }
      let key = try string()
      skipSpace()
      guard peek == UInt8(ascii: ":") else { throw expected("':' after a key") }
      index += 1
      skipSpace()
      members.append(JSONMember(key: key, value: try value(depth: depth + 1)))
      skipSpace()
      switch peek {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "}"):
        index += 1
        return .object(members)
      default: throw expected("',' or '}'")
      }
    }
  }

  private mutating func array(depth: Int) throws(Failure) -> JSONNode {
    index += 1  // [
    var elements: [JSONNode] = []
    skipSpace()
    if peek == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipSpace()
      elements.append(try value(depth: depth + 1))
      skipSpace()
      switch peek {
      case UInt8(ascii: ","): index += 1
      case UInt8(ascii: "]"):
        index += 1
        return .array(elements)
      default: throw expected("',' or ']'")
      }
    }
  }

  /// Reads the ASCII `word` (`true`, `false`, `null`), which must not run on into letters.
  private mutating func word(_ word: StaticString) throws(Failure) {
    let count = word.utf8CodeUnitCount
    let start = word.utf8Start
    guard bytes.count - index >= count,
      (0..<count).allSatisfy({ bytes[index + $0] == start[$0] })
    else { throw expected("a value") }
    index += count
  }

  // MARK: - Numbers

  /// A number in JSON's grammar, which ``DecimalParser`` reads; Python's words for the
  /// non-finite numbers, and numbers beyond a Double, are refused.
  private mutating func number() throws(Failure) -> JSONNumber {
    let start = index
    // Only a digit, or a minus and a digit, start a JSON number (not `-Infinity`).
    let first = bytes[index] == UInt8(ascii: "-") ? index + 1 : index
    guard first < bytes.count, bytes[first] &- UInt8(ascii: "0") < 10 else {
      throw expected("a number")
    }
    var end = index
    guard let value = DecimalParser.parse(bytes, at: &end),
      end == bytes.count || !Self.continuesNumber(bytes[end])
    else { throw expected("a number") }
    guard value.isFinite else {
      throw failure("the number \(TraceLineParser.excerpt(text(start..<end))) is beyond a Double")
    }
    index = end
    return JSONNumber(text: text(start..<end), double: value)
  }

  /// Whether `byte` would run on from a number: a digit, a letter, a point or a sign.
  private static func continuesNumber(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "."), UInt8(ascii: "+"),
      UInt8(ascii: "-"):
      true
    default: false
    }
  }

  // MARK: - Strings

  /// A string from its opening quote, with its escapes decoded.
  private mutating func string() throws(Failure) -> String {
    index += 1  // "
    var decoded: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      switch byte {
      case UInt8(ascii: "\""):
        index += 1
        guard let text = String(validating: decoded, as: UTF8.self) else {
          throw failure("a string is not UTF-8")
        }
        return text
      case UInt8(ascii: "\\"):
        index += 1
        try escape(into: &decoded)
      case 0..<0x20:
        throw failure("a string holds a control character; JSON writes it as an escape")
      default:
        decoded.append(byte)
        index += 1
      }
    }
    throw failure("a string is not closed")
  }

  /// Decodes the escape after a backslash into UTF-8.
  private mutating func escape(into decoded: inout [UInt8]) throws(Failure) {
    guard let letter = peek else { throw failure("a string is not closed") }
    index += 1
    switch letter {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(letter)
    case UInt8(ascii: "b"): decoded.append(0x08)
    case UInt8(ascii: "f"): decoded.append(0x0C)
    case UInt8(ascii: "n"): decoded.append(0x0A)
    case UInt8(ascii: "r"): decoded.append(0x0D)
    case UInt8(ascii: "t"): decoded.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try hexQuad()
      if (0xD800..<0xDC00).contains(scalar) {
        // A high surrogate: the low one must follow, as another \u escape.
        guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
          bytes[index + 1] == UInt8(ascii: "u")
        else { throw failure("a string holds a lone surrogate") }
        index += 2
        let low = try hexQuad()
        guard (0xDC00..<0xE000).contains(low) else {
          throw failure("a string holds a lone surrogate")
        }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00..<0xE000).contains(scalar) {
        throw failure("a string holds a lone surrogate")
      }
      guard let unicode = Unicode.Scalar(scalar) else {
        throw failure("a string holds a lone surrogate")
      }
      decoded.append(contentsOf: String(Character(unicode)).utf8)
    default:
      index -= 1
      throw expected("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
    }
  }

  /// Four hexadecimal digits.
  private mutating func hexQuad() throws(Failure) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = peek, let digit = Self.hexDigit(byte) else {
        throw expected("four hexadecimal digits after \\u")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  private static func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
  }

  // MARK: - Reading bytes

  private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipSpace() {
    while let byte = peek,
      byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        || byte == UInt8(ascii: "\t")
    {
      index += 1
    }
  }

  private func text(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }

  private func failure(_ what: String) -> Failure {
    Failure(message: "\(what) (byte \(index + 1))")
  }

  private func expected(_ what: String) -> Failure {
    Failure(message: "expected \(what) at byte \(index + 1)")
  }
}
