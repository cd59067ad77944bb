import SineNet

/// A run saved to a file: its settings, step, parameters, random state and loss history, enough
/// to go on exactly as if it had never stopped.
///
/// The schema and its checks live here, without any I/O (reading the text is
/// ``init(json:)``, writing it ``json``); the executable reads and writes files.
public struct Snapshot: Sendable, Hashable {
  /// What the file is, so that other JSON is told apart.
  public var format = Self.formatName
  /// The layout's version.
  public var version = 1
  /// The experiment.
  public var preset: Preset
  /// The gradient rule.
  public var rule: GradientRule
  /// The learning rate.
  public var eta: Double
  /// The seed the data came from (the data is made again from it).
  public var seed: UInt64
  /// The hidden-unit count.
  public var hidden: Int
  /// The steps taken.
  public var step: Int
  /// The input-to-hidden weights.
  public var w1: [Double]
  /// The hidden-to-output weights.
  public var w2: [Double]
  /// The hidden biases, or nil without biases.
  public var b1: [Double]?
  /// The output bias, or nil without biases.
  public var b2: Double?
  /// The sample generator's four state words.
  public var generator: [UInt64]
  /// The loss history as [step, mse] pairs, oldest first.
  public var history: [[Double]]
  /// The activation; absent in snapshots written before it could change (the sigmoid).
  public var activation: Activation?
  /// The optimizer; absent means plain SGD.
  public var optimizer: Optimizer?
  /// The batch size; absent means 1.
  public var batch: Int?
  /// The target; absent means sin.
  public var target: Target?
  /// What the optimizer remembers: its step count and one or two numbers per parameter (w1, w2,
  /// b1, b2, as in the network's flat buffer); absent for plain SGD, or a fresh state.
  public var optimizerState: SavedOptimizerState?

  /// What momentum and Adam remember, as a snapshot holds it.
  public struct SavedOptimizerState: Sendable, Hashable {
    /// The updates made since the state was reset (Adam's t).
    public var step: Int
    /// Momentum's velocity or Adam's first moment, one per parameter.
    public var first: [Double]
    /// Adam's second moment, one per parameter.
    public var second: [Double]
  }

  /// The value of ``format`` in every snapshot.
  public static let formatName = "sinetui-snapshot"
  /// The largest file accepted: a snapshot is a few tens of kilobytes.
  public static let sizeLimit = 4 << 20

  /// The snapshot of `trainer`'s run with the loss history `history`, as (step, mse) pairs.
  public init(trainer: Trainer, history: [(step: Int, mse: Double)]) {
    preset = trainer.preset
    rule = trainer.rule
    eta = trainer.eta
    seed = trainer.seed
    hidden = trainer.network.hidden
    step = trainer.stepCount
    w1 = trainer.network.w1
    w2 = trainer.network.w2
    b1 = trainer.network.b1
    b2 = trainer.network.b2
    generator = trainer.generator.state
    self.history = history.map { [Double($0.step), $0.mse] }
    activation = trainer.activation
    optimizer = trainer.optimizer
    batch = trainer.batchSize
    target = trainer.target
    let state = trainer.optimizerState
    optimizerState = SavedOptimizerState(
      step: state.step, first: state.first, second: state.second)
  }

  /// A snapshot of the given values, as a file holds them; ``problem`` says whether they make a run.
  init(
    format: String, version: Int, preset: Preset, rule: GradientRule, eta: Double, seed: UInt64,
    hidden: Int, step: Int, w1: [Double], w2: [Double], b1: [Double]?, b2: Double?,
    generator: [UInt64], history: [[Double]]
  ) {
    self.format = format
    self.version = version
    self.preset = preset
    self.rule = rule
    self.eta = eta
    self.seed = seed
    self.hidden = hidden
    self.step = step
    self.w1 = w1
    self.w2 = w2
    self.b1 = b1
    self.b2 = b2
    self.generator = generator
    self.history = history
  }

  // MARK: - Checking

  /// What is wrong with a decoded snapshot, or nil when it can be continued.
  public var problem: String? {
    guard format == Self.formatName else {
      return "its format is \(QuotedText.quoted(format, limit: 40)), not a sinetui snapshot"
    }
    guard version == 1 else { return "its version is \(version); this sinetui reads version 1" }
    guard Network.hiddenRange.contains(hidden) else { return "hidden is \(hidden), outside 1...64" }
    guard w1.count == hidden, w2.count == hidden else {
      return "w1 and w2 must each hold \(hidden) numbers"
    }
    guard (b1 == nil) == (b2 == nil) else {
      return "b1 and b2 must both be present or both be null"
    }
    guard (b1 != nil) == preset.hasBiases else {
      return preset.hasBiases
        ? "preset bias needs b1 and b2" : "preset \(preset.rawValue) has no biases"
    }
    if let b1, b1.count != hidden { return "b1 must hold \(hidden) numbers" }
    let numbers = w1 + w2 + (b1 ?? []) + [b2 ?? 0, eta] + history.flatMap { $0 }
    guard numbers.allSatisfy(\.isFinite) else { return "it holds a number that is not finite" }
    guard eta > 0, eta <= Trainer.learningRateLimit else {
      return "eta is \(eta), outside (0, \(Int(Trainer.learningRateLimit))]"
    }
    guard (0...Trainer.stepLimit).contains(step) else {
      return "step is \(step), outside 0...\(Trainer.stepLimit)"
    }
    guard Xoshiro256StarStar(state: generator) != nil else {
      return "generator must be four words, not all zero"
    }
    guard
      history.allSatisfy({ $0.count == 2 && $0[0] >= 0 && $0[0] <= Double(Trainer.stepLimit) })
    else {
      return "history must be [step, mse] pairs"
    }
    if let batch, !(1...preset.largestBatch).contains(batch) {
      return "batch is \(batch), outside 1...\(preset.largestBatch)"
    }
    if let saved = optimizerState, restoredOptimizerState(saved) == nil {
      return
        "optimizerState must hold a step of at least 0 and \(Network.parameterCount(hidden: hidden)) "
        + "finite numbers in first and in second, second not negative"
    }
    return nil
  }

  // MARK: - Using

  /// The trainer this snapshot continues: the data made again from the seed, the rest restored.
  ///
  /// - Precondition: ``problem`` is nil.
  public func trainer() -> Trainer {
    let fresh = Trainer(preset: preset, seed: seed, hidden: hidden, target: target ?? .sin)
    return Trainer(
      preset: preset, seed: seed, dataset: fresh.dataset,
      network: Network(w1: w1, w2: w2, b1: b1, b2: b2, activation: activation ?? .sigmoid),
      generator: Xoshiro256StarStar(state: generator) ?? fresh.generator, rule: rule, eta: eta,
      stepCount: step, optimizer: optimizer ?? .sgd, batchSize: batch ?? 1,
      optimizerState: optimizerState.flatMap(restoredOptimizerState))
  }

  /// The optimizer's state `saved` holds, or nil when it does not fit this network.
  private func restoredOptimizerState(_ saved: SavedOptimizerState) -> OptimizerState? {
    OptimizerState(
      step: saved.step, first: saved.first, second: saved.second,
      parameterCount: Network.parameterCount(hidden: hidden))
  }

  /// The loss history as (step, mse) pairs, oldest first.
  ///
  /// - Precondition: ``problem`` is nil.
  public var historyPoints: [(step: Int, mse: Double)] {
    history.map { (Int($0[0]), $0[1]) }
  }

  // MARK: - Writing

  /// The snapshot as one line of JSON, every number in its shortest round-trip form.
  public var json: String {
    // The settings and parameters a trace's line 1 also holds go by the trace's names.
    var members: [(String, JSONValue)] = [
      ("format", .string(format)), ("version", .int(version)),
      (TraceKey.preset.rawValue, .string(preset.rawValue)),
      (TraceKey.rule.rawValue, .string(rule.rawValue)), (TraceKey.eta.rawValue, .number(eta)),
      (TraceKey.seed.rawValue, .unsigned(seed)), (TraceKey.hidden.rawValue, .int(hidden)),
      ("step", .int(step)),
    ]
    members += TraceEncoder.parameters(of: Network(w1: w1, w2: w2, b1: b1, b2: b2))
    members.append(("generator", .array(generator.map(JSONValue.unsigned))))
    members.append(("history", .array(history.map { .array([.int(Int($0[0])), .number($0[1])]) })))
    if let activation { members.append(("activation", .string(activation.rawValue))) }
    if let optimizer { members.append(("optimizer", .string(optimizer.rawValue))) }
    if let batch { members.append(("batch", .int(batch))) }
    if let target { members.append(("target", .string(target.rawValue))) }
    if let state = optimizerState {
      members.append(
        (
          "optimizerState",
          .object([
            ("step", .int(state.step)), ("first", .numbers(state.first)),
            ("second", .numbers(state.second)),
          ])
        ))
    }
    return JSONValue.object(members).text + "\n"
  }
}
