/// A JSON value to write, with every Double in its shortest round-trip form and non-finite numbers
/// as `null` (JSON has no NaN or infinity).
public enum JSONValue: Sendable {
  /// `null`.
  case null
  /// `true` or `false`.
  case bool(Bool)
  /// A whole number.
  case int(Int)
  /// A whole number up to 2⁶⁴ − 1, such as a seed.
  case unsigned(UInt64)
  /// A number, written in its shortest round-trip form; null when it is not finite.
  case number(Double)
  /// A string, escaped as JSON requires, and control characters beyond ASCII too.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object whose keys are written in the given order.
  case object([(String, JSONValue)])

  /// A number, or null when `value` is nil or not finite.
  public static func number(_ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    return .number(value)
  }

  /// An array of numbers, each null when not finite.
  public static func numbers(_ values: [Double]) -> JSONValue {
    .array(values.map { number($0) })
  }

  /// The value as compact JSON text on one line.
  public var text: String {
    var output = ""
    write(to: &output)
    return output
  }

  private func write(to output: inout String) {
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .int(let value): output += String(value)
    case .unsigned(let value): output += String(value)
    case .number(let value): output += value.isFinite ? "\(value)" : "null"
    case .string(let value): output += Self.quoted(value)
    case .array(let values):
      output += "["
      for (index, value) in values.enumerated() {
        if index > 0 { output += "," }
        value.write(to: &output)
      }
      output += "]"
    case .object(let members):
      output += "{"
      for (index, (key, value)) in members.enumerated() {
        if index > 0 { output += "," }
        output += Self.quoted(key) + ":"
        value.write(to: &output)
      }
      output += "}"
    }
  }

  private static func quoted(_ string: String) -> String {
    var result = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      // Every control character as an escape, C1 and DEL too, so that JSON shown on a terminal
      // cannot act on it.
      case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
