import SineNet

/// Line 1 of a trace: the learning rate, the initial parameters and the run's settings.
public struct TraceHeader: Sendable, Hashable {
  /// The η every step used.
  public var eta: Double
  /// The network before the first step.
  public var network: Network
  /// The `preset` key's string, when line 1 has one (`train --trace` writes it); not checked
  /// against the presets.
  public var presetName: String?
  /// The `rule` key's string, when line 1 has one (`train --trace` writes it); not checked, since
  /// a reader need not trust it.
  public var ruleName: String?
  /// The hidden units' activation function: `sigmoid` unless line 1 names another.
  public var activation: Activation
  /// How each step turned the gradient into an update: `sgd` unless line 1 names another.
  public var optimizer: Optimizer
  /// The samples each step took the mean gradient of: 1 unless line 1 says more.
  public var batch: Int
  /// The function the network learns: `sin` unless line 1 names another.
  public var target: Target

  /// The batch sizes a trace may state.
  public static let batchRange = 1...(1 << 16)

  /// Line 1 of a run with learning rate `eta` that starts from `network`, with the given
  /// settings; the others are the original program's (sigmoid units, plain gradient descent,
  /// one sample per step, sin).
  ///
  /// - Precondition: `batch` is in ``batchRange``.
  public init(
    eta: Double, network: Network, presetName: String? = nil, ruleName: String? = nil,
    activation: Activation = .sigmoid, optimizer: Optimizer = .sgd, batch: Int = 1,
    target: Target = .sin
  ) {
    precondition(Self.batchRange.contains(batch), "a batch holds 1...65536 samples")
    self.eta = eta
    self.network = network
    self.presetName = presetName
    self.ruleName = ruleName
    self.activation = activation
    self.optimizer = optimizer
    self.batch = batch
    self.target = target
  }

  /// The rule `rule` names, when it names one (`seed`, its name before version 2, is
  /// ``GradientRule/original``); nil when line 1 has no rule or one sinetui does not know.
  public var rule: GradientRule? { ruleName.flatMap(GradientRule.init(name:)) }

  /// Reads the header from line 1's fields.
  ///
  /// `eta`, `w1` and `w2` are required; `b1` and `b2` may be null or absent (a network without
  /// biases) but come together; `hidden`, when present, must match the arrays; `activation`,
  /// `optimizer` and `target`, when present, must name one of sinetui's, and `batch` be a whole
  /// number in ``batchRange``; the strings under `preset` and `rule` are kept as they are; other
  /// keys (`seed`, ...) are ignored.
  init(_ fields: TraceFields) throws(TraceProblem) {
    let eta = try fields.number(.eta, line: 1)
    guard eta.isFinite, eta > 0 else {
      throw TraceProblem(line: 1, "eta is \(eta); it must be a finite number greater than 0")
    }
    let w1 = Array(try fields.array(.w1, line: 1))
    guard Network.hiddenRange.contains(w1.count) else {
      throw TraceProblem(line: 1, "w1 holds \(w1.count) numbers; a network has 1...64 hidden units")
    }
    let w2 = Array(try fields.array(.w2, line: 1))
    guard w2.count == w1.count else {
      throw TraceProblem(
        line: 1, "the arrays have different lengths: w1 holds \(w1.count) numbers, w2 \(w2.count)")
    }
    var b1: [Double]?
    switch fields.kind(.b1) {
    case .absent, .null: b1 = nil
    case .numbers:
      let values = fields.values(.b1)
      guard values.count == w1.count else {
        throw TraceProblem(
          line: 1,
          "the arrays have different lengths: w1 holds \(w1.count) numbers, b1 \(values.count)")
      }
      b1 = Array(values)
    case let other: throw TraceProblem(line: 1, "b1 is \(other.word), not an array or null")
    }
    var b2: Double?
    switch fields.kind(.b2) {
    case .absent, .null: b2 = nil
    case .number: b2 = fields.value(.b2)
    case let other: throw TraceProblem(line: 1, "b2 is \(other.word), not a number or null")
    }
    guard (b1 == nil) == (b2 == nil) else {
      throw TraceProblem(line: 1, "b1 and b2 must both be numbers or both be null")
    }
    if fields.kind(.hidden) != .absent {
      guard fields.kind(.hidden) == .number, fields.value(.hidden) == Double(w1.count) else {
        throw TraceProblem(line: 1, "hidden does not match w1, which holds \(w1.count) numbers")
      }
    }
    let initial = w1 + w2 + (b1 ?? []) + (b2.map { [$0] } ?? [])
    guard initial.allSatisfy(\.isFinite) else {
      throw TraceProblem(line: 1, "an initial parameter is not a finite number")
    }
    let activation = try Self.setting(.activation, in: fields, absent: Activation.sigmoid)
    let optimizer = try Self.setting(.optimizer, in: fields, absent: Optimizer.sgd)
    let batch = try Self.batch(in: fields)
    let target = try Self.setting(.target, in: fields, absent: Target.sin)
    self.init(
      eta: eta, network: Network(w1: w1, w2: w2, b1: b1, b2: b2),
      presetName: fields.name(.preset), ruleName: fields.name(.rule), activation: activation,
      optimizer: optimizer, batch: batch, target: target)
  }

  // MARK: - The settings

  /// The setting `key` names, or `absent` when line 1 does not have the key.
  private static func setting<Setting: RawRepresentable<String> & CaseIterable>(
    _ key: TraceKey, in fields: TraceFields, absent: Setting
  ) throws(TraceProblem) -> Setting {
    let accepted = choices(Setting.allCases.map(\.rawValue))
    switch fields.kind(key) {
    case .absent: return absent
    case .string:
      let name = fields.name(key) ?? ""
      guard let setting = Setting(rawValue: name) else {
        throw TraceProblem(
          line: 1,
          "\(key.rawValue) is '\(TraceLineParser.excerpt(name))'; it must be \(accepted)")
      }
      return setting
    case let other:
      throw TraceProblem(
        line: 1, "\(key.rawValue) is \(other.word), not a name; it must be \(accepted)")
    }
  }

  /// The batch line 1 states, or 1 when it does not have the key.
  private static func batch(in fields: TraceFields) throws(TraceProblem) -> Int {
    let accepted = "a whole number in \(batchRange.lowerBound)...\(batchRange.upperBound)"
    switch fields.kind(.batch) {
    case .absent: return 1
    case .number:
      let value = fields.value(.batch)
      // Checked as a Double first, so that nothing out of range or not whole reaches Int(_:).
      guard value >= Double(batchRange.lowerBound), value <= Double(batchRange.upperBound),
        value == value.rounded()
      else { throw TraceProblem(line: 1, "batch is \(value); it must be \(accepted)") }
      return Int(value)
    case let other:
      throw TraceProblem(line: 1, "batch is \(other.word), not a number; it must be \(accepted)")
    }
  }

  /// "a, b or c".
  private static func choices(_ names: [String]) -> String {
    guard let last = names.last, names.count > 1 else { return names.first ?? "" }
    return names.dropLast().joined(separator: ", ") + " or " + last
  }
}
