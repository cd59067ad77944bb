/// The lines of an asciicast v2 recording: the format asciinema plays, uploads and embeds.
///
/// Line 1 is a JSON object with the terminal's size, the start's Unix time and the terminal's
/// `TERM`; every further line one event, a JSON array `[seconds, code, data]`: `"o"` with what
/// was written to the terminal, `"r"` with a new size as `"WIDTHxHEIGHT"`. Each line stands on its
/// own, so a recording cut short anywhere keeps every whole line before the cut.
public enum Asciicast {
  /// The header line, without its newline.
  public static func header(width: Int, height: Int, timestamp: Int, term: String) -> String {
    JSONValue.object([
      ("version", .int(2)), ("width", .int(width)), ("height", .int(height)),
      ("timestamp", .int(timestamp)), ("env", .object([("TERM", .string(term))])),
    ]).text
  }

  /// An output event: `bytes` written to the terminal `seconds` after the start.
  ///
  /// Bytes that are not UTF-8 are written as U+FFFD, as a terminal would show them.
  public static func output(at seconds: Double, _ bytes: some Collection<UInt8>) -> String {
    event(at: seconds, code: "o", data: String(decoding: bytes, as: UTF8.self))
  }

  /// A resize event: the terminal became `width` x `height` `seconds` after the start.
  public static func resize(at seconds: Double, width: Int, height: Int) -> String {
    event(at: seconds, code: "r", data: "\(width)x\(height)")
  }

  private static func event(at seconds: Double, code: String, data: String) -> String {
    // Microseconds, as asciinema writes them; a time that is not a finite number is 0.
    let time = seconds.isFinite && seconds >= 0 ? seconds : 0
    return "[" + NumberFormat.fixed(time, decimals: 6) + ", "
      + JSONValue.string(code).text + ", " + JSONValue.string(data).text + "]"
  }
}
