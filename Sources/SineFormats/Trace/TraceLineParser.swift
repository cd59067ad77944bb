/// A small JSON reader for trace lines: one object whose values, under the keys a reader reads
/// (``TraceKey/isRead``), are numbers, arrays of numbers or `null`.
///
/// The value of any other key is skipped, whatever JSON it is (objects and arrays nested up to
/// ``depthLimit`` levels, strings, `true`, `false`, `null`, numbers), so that a program can add
/// its own keys (`"config":{"lr":0.01}`, `"tags":["a"]`). Messages quote at most
/// ``excerptLength`` characters of the line, with non-printable ones escaped.
///
/// It reads the bytes in place, straight into ``TraceFields`` whose storage is reused, so that a
/// line allocates nothing; each number becomes a Double through ``DecimalParser``, which rounds
/// correctly, so a trace written in shortest round-trip form reads back bit for bit. Beyond JSON
/// it accepts `NaN`, `Infinity` and `-Infinity`, which Python's `json` writes.
struct TraceLineParser {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0

  /// Reads one line (without its newline) into `fields`; false when it holds only white space.
  ///
  /// - Throws: the problem in a few words, without the line number.
  static func parse(_ line: UnsafeBufferPointer<UInt8>, into fields: inout TraceFields)
    throws(TraceProblem) -> Bool
  {
    var parser = TraceLineParser(bytes: line)
    parser.skipSpace()
    guard parser.index < line.count else { return false }
    fields.clear()
    try parser.object(into: &fields)
    return true
  }

  /// The deepest nesting of objects and arrays skipped under a key.
  static let depthLimit = 32

  /// The most characters of the line a message quotes.
  static let excerptLength = 40

  private init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  // MARK: - The grammar

  private mutating func object(into fields: inout TraceFields) throws(TraceProblem) {
    guard peek == UInt8(ascii: "{") else {
      throw problem("it is not JSON Lines: the line is not a JSON object")
    }
    index += 1
    skipSpace()
    if peek == UInt8(ascii: "}") {
      index += 1
    } else {
      while true {
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { throw expected("a key in double quotes") }
        let name = try string()
        skipSpace()
        guard peek == UInt8(ascii: ":") else {
          throw expected("':' after the key '\(Self.excerpt(name))'")
        }
        index += 1
        skipSpace()
        if let key = TraceKey(utf8: name) {
          try value(of: key, named: name, into: &fields)
        } else {
          try otherValue(named: name)
        }
        skipSpace()
        if peek == UInt8(ascii: ",") {
          index += 1
        } else if peek == UInt8(ascii: "}") {
          index += 1
          break
        } else {
          throw expected("',' or '}' after the value of '\(Self.excerpt(name))'")
        }
      }
    }
    skipSpace()
    guard index == bytes.count else { throw expected("the end of the line after the object") }
  }

  /// Reads the value of a key of the format into `fields`.
  private mutating func value(
    of key: TraceKey, named name: UnsafeBufferPointer<UInt8>, into fields: inout TraceFields
  ) throws(TraceProblem) {
    switch peek {
    case UInt8(ascii: "["):
      guard key.isRead else {
        try skipValue(of: name, depth: 0)
        fields.set(key, .other)
        return
      }
      try numbers(of: key, named: name, into: &fields)
    case UInt8(ascii: "\""):
      let text = try string()
      if key.namesSetting {
        fields.set(key, name: Self.text(text))
      } else {
        fields.set(key, .string)
      }
    case UInt8(ascii: "{"):
      guard key.isRead else {
        try skipValue(of: name, depth: 0)
        fields.set(key, .other)
        return
      }
      throw problem(
        "the value of '\(Self.excerpt(name))' is an object; a trace holds numbers, arrays and null")
    case nil: throw expected("a value for '\(Self.excerpt(name))'")
    default:
      if let number = number() {
        fields.set(key, number: number)
        return
      }
      let word = token()
      if Self.matches(word, "null") {
        fields.set(key, .null)
      } else if Self.matches(word, "true") || Self.matches(word, "false") {
        fields.set(key, .other)
      } else {
        throw notANumber(word, under: name)
      }
    }
  }

  /// Skips the value of a key the format does not have, checking that it is JSON.
  private mutating func otherValue(named name: UnsafeBufferPointer<UInt8>) throws(TraceProblem) {
    switch peek {
    case UInt8(ascii: "["), UInt8(ascii: "{"): try skipValue(of: name, depth: 0)
    case UInt8(ascii: "\""): _ = try string()
    case nil: throw expected("a value for '\(Self.excerpt(name))'")
    default:
      let word = token()
      guard
        Self.matches(word, "null") || Self.matches(word, "true") || Self.matches(word, "false")
          || Self.number(word) != nil
      else { throw notANumber(word, under: name) }
    }
  }

  private func notANumber(
    _ word: UnsafeBufferPointer<UInt8>, under name: UnsafeBufferPointer<UInt8>
  )
    -> TraceProblem
  {
    problem(
      "the value of '\(Self.excerpt(name))' is '\(Self.excerpt(Self.text(word)))', not a number")
  }

  /// Skips one JSON value of any kind, nested at most ``depthLimit`` levels below `depth`.
  private mutating func skipValue(of key: UnsafeBufferPointer<UInt8>, depth: Int)
    throws(TraceProblem)
  {
    switch peek {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      guard depth < Self.depthLimit else {
        throw problem(
          "the value of '\(Self.excerpt(key))' nests deeper than \(Self.depthLimit) levels")
      }
      let isObject = peek == UInt8(ascii: "{")
      let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
      index += 1
      skipSpace()
      if peek == close {
        index += 1
        return
      }
      while true {
        skipSpace()
        if isObject {
          guard peek == UInt8(ascii: "\"") else { throw expected("a key in double quotes") }
          _ = try string()
          skipSpace()
          guard peek == UInt8(ascii: ":") else {
            throw expected("':' in the value of '\(Self.excerpt(key))'")
          }
          index += 1
          skipSpace()
        }
        try skipValue(of: key, depth: depth + 1)
        skipSpace()
        if peek == UInt8(ascii: ",") {
          index += 1
        } else if peek == close {
          index += 1
          return
        } else {
          throw expected(
            "',' or '\(isObject ? "}" : "]")' in the value of '\(Self.excerpt(key))'")
        }
      }
    case UInt8(ascii: "\""): _ = try string()
    case nil: throw expected("a value in '\(Self.excerpt(key))'")
    default:
      let word = token()
      guard word.isEmpty else {
        guard
          Self.matches(word, "null") || Self.matches(word, "true")
            || Self.matches(word, "false") || Self.number(word) != nil
        else {
          throw problem(
            "the value of '\(Self.excerpt(key))' holds '\(Self.excerpt(Self.text(word)))', not JSON"
          )
        }
        return
      }
      throw expected("a value in '\(Self.excerpt(key))'")
    }
  }

  /// Reads the array of numbers under `key` into `fields`.
  private mutating func numbers(
    of key: TraceKey, named name: UnsafeBufferPointer<UInt8>, into fields: inout TraceFields
  ) throws(TraceProblem) {
    index += 1  // [
    fields.beginArray(key)
    defer { fields.endArray(key) }
    skipSpace()
    if peek == UInt8(ascii: "]") {
      index += 1
      return
    }
    while true {
      skipSpace()
      if let number = number() {
        fields.append(number)
        skipSpace()
        if peek == UInt8(ascii: ",") {
          index += 1
          continue
        }
        if peek == UInt8(ascii: "]") {
          index += 1
          return
        }
        throw expected("',' or ']' in '\(Self.excerpt(name))'")
      }
      let word = token()
      if Self.matches(word, "null") {
        fields.append(.nan)
      } else if word.isEmpty, let byte = peek {
        throw problem(
          "'\(Self.excerpt(name))' holds '\(Self.excerpt(String(Unicode.Scalar(byte))))' where a "
            + "number belongs; arrays in a trace hold only numbers")
      } else if word.isEmpty {
        throw expected("']' to close '\(Self.excerpt(name))'")
      } else {
        throw problem(
          "'\(Self.excerpt(name))' holds '\(Self.excerpt(Self.text(word)))', not a number")
      }
      skipSpace()
      if peek == UInt8(ascii: ",") {
        index += 1
      } else if peek == UInt8(ascii: "]") {
        index += 1
        return
      } else {
        throw expected("',' or ']' in '\(Self.excerpt(name))'")
      }
    }
  }

  /// The bytes of a string from its opening quote, without the quotes; escapes are kept as
  /// written (keys never need them).
  private mutating func string() throws(TraceProblem) -> UnsafeBufferPointer<UInt8> {
    index += 1
    let start = index
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "\""):
        let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index += 1
        return text
      case UInt8(ascii: "\\"): index += 2
      default: index += 1
      }
    }
    throw problem("a string is not closed before the end of the line")
  }

  /// The run of bytes that can make up a number or a word, possibly empty.
  private mutating func token() -> UnsafeBufferPointer<UInt8> {
    let start = index
    while index < bytes.count, Self.isTokenByte(bytes[index]) { index += 1 }
    return UnsafeBufferPointer(rebasing: bytes[start..<index])
  }

  // MARK: - Numbers

  /// The number at the reading position, read in place, with the position moved past it; nil,
  /// with the position unchanged, unless a whole token (``token()``) is a number.
  ///
  /// The token is the run of bytes that could make up a number or a word, so a number followed
  /// by such a byte (`1.5x`, `01`) is not one, as the token alone would not be.
  @inline(__always)
  private mutating func number() -> Double? {
    var end = index
    guard let value = DecimalParser.parse(bytes, at: &end),
      end == bytes.count || !Self.isTokenByte(bytes[end])
    else { return nil }
    index = end
    return value
  }

  /// The number `word` spells in JSON (or as `NaN`, `Infinity`, `-Infinity`), or nil.
  static func number(_ word: String) -> Double? {
    var word = word
    return word.withUTF8 { number($0) }
  }

  /// The number `token` spells in JSON (or as `NaN`, `Infinity`, `-Infinity`), or nil.
  ///
  /// Only JSON's grammar is accepted, so that nothing else Swift's parser would take (`inf`,
  /// `0x10`, `+1`) passes; ``DecimalParser`` checks it and rounds correctly.
  static func number(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
    DecimalParser.parse(token)
  }

  /// Whether `token` is exactly the ASCII `word`.
  static func matches(_ token: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    guard token.count == word.utf8CodeUnitCount else { return false }
    let start = word.utf8Start
    for i in 0..<token.count where token[i] != start[i] { return false }
    return true
  }

  /// The bytes as text, for messages.
  static func text(_ token: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: token, as: UTF8.self)
  }

  /// The bytes as text for a message, as the other `excerpt` shortens and escapes it.
  static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    excerpt(text(bytes))
  }

  /// `text` for a message: at most ``excerptLength`` characters, control characters escaped.
  static func excerpt(_ text: String) -> String {
    QuotedText.escaped(text, limit: excerptLength)
  }

  /// Whether `byte` can be part of a number or a word: an ASCII letter or digit, `-`, `+` or `.`.
  @inline(__always)
  static func isTokenByte(_ byte: UInt8) -> Bool {
    // One bit per byte value: `+` (43), `-` (45), `.` (46) and the digits (48...57) below 64,
    // the letters (65...90, 97...122) from 64 to 127.
    let low: UInt64 = 1 << 43 | 1 << 45 | 1 << 46 | 0x03FF << 48
    let high: UInt64 = 0x07FF_FFFE | 0x07FF_FFFE << 32
    switch byte {
    case 0..<64: return low >> byte & 1 == 1
    case 64..<128: return high >> (byte - 64) & 1 == 1
    default: return false
    }
  }

  // MARK: - Reading bytes

  private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

  private mutating func skipSpace() {
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
      default: return
      }
    }
  }

  private func problem(_ message: String) -> TraceProblem {
    TraceProblem(line: nil, message)
  }

  private func expected(_ what: String) -> TraceProblem {
    problem("it is not JSON Lines: expected \(what) at column \(index + 1)")
  }
}
