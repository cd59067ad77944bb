/// One value in a trace line: the few kinds of JSON a trace holds.
enum TraceValue {
  /// A number; NaN and ±infinity when the line says `NaN`, `Infinity` or `-Infinity` (as
  /// Python's `json` writes them) or a literal too large for a Double.
  case number(Double)
  /// An array of numbers; a `null` element (how sinetui writes a non-finite number) is NaN.
  case numbers([Double])
  /// `null`.
  case null
  /// A string, with its escapes as written.
  case string(String)
  /// A boolean, or an object or array under a key the diagnosis does not read (skipped).
  case other

  /// The word for the value's kind, for messages.
  var kind: String {
    switch self {
    case .number: "a number"
    case .numbers: "an array"
    case .null: "null"
    case .string: "a string"
    case .other: "a boolean, an object or an array"
    }
  }
}
