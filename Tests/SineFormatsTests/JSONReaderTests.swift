import CPlatform
import Foundation
import Testing

@testable import SineFormats

/// The JSON reader snapshots are read with, against Foundation's `JSONSerialization` (for the
/// structure and the strings) and glibc's `strtod` (for the numbers), neither of which it uses.
@Suite("JSON reader")
struct JSONReaderTests {
  /// What the reader makes of `text`.
  static func read(_ text: String) throws(JSONReader.Failure) -> JSONNode {
    var text = text
    let result = text.withUTF8 { bytes in
      Result { () throws(JSONReader.Failure) in try JSONReader.read(bytes) }
    }
    return try result.get()
  }

  /// `node` as Foundation's objects, numbers as glibc reads their text, to compare with what
  /// `JSONSerialization` reads.
  static func foundationObject(_ node: JSONNode) -> NSObject {
    switch node {
    case .null: NSNull()
    case .bool(let value): NSNumber(value: value)
    case .number(let number): NSNumber(value: number.text.withCString { strtod($0, nil) })
    case .string(let text): NSString(string: text)
    case .array(let nodes): NSArray(array: nodes.map(foundationObject))
    case .object(let members):
      NSDictionary(
        dictionary: Dictionary(
          members.map { ($0.key, foundationObject($0.value)) }, uniquingKeysWith: { $1 }))
    }
  }

  @Test(
    "Valid JSON reads as JSONSerialization reads it, numbers as strtod reads them",
    arguments: [
      #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
      #"  [ 1 , -0 , 0.5 , -3e-5 , 1E+2 , 123456789.125e-3 ]  "#,
      "\n\t{\"key with spaces\" : \"value\"}\r\n",
      #"["\"\\\/\b\f\n\r\t","\u0041\u00e9\u4e2d","\ud83d\ude00","caf\u00e9 ü 中 😀"]"#,
      #"{"nested":[[[[{"deep":[1,[2,[3]]]}]]]],"empty":{},"none":[]}"#,
      #""a string alone""#, "42", "true", "null",
      #"[5e-324,1.7976931348623157e308,0.1,2.2250738585072014e-308]"#,
      #"{"a":1,"a":2}"#,
    ])
  func validJSON(text: String) throws {
    let node = try Self.read(text)
    let expected = try JSONSerialization.jsonObject(
      with: Data(text.utf8), options: [.fragmentsAllowed])
    #expect(Self.foundationObject(node).isEqual(expected), "\(text)")
  }

  @Test("Numbers keep their text; Doubles are correctly rounded, whole numbers read exactly")
  func numbers() throws {
    let text = "[18446744073709551615,9007199254740993,-9223372036854775808,1.5,2e3,0.1]"
    guard case .array(let nodes) = try Self.read(text) else {
      Issue.record("not an array")
      return
    }
    let numbers = nodes.compactMap { node -> JSONNumber? in
      if case .number(let number) = node { return number }
      return nil
    }
    #expect(
      numbers.map(\.text) == text.dropFirst().dropLast().split(separator: ",").map(String.init))
    #expect(numbers[0].exact(UInt64.self) == .max)
    #expect(numbers[0].exact(Int.self) == nil)
    // 2^53 + 1 is not a Double: through one it would read as 2^53.
    #expect(numbers[1].exact(Int.self) == 9_007_199_254_740_993)
    #expect(numbers[1].double == 9_007_199_254_740_992)
    #expect(numbers[2].exact(Int.self) == .min)
    #expect(numbers[2].exact(UInt64.self) == nil)
    #expect(numbers[3].exact(Int.self) == nil)
    #expect(numbers[4].exact(Int.self) == nil)
    #expect(numbers[4].double == 2000)
    #expect(numbers[5].double.bitPattern == (0.1).bitPattern)
  }

  @Test(
    "Text that is not strict JSON is refused with what was expected and where",
    arguments: [
      ("", "it is empty"),
      ("   ", "it is empty"),
      ("[1,]", "expected a value at byte 4"),
      (#"{"a":1,}"#, "expected a key in double quotes at byte 8"),
      (#"{"a" 1}"#, "expected ':' after a key at byte 6"),
      (#"{"a":1 "b":2}"#, "expected ',' or '}' at byte 8"),
      ("[1 2]", "expected ',' or ']' at byte 4"),
      ("[1] [2]", "expected the end after the value at byte 5"),
      ("NaN", "expected a value at byte 1"),
      ("[Infinity]", "expected a value at byte 2"),
      ("[-Infinity]", "expected a number at byte 2"),
      ("[1e999]", "the number 1e999 is beyond a Double (byte 2)"),
      ("[-1e400]", "the number -1e400 is beyond a Double (byte 2)"),
      ("[01]", "expected a number at byte 2"),
      ("[1.]", "expected a number at byte 2"),
      ("[.5]", "expected a value at byte 2"),
      ("[+1]", "expected a value at byte 2"),
      ("[0x10]", "expected a number at byte 2"),
      ("[1e5x]", "expected a number at byte 2"),
      ("[tru]", "expected a value at byte 2"),
      ("[nulll]", "expected ',' or ']' at byte 6"),
      ("['a']", "expected a value at byte 2"),
      ("\"abc", "a string is not closed (byte 5)"),
      ("\"a\u{01}b\"", "a string holds a control character; JSON writes it as an escape (byte 3)"),
      (#""\x""#, #"expected an escape (\" \\ \/ \b \f \n \r \t \uXXXX) at byte 3"#),
      (#""\u12G4""#, "expected four hexadecimal digits after \\u at byte 6"),
      (#""\ud800""#, "a string holds a lone surrogate (byte 8)"),
      (#""\ud800\u0041""#, "a string holds a lone surrogate (byte 14)"),
      (#""\udc00""#, "a string holds a lone surrogate (byte 8)"),
      (
        String(repeating: "[", count: 33) + String(repeating: "]", count: 33),
        "it nests deeper than 32 levels (byte 33)"
      ),
    ])
  func refused(text: String, message: String) {
    #expect(throws: JSONReader.Failure(message: message)) { try Self.read(text) }
  }

  @Test("Bytes that are not UTF-8 in a string are refused, and 32 levels are accepted")
  func bytesAndDepth() throws {
    for bytes: [UInt8] in [
      [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
    ] {
      #expect(
        throws: JSONReader.Failure(message: "a string is not UTF-8 (byte \(bytes.count + 1))")
      ) {
        try bytes.withUnsafeBufferPointer { (text) throws(JSONReader.Failure) in
          _ = try JSONReader.read(text)
        }
      }
    }
    let deep = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
    #expect(throws: Never.self) { try Self.read(deep) }
  }
}
