import SineNet

/// Line 1 of a trace: the learning rate and the initial parameters.
public struct TraceHeader: Sendable, Hashable {
  /// The η every step used.
  public var eta: Double
  /// The network before the first step.
  public var network: Network
  /// The `preset` key's string, when line 1 has one (`train --trace` writes it); not checked
  /// against the presets.
  public var presetName: String?

  /// Line 1 of a run with learning rate `eta` that starts from `network`.
  public init(eta: Double, network: Network, presetName: String? = nil) {
    self.eta = eta
    self.network = network
    self.presetName = presetName
  }

  /// Reads the header from line 1's fields.
  ///
  /// `eta`, `w1` and `w2` are required; `b1` and `b2` may be null or absent (a network without
  /// biases) but come together; `hidden`, when present, must match the arrays; a string under
  /// `preset` is kept for the replay's plot; other keys (`rule`, `seed`, ...) are ignored.
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
    self.eta = eta
    network = Network(w1: w1, w2: w2, b1: b1, b2: b2)
    presetName = fields.name(.preset)
  }
}
