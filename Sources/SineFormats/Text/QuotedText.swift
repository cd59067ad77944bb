/// Text from outside (a path, `TERM`, an option's value, bytes of a file) made safe to quote in a
/// message: every character that a terminal would act on rather than show is written as an escape.
///
/// The one escaping used by every message sinetui writes, so that no value it quotes can move the
/// cursor, change a window's title or colours, or hide the rest of the line.
public enum QuotedText {
  /// `text` with its control characters escaped: C0 controls and DEL as `\x1B`, C1 controls, the
  /// line and paragraph separators and the bidirectional formatting characters as `\u{202E}`.
  ///
  /// With `limit`, at most that many characters of `text`, then "…".
  public static func escaped(_ text: String, limit: Int = .max) -> String {
    var result = ""
    for (count, scalar) in text.unicodeScalars.enumerated() {
      guard count < limit else { return result + "…" }
      switch scalar.value {
      case 0..<0x20, 0x7F:
        let hex = String(scalar.value, radix: 16, uppercase: true)
        result += "\\x" + (hex.count < 2 ? "0" + hex : hex)
      case 0x80...0x9F, 0x61C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069:
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// `text` escaped and in single quotes, as messages quote a value: `'x\x1B[31m'`.
  public static func quoted(_ text: String, limit: Int = .max) -> String {
    "'" + escaped(text, limit: limit) + "'"
  }

  /// A message of several lines (ArgumentParser's error and usage) with each line escaped and the
  /// line breaks kept.
  public static func escapedLines(_ message: String) -> String {
    message.split(separator: "\n", omittingEmptySubsequences: false)
      .map { escaped(String($0)) }
      .joined(separator: "\n")
  }
}
