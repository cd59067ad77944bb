/// What one trace line holds under each ``TraceKey``, read into storage that is reused from line
/// to line, so that reading a step allocates nothing.
///
/// ``TraceLineParser`` fills it; ``TraceHeader`` and ``TraceStep`` take their values from it. The
/// numbers of every array on the line go one after another into one buffer, and each key notes
/// where its own are; on a repeated key the last value wins, as in a JSON object read into a
/// dictionary.
struct TraceFields {
  /// What a key holds on the line.
  enum Kind: UInt8 {
    /// The line does not have the key.
    case absent
    /// A number; NaN and ±infinity when the line says `NaN`, `Infinity` or `-Infinity` (as
    /// Python's `json` writes them) or a literal too large for a Double.
    case number
    /// An array of numbers; a `null` element (how sinetui writes a non-finite number) is NaN.
    case numbers
    /// `null`.
    case null
    /// A string.
    case string
    /// A boolean, or an object or array under a key whose value is not read (skipped).
    case other

    /// The word for the kind, for messages.
    var word: String {
      switch self {
      case .absent: "absent"
      case .number: "a number"
      case .numbers: "an array"
      case .null: "null"
      case .string: "a string"
      case .other: "a boolean, an object or an array"
      }
    }
  }

  /// One key's value: its kind, and for a number the number, for an array where its numbers are.
  struct Field {
    var kind = Kind.absent
    var number = 0.0
    var start = 0
    var count = 0
  }

  // MARK: - Storage

  /// The fields, indexed by ``TraceKey/index``.
  private var fields = [Field](repeating: Field(), count: TraceKey.allCases.count)
  /// The numbers of the line's arrays, one array after another.
  private var numbers: [Double] = []
  /// The strings under the keys that name a setting (``TraceKey/namesSetting``), by key index.
  private var names = [String?](repeating: nil, count: TraceKey.allCases.count)
  /// Whether any of ``names`` is set.
  private var hasNames = false

  init() {
    numbers.reserveCapacity(256)
  }

  // MARK: - Writing, for the parser

  /// Forgets the previous line's values, keeping the storage.
  mutating func clear() {
    for index in fields.indices { fields[index].kind = .absent }
    numbers.removeAll(keepingCapacity: true)
    if hasNames {
      for index in names.indices { names[index] = nil }
      hasNames = false
    }
  }

  /// Notes that `key` holds a value of `kind` other than a number or an array.
  mutating func set(_ key: TraceKey, _ kind: Kind) {
    fields[key.index].kind = kind
  }

  /// Notes that `key` holds `number`.
  mutating func set(_ key: TraceKey, number: Double) {
    fields[key.index] = Field(kind: .number, number: number)
  }

  /// Notes that `key` holds the string `name`.
  mutating func set(_ key: TraceKey, name: String) {
    fields[key.index].kind = .string
    names[key.index] = name
    hasNames = true
  }

  /// Starts the array under `key`: the numbers appended next are its elements, until
  /// ``endArray(_:)``.
  mutating func beginArray(_ key: TraceKey) {
    fields[key.index] = Field(kind: .numbers, start: numbers.count, count: 0)
  }

  /// Appends one element to the array begun last.
  @inline(__always)
  mutating func append(_ number: Double) {
    numbers.append(number)
  }

  /// Ends the array under `key`, begun last: its elements are the numbers appended since.
  mutating func endArray(_ key: TraceKey) {
    fields[key.index].count = numbers.count - fields[key.index].start
  }

  // MARK: - Reading

  /// What the line holds under `key`.
  func kind(_ key: TraceKey) -> Kind {
    fields[key.index].kind
  }

  /// The number under `key`, when ``kind(_:)`` is ``Kind/number``.
  func value(_ key: TraceKey) -> Double {
    fields[key.index].number
  }

  /// The numbers of the array under `key`, when ``kind(_:)`` is ``Kind/numbers``; empty
  /// otherwise.
  func values(_ key: TraceKey) -> ArraySlice<Double> {
    let field = fields[key.index]
    guard field.kind == .numbers else { return [] }
    return numbers[field.start..<(field.start + field.count)]
  }

  /// The string under `key`, for a key that names a setting, when ``kind(_:)`` is ``Kind/string``.
  func name(_ key: TraceKey) -> String? {
    names[key.index]
  }

  /// The number under `key`, which must be present.
  func number(_ key: TraceKey, line: Int) throws(TraceProblem) -> Double {
    switch kind(key) {
    case .number: return value(key)
    case .absent: throw TraceProblem(line: line, "the key '\(key.rawValue)' is missing")
    case let other: throw TraceProblem(line: line, "\(key.rawValue) is \(other.word), not a number")
    }
  }

  /// The array of numbers under `key`, which must be present.
  func array(_ key: TraceKey, line: Int) throws(TraceProblem) -> ArraySlice<Double> {
    switch kind(key) {
    case .numbers: return values(key)
    case .absent: throw TraceProblem(line: line, "the key '\(key.rawValue)' is missing")
    case let other: throw TraceProblem(line: line, "\(key.rawValue) is \(other.word), not an array")
    }
  }
}
