import SineNet

/// Line 1 of a trace: the learning rate and the initial parameters.
struct TraceHeader: Sendable, Hashable {
  /// The η every step used.
  var eta: Double
  /// The network before the first step.
  var network: Network
  /// The `preset` key's string, when line 1 has one (`train --trace` writes it); not checked
  /// against the presets.
  var presetName: String?

  /// Line 1 of a run with learning rate `eta` that starts from `network`.
  init(eta: Double, network: Network, presetName: String? = nil) {
    self.eta = eta
    self.network = network
    self.presetName = presetName
  }

  /// Reads the header from line 1's record.
  ///
  /// `eta`, `w1` and `w2` are required; `b1` and `b2` may be null or absent (a network without
  /// biases) but come together; `hidden`, when present, must match the arrays; a string under
  /// `preset` is kept for the replay's plot; other keys (`rule`, `seed`, ...) are ignored.
  init(_ record: TraceRecord) throws(TraceProblem) {
    let eta = try Self.number(.eta, in: record)
    guard eta.isFinite, eta > 0 else {
      throw TraceProblem(line: 1, "eta is \(eta); it must be a finite number greater than 0")
    }
    let w1 = try Self.array(.w1, in: record)
    guard Network.hiddenRange.contains(w1.count) else {
      throw TraceProblem(line: 1, "w1 holds \(w1.count) numbers; a network has 1...64 hidden units")
    }
    let w2 = try Self.array(.w2, in: record)
    guard w2.count == w1.count else {
      throw TraceProblem(
        line: 1, "the arrays have different lengths: w1 holds \(w1.count) numbers, w2 \(w2.count)")
    }
    var b1: [Double]?
    switch record.value(.b1) {
    case nil, .null?: b1 = nil
    case .numbers(let values)?:
      guard values.count == w1.count else {
        throw TraceProblem(
          line: 1,
          "the arrays have different lengths: w1 holds \(w1.count) numbers, b1 \(values.count)")
      }
      b1 = values
    case let other?: throw TraceProblem(line: 1, "b1 is \(other.kind), not an array or null")
    }
    var b2: Double?
    switch record.value(.b2) {
    case nil, .null?: b2 = nil
    case .number(let value)?: b2 = value
    case let other?: throw TraceProblem(line: 1, "b2 is \(other.kind), not a number or null")
    }
    guard (b1 == nil) == (b2 == nil) else {
      throw TraceProblem(line: 1, "b1 and b2 must both be numbers or both be null")
    }
    if let hidden = record.value(.hidden) {
      guard case .number(let count) = hidden, count == Double(w1.count) else {
        throw TraceProblem(line: 1, "hidden does not match w1, which holds \(w1.count) numbers")
      }
    }
    let initial = w1 + w2 + (b1 ?? []) + (b2.map { [$0] } ?? [])
    guard initial.allSatisfy(\.isFinite) else {
      throw TraceProblem(line: 1, "an initial parameter is not a finite number")
    }
    self.eta = eta
    network = Network(w1: w1, w2: w2, b1: b1, b2: b2)
    if case .string(let name)? = record.value(.preset) { presetName = name }
  }

  /// The number under `key`, which must be present.
  static func number(_ key: TraceKey, in record: TraceRecord, line: Int = 1) throws(TraceProblem)
    -> Double
  {
    switch record.value(key) {
    case .number(let value)?: return value
    case nil: throw TraceProblem(line: line, "the key '\(key.rawValue)' is missing")
    case let other?:
      throw TraceProblem(line: line, "\(key.rawValue) is \(other.kind), not a number")
    }
  }

  /// The array of numbers under `key`, which must be present.
  static func array(_ key: TraceKey, in record: TraceRecord, line: Int = 1) throws(TraceProblem)
    -> [Double]
  {
    switch record.value(key) {
    case .numbers(let values)?: return values
    case nil: throw TraceProblem(line: line, "the key '\(key.rawValue)' is missing")
    case let other?:
      throw TraceProblem(line: line, "\(key.rawValue) is \(other.kind), not an array")
    }
  }
}
