/// A 1-H-1 network: one input, `hidden` units with an ``Activation`` (the sigmoid unless told
/// otherwise), one linear output, optionally with biases.
///
/// ŷ(x) = Σᵢ w2ᵢ · act(w1ᵢ · x + b1ᵢ) + b2, with b1 and b2 fixed at zero when the network has no
/// biases, exactly like the original program's `sum(sigmoid(layer1_weights * x) * layer2_weights)`.
///
/// All parameters live in one flat buffer (w1, then w2, then b1, then b2) so that a training step
/// touches a single allocation and a gradient check can walk every parameter by index.
public struct Network: Sendable, Hashable {
  /// The hidden-unit counts a network accepts.
  public static let hiddenRange = 1...64

  /// The number of hidden units.
  public let hidden: Int

  /// Whether the network has the hidden biases b1 and the output bias b2.
  public let hasBiases: Bool

  /// The hidden units' activation.
  public var activation: Activation

  /// w1, w2, b1, b2, in that order; b1 and b2 stay zero without biases.
  var storage: [Double]

  // MARK: - Creating a network

  /// A network with the given parameters.
  ///
  /// - Precondition: `w1` and `w2` have the same count, within ``hiddenRange``; `b1`, when
  ///   present, has that count too; `b1` and `b2` are both present or both absent.
  public init(
    w1: [Double], w2: [Double], b1: [Double]? = nil, b2: Double? = nil,
    activation: Activation = .sigmoid
  ) {
    precondition(Self.hiddenRange.contains(w1.count), "hidden count must be in 1...64")
    precondition(w2.count == w1.count, "w1 and w2 must have the same count")
    precondition((b1 == nil) == (b2 == nil), "b1 and b2 come together")
    precondition(b1.map { $0.count == w1.count } ?? true, "b1 must have one bias per hidden unit")
    hidden = w1.count
    hasBiases = b1 != nil
    self.activation = activation
    storage = w1 + w2 + (b1 ?? Array(repeating: 0, count: w1.count)) + [b2 ?? 0]
  }

  /// A network initialised as the original program does.
  ///
  /// Weights uniform in [-1, 1), hidden biases (when present) uniform in [-1, 1), output bias 0.
  /// Draws w1, then w2, then b1 from `generator`.
  public init(
    hidden: Int, biases: Bool, activation: Activation = .sigmoid,
    using generator: inout Xoshiro256StarStar
  ) {
    precondition(Self.hiddenRange.contains(hidden), "hidden count must be in 1...64")
    let unit = -1.0..<1.0
    let w1 = (0..<hidden).map { _ in generator.nextDouble(in: unit) }
    let w2 = (0..<hidden).map { _ in generator.nextDouble(in: unit) }
    if biases {
      let b1 = (0..<hidden).map { _ in generator.nextDouble(in: unit) }
      self.init(w1: w1, w2: w2, b1: b1, b2: 0, activation: activation)
    } else {
      self.init(w1: w1, w2: w2, activation: activation)
    }
  }

  /// A network of `hidden` units, with or without biases, whose parameters are `parameters` in
  /// the flat order w1, w2, b1, b2 (see ``range(of:hidden:)``); without biases, b1 and b2 are
  /// zero.
  ///
  /// - Precondition: `hidden` is in ``hiddenRange`` and `parameters` holds
  ///   ``parameterCount(hidden:)`` numbers.
  public init(
    hidden: Int, biases: Bool, parameters: [Double], activation: Activation = .sigmoid
  ) {
    precondition(Self.hiddenRange.contains(hidden), "hidden count must be in 1...64")
    precondition(parameters.count == Self.parameterCount(hidden: hidden), "wrong parameter count")
    self.hidden = hidden
    hasBiases = biases
    self.activation = activation
    storage = parameters
    if !biases {
      for index in (2 * hidden)...(3 * hidden) { storage[index] = 0 }
    }
  }

  // MARK: - Reading the parameters

  /// The input-to-hidden weights.
  public var w1: [Double] { Array(storage[range(of: .w1)]) }

  /// The hidden-to-output weights.
  public var w2: [Double] { Array(storage[range(of: .w2)]) }

  /// The hidden biases, or nil without biases.
  public var b1: [Double]? { hasBiases ? Array(storage[range(of: .b1)]) : nil }

  /// The output bias, or nil without biases.
  public var b2: Double? { hasBiases ? storage[3 * hidden] : nil }

  /// The parameter groups this network has: w1 and w2, plus b1 and b2 with biases.
  public var groups: [ParameterGroup] {
    hasBiases ? ParameterGroup.allCases : [.w1, .w2]
  }

  /// Whether every parameter is a finite number.
  public var isFinite: Bool { storage.allSatisfy(\.isFinite) }

  /// The indices of `group` in the flat parameter buffer.
  public func range(of group: ParameterGroup) -> Range<Int> {
    Self.range(of: group, hidden: hidden)
  }

  /// The number of parameters in the flat buffer of a network with `hidden` units: w1, w2 and b1
  /// of `hidden` each, and b2 (kept, as zeros, without biases).
  public static func parameterCount(hidden: Int) -> Int { 3 * hidden + 1 }

  /// The indices of `group` in the flat buffer of a network with `hidden` units.
  public static func range(of group: ParameterGroup, hidden: Int) -> Range<Int> {
    switch group {
    case .w1: 0..<hidden
    case .w2: hidden..<(2 * hidden)
    case .b1: (2 * hidden)..<(3 * hidden)
    case .b2: (3 * hidden)..<(3 * hidden + 1)
    }
  }

  /// Calls `body` with the flat parameter buffer (w1, w2, b1, b2), without copying it.
  public func withParameters<Result>(
    _ body: (UnsafeBufferPointer<Double>) throws -> Result
  ) rethrows -> Result {
    try storage.withUnsafeBufferPointer(body)
  }

  /// Calls `body` with the flat parameter buffer to change in place.
  ///
  /// The buffer is not copied when the network's storage is not shared. Without biases, b1 and b2
  /// must be left at zero.
  public mutating func withMutableParameters<Result>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> Result
  ) rethrows -> Result {
    try storage.withUnsafeMutableBufferPointer(body)
  }

  // MARK: - The forward pass

  /// The network's output ŷ for input `x`: the forward pass every training step makes.
  public func output(at x: Double) -> Double {
    withForwardPass(at: x, rule: .correct, layout: .standard(hidden: hidden)) { prediction, _ in
      prediction
    }
  }

  /// Runs the forward pass at `x` in `layout`, with the slopes `rule` takes, and calls `body`
  /// with ŷ and the scratch buffer it left: the activations in `[0, hidden)`, then the slopes.
  func withForwardPass<Result>(
    at x: Double, rule: GradientRule, layout: UnitLayout,
    _ body: (Double, UnsafeMutableBufferPointer<Double>) -> Result
  ) -> Result {
    let h = hidden
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * h) { scratch in
      storage.withUnsafeBufferPointer { p in
        let prediction = activation.withSlopeRule(
          rule, ForwardRun(p: p, layout: layout, x: x, scratch: scratch))
        return body(prediction, scratch)
      }
    }
  }

  /// Hidden unit `unit`'s share of the output at `x`: w2ᵢ · act(w1ᵢ · x + b1ᵢ).
  ///
  /// - Precondition: `unit` is in `0..<hidden`.
  public func contribution(ofUnit unit: Int, at x: Double) -> Double {
    precondition((0..<hidden).contains(unit), "no such hidden unit")
    return storage[hidden + unit]
      * activation.value(storage[unit] * x + storage[2 * hidden + unit])
  }

  /// The per-sample loss ½(ŷ − y)², as the original program computes `error`.
  public func loss(x: Double, y: Double) -> Double {
    let difference = output(at: x) - y
    return 0.5 * difference * difference
  }

  /// The mean squared error against `target` on `points` evenly spaced midpoints of `range`.
  ///
  /// This is the number every screen and summary reports as `mse`.
  public func meanSquaredError(
    over range: Range<Double>, target: Target = .sin, points: Int = 256
  ) -> Double {
    precondition(points > 0, "meanSquaredError needs at least one point")
    let width = (range.upperBound - range.lowerBound) / Double(points)
    var total = 0.0
    for k in 0..<points {
      let x = range.lowerBound + (Double(k) + 0.5) * width
      let difference = output(at: x) - target.value(at: x, over: range)
      total += difference * difference
    }
    return total / Double(points)
  }
}
