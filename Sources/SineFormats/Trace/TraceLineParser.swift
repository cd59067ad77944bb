/// A small JSON reader for trace lines: one object whose values, under the keys a reader reads
/// (``TraceKey/isRead``), are numbers, arrays of numbers or `null`.
///
/// The value of any other key is skipped, whatever JSON it is (objects and arrays nested up to
/// ``depthLimit`` levels, strings, `true`, `false`, `null`, numbers), so that a program can add
/// its own keys (`"config":{"lr":0.01}`, `"tags":["a"]`). Messages quote at most
/// ``excerptLength`` characters of the line, with non-printable ones escaped.
///
/// It reads the bytes in place and turns each number into a Double with the standard library's
/// parser, which rounds correctly, so a trace written in shortest round-trip form reads back bit
/// for bit. Beyond JSON it accepts `NaN`, `Infinity` and `-Infinity`, which Python's `json` writes.
struct TraceLineParser {
  private let bytes: UnsafeBufferPointer<UInt8>
  private var index = 0

  /// Reads one line (without its newline); nil when it holds only white space.
  ///
  /// - Throws: the problem in a few words, without the line number.
  static func parse(_ line: UnsafeBufferPointer<UInt8>) throws(TraceProblem) -> TraceRecord? {
    var parser = TraceLineParser(bytes: line)
    parser.skipSpace()
    guard parser.index < line.count else { return nil }
    return try parser.object()
  }

  /// Whether the value of `key` is read (``TraceKey/isRead``); the values of others are skipped.
  static func isRead(_ key: String) -> Bool {
    TraceKey(rawValue: key)?.isRead ?? false
  }

  /// The deepest nesting of objects and arrays skipped under a key.
  static let depthLimit = 32

  /// The most characters of the line a message quotes.
  static let excerptLength = 40

  private init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  // MARK: - The grammar

  private mutating func object() throws(TraceProblem) -> TraceRecord {
    guard peek == UInt8(ascii: "{") else {
      throw problem("it is not JSON Lines: the line is not a JSON object")
    }
    index += 1
    var record = TraceRecord()
    skipSpace()
    if peek == UInt8(ascii: "}") {
      index += 1
    } else {
      while true {
        skipSpace()
        guard peek == UInt8(ascii: "\"") else { throw expected("a key in double quotes") }
        let key = try string()
        skipSpace()
        guard peek == UInt8(ascii: ":") else {
          throw expected("':' after the key '\(Self.excerpt(key))'")
        }
        index += 1
        skipSpace()
        record.members.append((key, try value(of: key)))
        skipSpace()
        if peek == UInt8(ascii: ",") {
          index += 1
        } else if peek == UInt8(ascii: "}") {
          index += 1
          break
        } else {
          throw expected("',' or '}' after the value of '\(Self.excerpt(key))'")
        }
      }
    }
    skipSpace()
    guard index == bytes.count else { throw expected("the end of the line after the object") }
    return record
  }

  private mutating func value(of key: String) throws(TraceProblem) -> TraceValue {
    let read = Self.isRead(key)
    switch peek {
    case UInt8(ascii: "["):
      guard read else { return try skipped(key) }
      return .numbers(try numbers(of: key))
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "{"):
      guard read else { return try skipped(key) }
      throw problem(
        "the value of '\(Self.excerpt(key))' is an object; a trace holds numbers, arrays and null")
    case nil: throw expected("a value for '\(Self.excerpt(key))'")
    default:
      let word = token()
      if Self.matches(word, "null") { return .null }
      if Self.matches(word, "true") || Self.matches(word, "false") { return .other }
      guard let number = Self.number(word) else {
        throw problem(
          "the value of '\(Self.excerpt(key))' is '\(Self.excerpt(Self.text(word)))', not a number")
      }
      return .number(number)
    }
  }

  /// Skips the object or array under `key`, which the diagnosis does not read.
  private mutating func skipped(_ key: String) throws(TraceProblem) -> TraceValue {
    try skipValue(of: key, depth: 0)
    return .other
  }

  /// Skips one JSON value of any kind, nested at most ``depthLimit`` levels below `depth`.
  private mutating func skipValue(of key: String, depth: Int) throws(TraceProblem) {
    let name = Self.excerpt(key)
    switch peek {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      guard depth < Self.depthLimit else {
        throw problem("the value of '\(name)' nests deeper than \(Self.depthLimit) levels")
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
          guard peek == UInt8(ascii: ":") else { throw expected("':' in the value of '\(name)'") }
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
          throw expected("',' or '\(isObject ? "}" : "]")' in the value of '\(name)'")
        }
      }
    case UInt8(ascii: "\""): _ = try string()
    case nil: throw expected("a value in '\(name)'")
    default:
      let word = token()
      guard word.isEmpty else {
        guard
          Self.matches(word, "null") || Self.matches(word, "true")
            || Self.matches(word, "false") || Self.number(word) != nil
        else {
          throw problem("the value of '\(name)' holds '\(Self.excerpt(Self.text(word)))', not JSON")
        }
        return
      }
      throw expected("a value in '\(name)'")
    }
  }

  private mutating func numbers(of key: String) throws(TraceProblem) -> [Double] {
    index += 1  // [
    var values: [Double] = []
    skipSpace()
    if peek == UInt8(ascii: "]") {
      index += 1
      return values
    }
    while true {
      skipSpace()
      let word = token()
      if let number = Self.number(word) {
        values.append(number)
      } else if Self.matches(word, "null") {
        values.append(.nan)
      } else if word.isEmpty, let byte = peek {
        throw problem(
          "'\(Self.excerpt(key))' holds '\(Self.excerpt(String(Unicode.Scalar(byte))))' where a "
            + "number belongs; arrays in a trace hold only numbers")
      } else if word.isEmpty {
        throw expected("']' to close '\(Self.excerpt(key))'")
      } else {
        throw problem(
          "'\(Self.excerpt(key))' holds '\(Self.excerpt(Self.text(word)))', not a number")
      }
      skipSpace()
      if peek == UInt8(ascii: ",") {
        index += 1
      } else if peek == UInt8(ascii: "]") {
        index += 1
        return values
      } else {
        throw expected("',' or ']' in '\(Self.excerpt(key))'")
      }
    }
  }

  /// A string from its opening quote; escapes are kept as written (keys never need them).
  private mutating func string() throws(TraceProblem) -> String {
    index += 1
    let start = index
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: "\""):
        let text = String(
          decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
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

  /// The number `word` spells in JSON (or as `NaN`, `Infinity`, `-Infinity`), or nil.
  static func number(_ word: String) -> Double? {
    var word = word
    return word.withUTF8 { number($0) }
  }

  /// The number `token` spells in JSON (or as `NaN`, `Infinity`, `-Infinity`), or nil.
  ///
  /// The grammar is checked on the bytes: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`,
  /// so that nothing else Swift's parser would take (`inf`, `0x10`, `+1`) passes. The digits are
  /// then turned into a Double by the standard library, correctly rounded.
  static func number(_ token: UnsafeBufferPointer<UInt8>) -> Double? {
    let count = token.count
    var i = 0
    func isDigit(_ k: Int) -> Bool { k < count && token[k] &- UInt8(ascii: "0") < 10 }
    if i < count, token[i] == UInt8(ascii: "-") { i += 1 }
    if i < count, token[i] == UInt8(ascii: "I") {
      guard matches(UnsafeBufferPointer(rebasing: token[i...]), "Infinity") else { return nil }
      return i == 0 ? .infinity : -.infinity
    }
    if matches(token, "NaN") { return .nan }
    guard isDigit(i) else { return nil }
    if token[i] == UInt8(ascii: "0") {
      i += 1
    } else {
      while isDigit(i) { i += 1 }
    }
    if i < count, token[i] == UInt8(ascii: ".") {
      i += 1
      guard isDigit(i) else { return nil }
      while isDigit(i) { i += 1 }
    }
    if i < count, token[i] == UInt8(ascii: "e") || token[i] == UInt8(ascii: "E") {
      i += 1
      if i < count, token[i] == UInt8(ascii: "+") || token[i] == UInt8(ascii: "-") { i += 1 }
      guard isDigit(i) else { return nil }
      while isDigit(i) { i += 1 }
    }
    guard i == count else { return nil }
    return Double(String(decoding: token, as: UTF8.self))
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

  /// `text` for a message: at most ``excerptLength`` characters (then "…"), with control
  /// characters escaped (`\x1B`, `\u{85}`) so that none reaches a terminal raw.
  static func excerpt(_ text: String) -> String {
    QuotedText.escaped(text, limit: excerptLength)
  }

  private static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "-"), UInt8(ascii: "+"),
      UInt8(ascii: "."):
      true
    default: false
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
