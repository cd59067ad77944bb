/// Trains a network on one preset, one step at a time, as the original program does (one
/// uniformly drawn sample per plain SGD step) unless told otherwise: the one core that both the
/// headless command and the terminal view drive.
///
/// Every setting a key changes can change between any two steps: the rule, η, the activation,
/// the optimizer, the batch size and the target. A trainer is a value: copying it copies the
/// network, the optimizer's memory and the random state, so a copy given another rule trains from
/// the same start on the same sequence of samples.
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
  public private(set) var dataset: Dataset
  /// The network as it stands after ``stepCount`` steps.
  public private(set) var network: Network
  /// The rule the next step uses.
  public var rule: GradientRule
  /// The learning rate the next step uses.
  public var eta: Double
  /// How the next step turns the gradient into an update; a change forgets what the last one
  /// remembered.
  public var optimizer: Optimizer {
    didSet { if optimizer != oldValue { optimizerState.reset() } }
  }
  /// How many samples, drawn without replacement, each step averages its gradient over: 1 (the
  /// original's per-sample SGD) up to the whole data set.
  public var batchSize: Int {
    didSet { batchSize = min(max(batchSize, 1), dataset.count) }
  }
  /// What the optimizer remembers between steps.
  public private(set) var optimizerState: OptimizerState
  /// How many steps have been taken.
  public private(set) var stepCount: Int = 0
  /// The loss of the last step taken (the batch's mean), or nil before the first.
  public private(set) var lastLoss: Double?
  /// The step at which the loss or a parameter stopped being finite, or nil while healthy.
  ///
  /// A diverged trainer takes no more steps.
  public private(set) var divergedAtStep: Int?
  /// The source of the sample sequence.
  public private(set) var generator: Xoshiro256StarStar
  /// Whether the steps walk the hidden units in vectors (``UnitLayout``).
  ///
  /// A matter of speed alone, since every layout takes the same steps to the bit; tests set it
  /// to hold them to that.
  var isVectorised = UnitLayout.isVectorisedByDefault

  /// The hidden units' activation the next step uses.
  public var activation: Activation {
    get { network.activation }
    set { network.activation = newValue }
  }

  /// The function the samples' targets come from.
  public var target: Target {
    get { dataset.target ?? .sin }
    set { dataset = dataset.retargeted(newValue) }
  }

  /// A trainer for `preset` whose data, initial weights and samples all come from `seed`.
  ///
  /// Draws the inputs, then w1, w2 and b1, from one xoshiro256** stream that then goes on to pick
  /// the samples.
  public init(
    preset: Preset, seed: UInt64, hidden: Int = 10, rule: GradientRule = .correct,
    eta: Double? = nil, activation: Activation = .sigmoid, optimizer: Optimizer = .sgd,
    batchSize: Int = 1, target: Target? = nil
  ) {
    var generator = Xoshiro256StarStar(seed: seed)
    let dataset = Dataset(
      range: preset.range, count: preset.sampleCount, target: target ?? preset.target,
      using: &generator)
    let network = Network(
      hidden: hidden, biases: preset.hasBiases, activation: activation, using: &generator)
    self.init(
      preset: preset, seed: seed, dataset: dataset, network: network, generator: generator,
      rule: rule, eta: eta ?? preset.defaultEta, optimizer: optimizer, batchSize: batchSize)
  }

  /// A trainer that continues from a saved state.
  ///
  /// - Precondition: `stepCount` is in `0...stepLimit`.
  public init(
    preset: Preset, seed: UInt64, dataset: Dataset, network: Network,
    generator: Xoshiro256StarStar, rule: GradientRule, eta: Double, stepCount: Int = 0,
    optimizer: Optimizer = .sgd, batchSize: Int = 1, optimizerState: OptimizerState? = nil
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
    self.optimizer = optimizer
    self.batchSize = min(max(batchSize, 1), dataset.count)
    self.optimizerState =
      optimizerState
      ?? OptimizerState(parameterCount: Network.parameterCount(hidden: network.hidden))
  }

  /// Whether training stopped because a value stopped being finite.
  public var hasDiverged: Bool { divergedAtStep != nil }

  /// Whether the run has taken ``stepLimit`` steps, and so takes no more.
  public var isAtStepLimit: Bool { stepCount >= Self.stepLimit }

  /// The sample the next ``step()`` or ``train(steps:)`` step draws first: its only sample in
  /// per-sample training, the first of its batch otherwise.
  ///
  /// The draw itself, on a copy of ``generator``: a batch's first index is the generator's next
  /// `nextIndex(below:)` over the whole data set, as a single sample's is.
  public var nextSample: Sample {
    var copy = generator
    return dataset[copy.nextIndex(below: dataset.count)]
  }

  /// The mean squared error of the network against the target over the preset's range; infinity
  /// once a parameter is no longer finite (saturated units can hide an infinite weight from the
  /// output, but such a network has diverged all the same).
  public func meanSquaredError() -> Double {
    guard network.isFinite else { return .infinity }
    return network.meanSquaredError(over: preset.range, target: target)
  }

  // MARK: - Training

  /// Takes one step and returns the samples it used (one unless the batch is larger), or nil when
  /// training has diverged or is at the step limit.
  @discardableResult
  public mutating func step() -> [Sample]? {
    guard divergedAtStep == nil, !isAtStepLimit else { return nil }
    var samples: [Sample] = []
    withUnsafeTemporaryAllocation(of: Int.self, capacity: dataset.count) { order in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: batchSize) { swaps in
        Self.prepare(order)
        Self.drawBatch(into: order, swaps: swaps, count: batchSize, using: &generator) {
          samples.append(dataset[$0])
        }
      }
    }
    step(on: samples)
    return samples
  }

  /// Takes one step on `samples` rather than on drawn ones: the correct rule's run beside a
  /// replayed trace steps on the trace's samples this way.
  ///
  /// - Precondition: `samples` is not empty.
  public mutating func step(on samples: [Sample]) {
    precondition(!samples.isEmpty, "a step needs at least one sample")
    guard divergedAtStep == nil, !isAtStepLimit else { return }
    let outcome: StepOutcome
    let layout = UnitLayout(hidden: network.hidden, vectorised: isVectorised)
    if optimizer == .sgd, samples.count == 1 {
      outcome = network.descend(
        x: samples[0].x, y: samples[0].y, rule: rule, eta: eta, layout: layout)
    } else {
      // The same sums in the same order as the batched hot loop, so the two take the same steps;
      // one forward pass a sample gives both the gradient and the loss.
      let (gradient, lossSum) = network.gradientAndLoss(
        samples: samples, rule: rule, layout: layout)
      let loss = lossSum * (1 / Double(samples.count))
      let finite = gradient.storage.withUnsafeBufferPointer { g in
        network.withMutableParameters { p in
          optimizerState.apply(optimizer, gradient: g, to: p, eta: eta, vectorised: isVectorised)
        }
      }
      outcome = StepOutcome(loss: loss, isFinite: finite && loss.isFinite)
    }
    record(outcome)
  }

  /// Takes one step on `sample` rather than on a drawn one.
  public mutating func step(on sample: Sample) {
    step(on: [sample])
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
  /// This is the hot loop: it allocates nothing. Per-sample plain SGD, the original's, runs the
  /// fused step of each activation; any other optimizer or batch size sums the batch's gradient
  /// first and hands it to the optimizer.
  @discardableResult
  public mutating func train(steps: Int) -> Int {
    let steps = min(steps, Self.stepLimit - stepCount)
    guard divergedAtStep == nil, steps > 0 else { return 0 }
    let taken: Int
    let outcome: StepOutcome
    if optimizer == .sgd, batchSize == 1 {
      (taken, outcome) = trainPerSample(steps: steps)
    } else {
      (taken, outcome) = trainInBatches(steps: steps)
    }
    stepCount += taken - 1
    record(outcome)
    return taken
  }

  /// Per-sample plain SGD: the original program's loop (``PerSampleLoop``).
  private mutating func trainPerSample(steps: Int) -> (Int, StepOutcome) {
    let layout = UnitLayout(hidden: network.hidden, vectorised: isVectorised)
    let biases = network.hasBiases
    let activation = network.activation
    let (rule, eta, generator) = (rule, eta, generator)
    let (inputs, targets) = (dataset.inputs, dataset.targets)
    let saved = Network.parameterCount(hidden: layout.hidden) + 2 * layout.hidden
    let ending = withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * layout.hidden) {
      scratch in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: saved) { copy in
        inputs.withUnsafeBufferPointer { xs in
          targets.withUnsafeBufferPointer { ys in
            network.withMutableParameters { p in
              guard let parameters = p.baseAddress, let room = scratch.baseAddress,
                let spare = copy.baseAddress
              else { preconditionFailure("a network has at least one hidden unit") }
              let loop = PerSampleLoop(
                p: parameters, layout: layout, biases: biases, scratch: room, saved: spare,
                inputs: xs, targets: ys, rule: rule, eta: eta, steps: steps, generator: generator)
              return activation.withSlopeRule(rule, loop)
            }
          }
        }
      }
    }
    self.generator = ending.generator
    return (ending.taken, ending.last)
  }

  /// Mini-batches, or another optimizer: the batch's mean gradient, then the optimizer's update.
  private mutating func trainInBatches(steps: Int) -> (Int, StepOutcome) {
    let h = network.hidden
    let vectorised = isVectorised
    let layout = UnitLayout(hidden: h, vectorised: vectorised)
    let biases = network.hasBiases
    let activation = network.activation
    let rule = rule
    let eta = eta
    let optimizer = optimizer
    let batch = batchSize
    let weight = 1 / Double(batch)
    let inputs = dataset.inputs
    let targets = dataset.targets
    let count = Network.parameterCount(hidden: h)
    var generator = generator
    var state = optimizerState
    // Let `state` hold the optimizer's memory alone, so that updating it copies nothing.
    optimizerState = OptimizerState(parameterCount: 0)
    var taken = 0
    var outcome = StepOutcome(loss: 0, isFinite: true)
    withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * h) { scratch in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { g in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * inputs.count) { indices in
          // The data set's order, and room for the swaps of one batch.
          let order = UnsafeMutableBufferPointer(rebasing: indices[0..<inputs.count])
          let swaps = UnsafeMutableBufferPointer(rebasing: indices[inputs.count...])
          Self.prepare(order)
          network.withMutableParameters { p in
            while taken < steps {
              for i in 0..<count { g[i] = 0 }
              var loss = 0.0
              Self.drawBatch(into: order, swaps: swaps, count: batch, using: &generator) { index in
                loss += Network.accumulate(
                  UnsafeBufferPointer(p), layout: layout, biases: biases, activation: activation,
                  scratch: scratch, x: inputs[index], y: targets[index], rule: rule,
                  weight: weight, into: g)
              }
              let finite = state.apply(
                optimizer, gradient: UnsafeBufferPointer(g), to: p, eta: eta,
                vectorised: vectorised)
              loss *= weight
              outcome = StepOutcome(loss: loss, isFinite: finite && loss.isFinite)
              taken += 1
              if !outcome.isFinite { break }
            }
          }
        }
      }
    }
    self.generator = generator
    optimizerState = state
    return (taken, outcome)
  }

  /// Counts a step and notes its loss and any divergence.
  private mutating func record(_ outcome: StepOutcome) {
    stepCount += 1
    lastLoss = outcome.loss
    if !outcome.isFinite { divergedAtStep = stepCount }
  }

  // MARK: - Drawing a batch

  /// Fills `order` with 0, 1, 2, ...: the identity that ``drawBatch(into:swaps:count:using:_:)`` keeps.
  private static func prepare(_ order: UnsafeMutableBufferPointer<Int>) {
    for index in order.indices { order[index] = index }
  }

  /// Calls `body` with `count` distinct indices below `order.count`, drawn uniformly without
  /// replacement from `generator`: a partial Fisher–Yates shuffle, undone afterwards so that
  /// `order` stays the identity and holds no state between steps.
  ///
  /// With `count` 1 this draws exactly one `nextIndex(below:)`, as the per-sample loop does, so a
  /// batch of 1 takes the same samples.
  /// `swaps` holds at least `count` indices of room.
  @inline(__always)
  private static func drawBatch(
    into order: UnsafeMutableBufferPointer<Int>, swaps: UnsafeMutableBufferPointer<Int>,
    count: Int, using generator: inout Xoshiro256StarStar, _ body: (Int) -> Void
  ) {
    let total = order.count
    for j in 0..<count {
      let k = j + generator.nextIndex(below: total - j)
      swaps[j] = k
      order.swapAt(j, k)
      body(order[j])
    }
    for j in stride(from: count - 1, through: 0, by: -1) { order.swapAt(j, swaps[j]) }
  }
}
