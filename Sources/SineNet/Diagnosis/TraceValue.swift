/// One value in a trace line: the few kinds of JSON a trace holds.
enum TraceValue {
  /// A number; NaN and ±infinity when the line says `NaN`, `Infinity` or `-Infinity` (as
  /// Python's `json` writes them) or a literal too large for a Double.
  case number(Double)
  /// An array of numbers; a `null` element (how sinetui writes a non-finite number) is NaN.
  case numbers([Double])
  /// `null`.
  case null
  /// A string, a boolean or anything else a trace may carry and the diagnosis does not read.
  case other

  /// The word for the value's kind, for messages.
  var kind: String {
    switch self {
    case .number: "a number"
    case .numbers: "an array"
    case .null: "null"
    case .other: "a string or boolean"
    }
  }
}

/// The members of one trace line, a flat JSON object, in the order they appear.
struct TraceRecord {
  var members: [(key: String, value: TraceValue)] = []

  /// The value of `key`, or nil when the line has no such key (the last one wins on repeats).
  func value(_ key: String) -> TraceValue? {
    members.last { $0.key == key }?.value
  }
}
