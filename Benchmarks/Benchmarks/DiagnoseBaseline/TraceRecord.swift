/// The members of one trace line, a JSON object, in the order they appear.
struct TraceRecord {
  var members: [(key: String, value: TraceValue)] = []

  /// The value of `key`, or nil when the line has no such key (the last one wins on repeats).
  func value(_ key: TraceKey) -> TraceValue? {
    members.last { $0.key == key.rawValue }?.value
  }
}
