import SineNet

// MARK: - Reading a snapshot's text

extension Snapshot {
  /// Reads a snapshot from the text of its file: JSON, read by ``JSONReader`` (no Foundation),
  /// with every key of the layout and the right type under each.
  ///
  /// The keys are checked in the order of the layout, so the first problem found is reported:
  /// text that is not JSON, a missing key, a value of the wrong type (`'w1.Index 1' has the
  /// wrong type`), a whole number out of its key's range, a name that is not a preset or a rule.
  /// Whole numbers (the version, seed, hidden count, step and the generator's words) are read
  /// exactly from their digits, never through a Double. What the values mean together is
  /// ``problem``'s to check.
  ///
  /// - Throws: ``SnapshotProblem`` with one line saying what is wrong.
  public init(json text: UnsafeBufferPointer<UInt8>) throws(SnapshotProblem) {
    let root: JSONNode
    do {
      root = try JSONReader.read(text)
    } catch {
      throw SnapshotProblem("it is not JSON it can read: \(error.message)")
    }
    guard case .object = root else {
      throw SnapshotProblem("it is not a sinetui snapshot: the JSON is not an object")
    }
    let reader = SnapshotReader(root: root)
    let format = try reader.string("format")
    let version = try reader.whole("version", as: Int.self)
    let preset = try reader.named("preset", Preset.init(rawValue:))
    let rule = try reader.named("rule", GradientRule.init(name:))
    let eta = try reader.number("eta")
    let seed = try reader.whole("seed", as: UInt64.self)
    let hidden = try reader.whole("hidden", as: Int.self)
    let step = try reader.whole("step", as: Int.self)
    let w1 = try reader.numbers("w1")
    let w2 = try reader.numbers("w2")
    let b1 = try reader.optional("b1") { (key) throws(SnapshotProblem) in try reader.numbers(key) }
    let b2 = try reader.optional("b2") { (key) throws(SnapshotProblem) in try reader.number(key) }
    let generator = try reader.wholes("generator", as: UInt64.self)
    let history = try reader.pairs("history")
    self.init(
      format: format, version: version, preset: preset, rule: rule, eta: eta, seed: seed,
      hidden: hidden, step: step, w1: w1, w2: w2, b1: b1, b2: b2, generator: generator,
      history: history)
    // The settings beyond the original network; absent in snapshots written before them.
    activation = try reader.optional("activation") { (key) throws(SnapshotProblem) in
      try reader.named(key, Activation.init(rawValue:))
    }
    optimizer = try reader.optional("optimizer") { (key) throws(SnapshotProblem) in
      try reader.named(key, Optimizer.init(rawValue:))
    }
    batch = try reader.optional("batch") { (key) throws(SnapshotProblem) in
      try reader.whole(key, as: Int.self)
    }
    target = try reader.optional("target") { (key) throws(SnapshotProblem) in
      try reader.named(key, Target.init(rawValue:))
    }
    optimizerState = try reader.optional("optimizerState") { (key) throws(SnapshotProblem) in
      try reader.optimizerState(key)
    }
  }
}

/// Takes a snapshot's values out of its JSON object, each with the message that goes with a
/// missing key or a value of the wrong kind.
private struct SnapshotReader {
  let root: JSONNode
  /// What messages put before a key: the path of the object read (`optimizerState.`), or nothing.
  var prefix = ""

  // MARK: - Keys

  /// The value under `key`, which must be present.
  func value(_ key: String) throws(SnapshotProblem) -> JSONNode {
    guard let value = root[key] else {
      throw SnapshotProblem("the key '\(prefix)\(key)' is missing")
    }
    return value
  }

  /// The value under `key` read by `read`, or nil when the key is missing or null.
  func optional<Value>(
    _ key: String, _ read: (String) throws(SnapshotProblem) -> Value
  ) throws(SnapshotProblem) -> Value? {
    switch root[key] {
    case nil, .null?: return nil
    default: return try read(key)
    }
  }

  func string(_ key: String) throws(SnapshotProblem) -> String {
    guard case .string(let text) = try value(key) else { throw Self.wrongType(prefix + key) }
    return text
  }

  /// The setting whose name is under `key`.
  func named<Setting>(_ key: String, _ setting: (String) -> Setting?) throws(SnapshotProblem)
    -> Setting
  {
    guard let value = setting(try string(key)) else {
      throw SnapshotProblem("'\(prefix)\(key)' has a value it cannot have")
    }
    return value
  }

  func number(_ key: String) throws(SnapshotProblem) -> Double {
    try Self.number(try value(key), at: prefix + key)
  }

  func numbers(_ key: String) throws(SnapshotProblem) -> [Double] {
    try Self.elements(try value(key), at: prefix + key) { (node, path) throws(SnapshotProblem) in
      try Self.number(node, at: path)
    }
  }

  func whole<Whole: FixedWidthInteger>(_ key: String, as: Whole.Type) throws(SnapshotProblem)
    -> Whole
  {
    try Self.whole(try value(key), at: prefix + key)
  }

  func wholes<Whole: FixedWidthInteger>(_ key: String, as: Whole.Type) throws(SnapshotProblem)
    -> [Whole]
  {
    try Self.elements(try value(key), at: prefix + key) { (node, path) throws(SnapshotProblem) in
      try Self.whole(node, at: path)
    }
  }

  /// The optimizer's memory under `key`: an object with `step`, `first` and `second`.
  func optimizerState(_ key: String) throws(SnapshotProblem) -> Snapshot.SavedOptimizerState {
    let node = try value(key)
    guard case .object = node else { throw Self.wrongType(prefix + key) }
    let state = SnapshotReader(root: node, prefix: prefix + key + ".")
    return Snapshot.SavedOptimizerState(
      step: try state.whole("step", as: Int.self), first: try state.numbers("first"),
      second: try state.numbers("second"))
  }

  /// An array of arrays of numbers, such as the history's [step, mse] pairs.
  func pairs(_ key: String) throws(SnapshotProblem) -> [[Double]] {
    try Self.elements(try value(key), at: prefix + key) { (node, path) throws(SnapshotProblem) in
      try Self.elements(node, at: path) { (element, path) throws(SnapshotProblem) in
        try Self.number(element, at: path)
      }
    }
  }

  // MARK: - Values

  /// The elements of the array `node`, each read by `read` with its path (`w1.Index 3`).
  static func elements<Element>(
    _ node: JSONNode, at path: String,
    _ read: (JSONNode, String) throws(SnapshotProblem) -> Element
  ) throws(SnapshotProblem) -> [Element] {
    guard case .array(let nodes) = node else { throw wrongType(path) }
    var elements: [Element] = []
    elements.reserveCapacity(nodes.count)
    for (index, element) in nodes.enumerated() {
      elements.append(try read(element, "\(path).Index \(index)"))
    }
    return elements
  }

  static func number(_ node: JSONNode, at path: String) throws(SnapshotProblem) -> Double {
    guard case .number(let number) = node else { throw wrongType(path) }
    return number.double
  }

  /// A whole number, exactly: from its digits when it is written as one (`12`), else from its
  /// Double when that is whole and exact (`1e3`, `2.0`).
  static func whole<Whole: FixedWidthInteger>(_ node: JSONNode, at path: String)
    throws(SnapshotProblem) -> Whole
  {
    guard case .number(let number) = node else { throw wrongType(path) }
    let outOfRange = SnapshotProblem(
      "a number in it is out of range for its key: '\(path)' holds "
        + TraceLineParser.excerpt(number.text))
    if let exact = number.exact(Whole.self) { return exact }
    if number.isWrittenWhole { throw outOfRange }
    let value = number.double
    guard value == value.rounded() else {
      throw SnapshotProblem(
        "'\(path)' holds \(TraceLineParser.excerpt(number.text)), not a whole number")
    }
    // Only below 2^53 is every whole Double exact, and the conversion safe.
    guard value.magnitude <= 0x1p53, let exact = Whole(exactly: value) else { throw outOfRange }
    return exact
  }

  static func wrongType(_ path: String) -> SnapshotProblem {
    SnapshotProblem("'\(path)' has the wrong type")
  }
}
