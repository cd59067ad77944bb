import Testing

@testable import SineNet

@Suite("Training")
struct TrainerTests {
  @Test(
    "numpy + original diverges within 20,000 steps, and nothing traps",
    arguments: [1, 2, 3, 42, 1234] as [UInt64])
  func seedRuleDiverges(seed: UInt64) throws {
    var trainer = Trainer(preset: .numpy, seed: seed, rule: .original)
    let taken = trainer.train(steps: 20_000)
    let step = try #require(trainer.divergedAtStep)
    #expect(step <= 20_000)
    #expect(taken == step)
    #expect(trainer.stepCount == step)
    #expect(!trainer.network.isFinite || !(trainer.lastLoss ?? 0).isFinite)
    // A diverged trainer takes no more steps.
    #expect(trainer.train(steps: 10) == 0)
    #expect(trainer.step() == nil)
    #expect(trainer.stepCount == step)
  }

  @Test("A divergence on the very first step is step 1, in both ways of stepping")
  func divergenceOnFirstStep() {
    // An output weight near the largest Double: the first loss overflows.
    let base = Trainer(preset: .bias, seed: 2)
    var looped = Trainer(
      preset: .bias, seed: 2, dataset: base.dataset,
      network: Network(w1: [1], w2: [1e308], b1: [0], b2: 0), generator: base.generator,
      rule: .correct, eta: 0.01)
    var single = looped
    #expect(looped.train(steps: 10) == 1)
    #expect(looped.divergedAtStep == 1)
    #expect(looped.stepCount == 1)
    #expect(single.step() != nil)
    #expect(single.divergedAtStep == 1)
    #expect(single.step() == nil)
    #expect(single.stepCount == 1)
  }

  @Test("After healthy steps, both ways of stepping count a divergence at the same step")
  func divergenceAfterSteps() throws {
    var looped = Trainer(preset: .bias, seed: 2)
    looped.train(steps: 100)
    looped.rule = .original
    looped.eta = 1e300
    var single = looped
    let taken = looped.train(steps: 50)
    var singleTaken = 0
    for _ in 0..<1000 where !single.hasDiverged {
      if single.step() != nil, !single.hasDiverged { singleTaken += 1 }
    }
    let step = try #require(looped.divergedAtStep)
    #expect(step == 100 + taken)
    #expect(single.divergedAtStep == step)
    #expect(singleTaken == taken - 1)
    // Saturated sigmoids can hide an infinite weight from the output: the mse still says so.
    #expect(looped.meanSquaredError() == .infinity)
  }

  @Test("The same seed gives the same run bit for bit; another seed another run")
  func determinism() {
    func run(_ seed: UInt64) -> (Network, [Sample]) {
      var trainer = Trainer(preset: .bias, seed: seed)
      let samples = (0..<100).compactMap { _ in trainer.step()?.first }
      trainer.train(steps: 10_000)
      return (trainer.network, samples)
    }
    let first = run(11)
    let again = run(11)
    let other = run(12)
    #expect(first.0 == again.0)
    #expect(first.1 == again.1)
    #expect(first.0 != other.0)
    #expect(first.1 != other.1)
  }

  @Test("train(steps:) and step() take the same steps")
  func hotLoopMatchesSingleSteps() {
    var looped = Trainer(preset: .bias, seed: 4, rule: .original)
    var single = looped
    looped.train(steps: 500)
    for _ in 0..<500 { single.step() }
    #expect(looped.network == single.network)
    #expect(looped.stepCount == 500)
    #expect(looped.lastLoss == single.lastLoss)
    #expect(looped.generator == single.generator)
  }

  @Test("Rule and η switch between two steps, from the current weights")
  func switchingMidRun() {
    var trainer = Trainer(preset: .bias, seed: 8)
    trainer.train(steps: 1000)
    var expected = trainer.network
    var generator = trainer.generator
    let sample = trainer.dataset[generator.nextIndex(below: trainer.dataset.count)]
    expected.descend(x: sample.x, y: sample.y, rule: .sign, eta: 0.3)
    trainer.rule = .sign
    trainer.eta = 0.3
    #expect(trainer.step() == [sample])
    #expect(trainer.network == expected)
  }

  @Test("A copy with another rule sees the same samples from the same start")
  func copiesShareTheSampleSequence() {
    let start = Trainer(preset: .numpy, seed: 21)
    var correct = start
    var buggy = start
    buggy.rule = .original
    let a = (0..<50).compactMap { _ in correct.step()?.first }
    let b = (0..<50).compactMap { _ in buggy.step()?.first }
    #expect(a == b)
    #expect(correct.network != buggy.network)
  }

  @Test("Presets are the question's experiments")
  func presets() {
    for preset in Preset.allCases {
      let trainer = Trainer(preset: preset, seed: 1)
      #expect(trainer.dataset.count == 500)
      #expect(trainer.dataset.inputs.allSatisfy { preset.range.contains($0) })
      #expect(zip(trainer.dataset.inputs, trainer.dataset.targets).allSatisfy { sine($0) == $1 })
      #expect(trainer.network.hasBiases == (preset == .bias))
      #expect(trainer.eta == 0.01)
      #expect(trainer.network.w1.allSatisfy { (-1..<1).contains($0) })
      #expect(trainer.network.w2.allSatisfy { (-1..<1).contains($0) })
    }
    #expect(Preset.numpy.range == 0..<15)
    #expect(Preset.tensorflow.range == 0..<1)
    #expect(Trainer(preset: .bias, seed: 1).network.b2 == 0)
    #expect(
      Preset.bias.next == .numpy && Preset.numpy.next == .tensorflow
        && Preset.tensorflow.next == .bias)
  }

  @Test("The hidden units' shares and the output bias add up to the output")
  func contributionsSum() {
    let network = Trainer(preset: .bias, seed: 6).network
    for x in stride(from: -20.0, through: 35, by: 0.5) {
      let sum = (0..<network.hidden).reduce(network.b2 ?? 0) {
        $0 + network.contribution(ofUnit: $1, at: x)
      }
      #expect(abs(sum - network.output(at: x)) < 1e-12)
    }
  }

  @Test("mse is the mean of squared errors against sin on the grid")
  func meanSquaredError() {
    // A network whose output is the constant 0.5 (σ(0) = 0.5, w2 = 1): mse = mean((0.5 - sin x)²).
    let constant = Network(w1: [0], w2: [1])
    let points = 1000
    var expected = 0.0
    for k in 0..<points {
      let x = 15 * (Double(k) + 0.5) / Double(points)
      expected += (0.5 - sine(x)) * (0.5 - sine(x))
    }
    expected /= Double(points)
    #expect(abs(constant.meanSquaredError(over: 0..<15, points: points) - expected) < 1e-12)
  }

  @Test("A run stops at the step limit: train takes what is left, step and follow take nothing")
  func stepLimit() {
    let fresh = Trainer(preset: .bias, seed: 1, hidden: 2)
    var trainer = Trainer(
      preset: .bias, seed: 1, dataset: fresh.dataset, network: fresh.network,
      generator: fresh.generator, rule: .correct, eta: 0.01, stepCount: Trainer.stepLimit - 3)
    #expect(!trainer.isAtStepLimit)
    #expect(trainer.train(steps: .max) == 3)
    #expect(trainer.stepCount == Trainer.stepLimit)
    #expect(trainer.isAtStepLimit)
    #expect(!trainer.hasDiverged)
    #expect(trainer.train(steps: 10) == 0)
    #expect(trainer.step() == nil)
    let network = trainer.network
    trainer.step(on: Sample(x: 1, y: 0))
    trainer.follow(Sample(x: 1, y: 0), to: network)
    #expect(trainer.stepCount == Trainer.stepLimit)
    #expect(trainer.network == network)
  }
}
