import SineNet

/// The settings of a run that a trace's line 1 records: the rule, η, the preset and seed, the
/// activation, the optimizer, the batch and the target.
///
/// ``TraceEncoder/header(_:network:)`` writes them; a trainer's are ``init(_:)``.
public struct TraceSettings: Sendable, Hashable {
  /// The gradient rule.
  public var rule: GradientRule
  /// The learning rate.
  public var eta: Double
  /// The preset.
  public var preset: Preset
  /// The random seed.
  public var seed: UInt64
  /// The hidden units' activation function.
  public var activation: Activation
  /// How a step turns the gradient into an update.
  public var optimizer: Optimizer
  /// The samples each step takes the mean gradient of, at least 1.
  public var batch: Int
  /// The function the network learns.
  public var target: Target

  /// Settings with the given values; the activation, optimizer, batch and target default to the
  /// original program's (sigmoid, plain gradient descent, one sample per step, sin).
  ///
  /// - Precondition: `batch` is in ``TraceHeader/batchRange``.
  public init(
    rule: GradientRule, eta: Double, preset: Preset, seed: UInt64,
    activation: Activation = .sigmoid, optimizer: Optimizer = .sgd, batch: Int = 1,
    target: Target = .sin
  ) {
    precondition(TraceHeader.batchRange.contains(batch), "a batch holds 1...65536 samples")
    self.rule = rule
    self.eta = eta
    self.preset = preset
    self.seed = seed
    self.activation = activation
    self.optimizer = optimizer
    self.batch = batch
    self.target = target
  }

  /// `trainer`'s settings as they stand.
  public init(_ trainer: Trainer) {
    self.init(
      rule: trainer.rule, eta: trainer.eta, preset: trainer.preset, seed: trainer.seed,
      activation: trainer.activation, optimizer: trainer.optimizer, batch: trainer.batchSize,
      target: trainer.target)
  }
}
