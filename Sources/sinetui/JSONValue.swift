import SineNet

/// A JSON value, written with every Double in its shortest round-trip form and non-finite numbers
/// as `null` (JSON has no NaN or infinity).
enum JSONValue {
  case null
  case bool(Bool)
  case int(Int)
  case unsigned(UInt64)
  case number(Double)
  case string(String)
  case array([JSONValue])
  /// An object whose keys are written in the given order.
  case object([(String, JSONValue)])

  /// A number, or null when `value` is nil or not finite.
  static func number(_ value: Double?) -> JSONValue {
    guard let value, value.isFinite else { return .null }
    return .number(value)
  }

  /// An array of numbers, each null when not finite.
  static func numbers(_ values: [Double]) -> JSONValue {
    .array(values.map { number($0) })
  }

  /// A network's parameters under the keys `w1`, `w2`, `b1` and `b2` (null without biases).
  static func parameters(of network: Network) -> [(String, JSONValue)] {
    [
      ("w1", .numbers(network.w1)),
      ("w2", .numbers(network.w2)),
      ("b1", network.b1.map(JSONValue.numbers) ?? .null),
      ("b2", .number(network.b2)),
    ]
  }

  /// The value as compact JSON text on one line.
  var text: String {
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
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
