/// Trains a network on one preset by per-sample SGD, one uniformly drawn sample per step, exactly
/// as the original program does; the one core that both the headless command and the terminal view drive.
///
/// A trainer is a value: copying it copies the network and the random state, so a copy given
/// another rule trains from the same start on the same sequence of samples.
public struct Trainer: Sendable {
  /// The largest learning rate accepted anywhere (options, snapshots): far past the point where
  /// every preset diverges.
  public static let learningRateLimit = 100.0

  /// The most steps a run counts, 10¹⁸.
  ///
  /// A run that reaches it takes no more (``isAtStepLimit``), so that no step count, nor any sum
  /// of one and another count a command accepts, can overflow. At ten million steps a second it
  /// is three thousand years away.
  public static let stepLimit = 1_000_000_000_000_000_000

  /// The experiment being run.
  public let preset: Preset
  /// The seed the data, the initial weights and the sample sequence all come from.
  public let seed: UInt64
  /// The training samples.
  public let dataset: Dataset
  /// The network as it stands after ``stepCount`` steps.
  public private(set) var network: Network
  /// The rule the next step uses; switchable between any two steps.
  public var rule: GradientRule
  /// The learning rate the next step uses; switchable between any two steps.
  public var eta: Double
  /// How many steps have been taken.
  public private(set) var stepCount: Int = 0
  /// The per-sample loss of the last step taken, or nil before the first.
  public private(set) var lastLoss: Double?
  /// The step at which the loss or a parameter stopped being finite, or nil while healthy.
  ///
  /// A diverged trainer takes no more steps.
  public private(set) var divergedAtStep: Int?
  /// The source of the sample sequence.
  public private(set) var generator: Xoshiro256StarStar

  /// A trainer for `preset` whose data, initial weights and samples all come from `seed`.
  ///
  /// Draws the inputs, then w1, w2 and b1, from one xoshiro256** stream that then goes on to pick
  /// the samples.
  public init(
    preset: Preset, seed: UInt64, hidden: Int = 10, rule: GradientRule = .correct,
    eta: Double? = nil
  ) {
    var generator = Xoshiro256StarStar(seed: seed)
    let dataset = Dataset(range: preset.range, count: preset.sampleCount, using: &generator)
    let network = Network(hidden: hidden, biases: preset.hasBiases, using: &generator)
    self.init(
      preset: preset, seed: seed, dataset: dataset, network: network, generator: generator,
      rule: rule, eta: eta ?? preset.defaultEta)
  }

  /// A trainer that continues from a saved state.
  ///
  /// - Precondition: `stepCount` is in `0...stepLimit`.
  public init(
    preset: Preset, seed: UInt64, dataset: Dataset, network: Network,
    generator: Xoshiro256StarStar, rule: GradientRule, eta: Double, stepCount: Int = 0
  ) {
    self.preset = preset
    self.seed = seed
    self.dataset = dataset
    self.network = network
    self.generator = generator
    self.rule = rule
    self.eta = eta
    precondition((0...Self.stepLimit).contains(stepCount), "a step count is in 0...stepLimit")
    self.stepCount = stepCount
  }

  /// Whether training stopped because a value stopped being finite.
  public var hasDiverged: Bool { divergedAtStep != nil }

  /// Whether the run has taken ``stepLimit`` steps, and so takes no more.
  public var isAtStepLimit: Bool { stepCount >= Self.stepLimit }

  /// The mean squared error of the network against sin(x) over the preset's range; infinity
  /// once a parameter is no longer finite (saturated sigmoids can hide an infinite weight from
  /// the output, but such a network has diverged all the same).
  public func meanSquaredError() -> Double {
    guard network.isFinite else { return .infinity }
    return network.meanSquaredError(over: preset.range)
  }

  // MARK: - Training

  /// Takes one step and returns the sample it used, or nil when training has diverged or is at
  /// the step limit.
  @discardableResult
  public mutating func step() -> Sample? {
    guard divergedAtStep == nil, !isAtStepLimit else { return nil }
    let index = generator.nextIndex(below: dataset.count)
    let sample = dataset[index]
    record(network.descend(x: sample.x, y: sample.y, rule: rule, eta: eta))
    return sample
  }

  /// Takes one step on `sample` rather than on a drawn one: the correct rule's run beside a
  /// replayed trace steps on the trace's samples this way.
  public mutating func step(on sample: Sample) {
    guard divergedAtStep == nil, !isAtStepLimit else { return }
    record(network.descend(x: sample.x, y: sample.y, rule: rule, eta: eta))
  }

  /// Counts a step another program took on `sample`, which left `network`: replaying a trace.
  ///
  /// The loss is the one at the parameters before the step, as a step of our own reports it; a
  /// loss or a parameter that is not finite is a divergence, after which nothing is followed.
  ///
  /// - Precondition: `network` has this trainer's shape.
  public mutating func follow(_ sample: Sample, to network: Network) {
    precondition(
      network.hidden == self.network.hidden && network.hasBiases == self.network.hasBiases,
      "a followed network must keep the trainer's shape")
    guard divergedAtStep == nil, !isAtStepLimit else { return }
    let loss = self.network.loss(x: sample.x, y: sample.y)
    self.network = network
    record(StepOutcome(loss: loss, isFinite: loss.isFinite && network.isFinite))
  }

  /// Takes up to `steps` steps, stopping early on divergence or at the step limit, and returns
  /// how many it took.
  ///
  /// This is the hot loop: it allocates nothing.
  @discardableResult
  public mutating func train(steps: Int) -> Int {
    let steps = min(steps, Self.stepLimit - stepCount)
    guard divergedAtStep == nil, steps > 0 else { return 0 }
    let h = network.hidden
    let biases = network.hasBiases
    let rule = rule
    let eta = eta
    let inputs = dataset.inputs
    let targets = dataset.targets
    var generator = generator
    var taken = 0
    var outcome = StepOutcome(loss: 0, isFinite: true)
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * h) { scratch in
      network.storage.withUnsafeMutableBufferPointer { p in
        while taken < steps {
          let index = generator.nextIndex(below: inputs.count)
          outcome = Network.descend(
            p, hidden: h, biases: biases, scratch: scratch, x: inputs[index], y: targets[index],
            rule: rule, eta: eta)
          taken += 1
          if !outcome.isFinite { break }
        }
      }
    }
    self.generator = generator
    stepCount += taken - 1
    record(outcome)
    return taken
  }

  /// Counts a step and notes its loss and any divergence.
  private mutating func record(_ outcome: StepOutcome) {
    stepCount += 1
    lastLoss = outcome.loss
    if !outcome.isFinite { divergedAtStep = stepCount }
  }
}
