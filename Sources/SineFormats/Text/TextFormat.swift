/// Text quoted in messages, made safe for a terminal.
public enum TextFormat {
  /// `text` for a message: its control characters escaped (`\x1B`, `\u{85}`) so that none reaches
  /// a terminal raw, and, given a `limit`, at most that many characters (then "…").
  public static func quoted(_ text: String, limit: Int = .max) -> String {
    var result = ""
    for (count, scalar) in text.unicodeScalars.enumerated() {
      guard count < limit else { return result + "…" }
      switch scalar.value {
      case 0..<0x20, 0x7F:
        let hex = String(scalar.value, radix: 16, uppercase: true)
        result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
      case 0x80...0x9F, 0x2028, 0x2029:
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
