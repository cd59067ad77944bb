import Foundation
import Testing

@testable import SineNet

// MARK: - An independent reference: forward-mode automatic differentiation

/// A number and its derivative along one parameter: forward-mode automatic differentiation.
///
/// The reference below gets every gradient from these and the elementary rules of calculus, with
/// the activations built from `exp` (tanh and the sigmoid are never differentiated by a formula of
/// their own), so it shares no backprop code or slope formula with the core.
private struct Dual {
  var value: Double
  var derivative: Double

  init(_ value: Double, _ derivative: Double = 0) {
    self.value = value
    self.derivative = derivative
  }

  static func + (a: Dual, b: Dual) -> Dual { Dual(a.value + b.value, a.derivative + b.derivative) }
  static func - (a: Dual, b: Dual) -> Dual { Dual(a.value - b.value, a.derivative - b.derivative) }
  static func * (a: Dual, b: Dual) -> Dual {
    Dual(a.value * b.value, a.derivative * b.value + a.value * b.derivative)
  }
  static func / (a: Dual, b: Dual) -> Dual {
    Dual(a.value / b.value, (a.derivative * b.value - a.value * b.derivative) / (b.value * b.value))
  }
  static func exp(_ a: Dual) -> Dual {
    let e = Foundation.exp(a.value)
    return Dual(e, e * a.derivative)
  }
  /// e^a − 1, without the cancellation of `exp(a) - 1` for small a.
  static func expm1(_ a: Dual) -> Dual {
    Dual(Foundation.expm1(a.value), Foundation.exp(a.value) * a.derivative)
  }
}

/// The activations built from `exp`, and the original program's slip as a local derivative.
private enum ReferenceActivation {
  static func apply(_ activation: Activation, _ h: Dual) -> Dual {
    switch activation {
    case .sigmoid: return Dual(1) / (Dual(1) + Dual.exp(Dual(0) - h))
    case .tanh:
      // tanh h = −u/(2 + u) with u = e^(−2h) − 1 for h ≥ 0, and odd: neither the value nor the
      // derivative the quotient rule gives cancels, for small h or large.
      let positive = h.value < 0 ? Dual(0) - h : h
      let u = Dual.expm1(Dual(-2) * positive)
      let t = (Dual(0) - u) / (Dual(2) + u)
      return h.value < 0 ? Dual(0) - t : t
    case .relu: return h.value > 0 ? h : Dual(0, 0)
    }
  }

  /// The activation's value, carrying the derivative the slip uses: act'(act(h)) · h', where
  /// act' is found by differentiating the activation at the point act(h).
  static func slipped(_ activation: Activation, _ h: Dual) -> Dual {
    let a = apply(activation, Dual(h.value)).value
    let slopeAtActivation = apply(activation, Dual(activation == .relu ? h.value : a, 1)).derivative
    return Dual(apply(activation, Dual(h.value)).value, slopeAtActivation * h.derivative)
  }
}

/// One training step computed the reference's way: the gradient parameter by parameter through
/// dual numbers, the batch's mean, then the optimizer's textbook formulas.
private struct ReferenceStep {
  let hidden: Int
  let biases: Bool
  let activation: Activation
  let rule: GradientRule
  let optimizer: Optimizer
  let eta: Double
  var velocity: [Double]
  var firstMoment: [Double]
  var secondMoment: [Double]
  var t = 0

  init(network: Network, rule: GradientRule, optimizer: Optimizer, eta: Double) {
    hidden = network.hidden
    biases = network.hasBiases
    activation = network.activation
    self.rule = rule
    self.optimizer = optimizer
    self.eta = eta
    let count = 3 * hidden + 1
    velocity = [Double](repeating: 0, count: count)
    firstMoment = velocity
    secondMoment = velocity
  }

  /// The loss ½(ŷ − y)² with parameter `seeded` carrying derivative 1.
  func loss(_ theta: [Double], seeded: Int, x: Double, y: Double) -> Dual {
    func parameter(_ index: Int) -> Dual { Dual(theta[index], index == seeded ? 1 : 0) }
    var output = biases ? parameter(3 * hidden) : Dual(0)
    for i in 0..<hidden {
      let h = parameter(i) * Dual(x) + (biases ? parameter(2 * hidden + i) : Dual(0))
      let a =
        rule.appliesSigmoidTwice
        ? ReferenceActivation.slipped(activation, h) : ReferenceActivation.apply(activation, h)
      output = output + parameter(hidden + i) * a
    }
    let error = output - Dual(y)
    return Dual(0.5) * error * error
  }

  /// The gradient the rule computes: the true one, negated under a flipped sign (every component
  /// of it is dE/dŷ times something that does not depend on the sign).
  func gradient(_ theta: [Double], samples: [Sample]) -> [Double] {
    var g = [Double](repeating: 0, count: theta.count)
    for k in theta.indices {
      if !biases, k >= 2 * hidden { continue }
      let total = samples.reduce(0.0) { $0 + loss(theta, seeded: k, x: $1.x, y: $1.y).derivative }
      g[k] = (rule.flipsSign ? -1 : 1) * total / Double(samples.count)
    }
    return g
  }

  /// The parameters after one step from `theta` on `samples`.
  mutating func step(_ theta: [Double], samples: [Sample]) -> [Double] {
    let g = gradient(theta, samples: samples)
    var next = theta
    switch optimizer {
    case .sgd:
      for k in theta.indices { next[k] = theta[k] - eta * g[k] }
    case .momentum:
      for k in theta.indices {
        velocity[k] = 0.9 * velocity[k] + g[k]
        next[k] = theta[k] - eta * velocity[k]
      }
    case .adam:
      t += 1
      for k in theta.indices {
        firstMoment[k] = 0.9 * firstMoment[k] + 0.1 * g[k]
        secondMoment[k] = 0.999 * secondMoment[k] + 0.001 * g[k] * g[k]
        let mHat = firstMoment[k] / (1 - pow(0.9, Double(t)))
        let vHat = secondMoment[k] / (1 - pow(0.999, Double(t)))
        next[k] = theta[k] - eta * mHat / (vHat.squareRoot() + 1e-8)
      }
    }
    return next
  }
}

// MARK: - The tests

@Suite("Training against an independent reference")
struct ReferenceTrainingTests {
  struct Combination: CustomTestStringConvertible, Sendable {
    var activation: Activation
    var optimizer: Optimizer
    var batch: Int
    var testDescription: String { "\(activation.rawValue) \(optimizer.rawValue) batch \(batch)" }
  }

  static let combinations: [Combination] = Activation.allCases.flatMap { activation in
    Optimizer.allCases.flatMap { optimizer in
      [1, 8].map { Combination(activation: activation, optimizer: optimizer, batch: $0) }
    }
  }

  /// How many steps each run compares: 25, or `SINENET_REFERENCE_STEPS` from the environment
  /// (`Scripts/reference-scan` runs 20,000 in a release build).
  static let steps: Int = {
    let requested = ProcessInfo.processInfo.environment["SINENET_REFERENCE_STEPS"].flatMap {
      Int($0)
    }
    return max(requested ?? 25, 25)
  }()

  /// How close ŷ − y comes to cancelling for the worst sample of a step: |ŷ − y| over the sum of
  /// the magnitudes it is computed from, |b2| + Σ|w2ᵢ aᵢ| + |y|.
  static func cancellation(_ network: Network, _ samples: [Sample]) -> Double {
    samples.map { sample in
      let terms = (0..<network.hidden).reduce((network.b2 ?? 0).magnitude) {
        $0 + network.contribution(ofUnit: $1, at: sample.x).magnitude
      }
      return (network.output(at: sample.x) - sample.y).magnitude / (terms + sample.y.magnitude)
    }.min() ?? 1
  }

  /// max|a − b| over `range`.
  static func largestGap(_ a: [Double], _ b: [Double], _ range: Range<Int>) -> Double {
    range.reduce(0) { max($0, (a[$1] - b[$1]).magnitude) }
  }

  @Test(
    "Every step of every combination equals the reference to 1e-9 of its update, under every rule",
    arguments: combinations)
  func everyStep(_ combination: Combination) {
    for rule in GradientRule.allCases {
      // Hidden 5 one unit at a time; hidden 11 an octet, a pair and a single unit, fewer steps
      // (a debug build runs vectors slowly, and LayoutTests hold them to the one-unit steps).
      for (preset, hidden, vectorised, steps) in [
        (Preset.bias, 5, false, Self.steps), (.tensorflow, 5, false, Self.steps),
        (.bias, 11, true, Self.steps > 25 ? Self.steps : 12),
      ] {
        var trainer = Trainer(
          preset: preset, seed: 21, hidden: hidden, rule: rule, eta: 0.01,
          activation: combination.activation, optimizer: combination.optimizer,
          batchSize: combination.batch)
        trainer.isVectorised = vectorised
        var reference = ReferenceStep(
          network: trainer.network, rule: rule, optimizer: combination.optimizer, eta: 0.01)
        var compared = 0
        // The worst gap as a share of its allowance, and the steps past 1e-9 of the update alone.
        var worst = 0.0
        var pastRelative: [String] = []
        for step in 1...steps {
          let network = trainer.network
          let before = network.withParameters(Array.init)
          // A rule that climbs (a flipped sign) can overflow within the steps: compare up to there.
          guard let samples = trainer.step(), !trainer.hasDiverged else { break }
          compared += 1
          #expect(samples.count == combination.batch)
          let after = trainer.network.withParameters(Array.init)
          let expected = reference.step(before, samples: samples)
          for group in trainer.network.groups {
            let range = Network.range(of: group, hidden: hidden)
            let update = Self.largestGap(expected, before, range)
            let size = range.reduce(0) { max($0, before[$1].magnitude) }
            let gap = Self.largestGap(after, expected, range)
            let allowance = 1e-9 * update + 8 * Double.ulpOfOne * (size + update)
            #expect(
              gap <= allowance,
              "\(combination.testDescription) \(rule) \(preset) \(hidden) step \(step) \(group)")
            worst = max(worst, gap / allowance)
            if Self.steps > 25, gap > 1e-9 * update {
              let ratio = gap / update
              let kappa = Self.cancellation(network, samples)
              pastRelative.append("step \(step) \(group) \(ratio) (|ŷ − y| / terms \(kappa))")
            }
          }
        }
        #expect(compared >= 5, "\(combination.testDescription) \(rule) \(preset) \(hidden)")
        if Self.steps > 25 {
          print(
            "reference: \(combination.testDescription) \(rule) \(preset) hidden \(hidden): "
              + "\(compared) steps, worst gap \(worst) of its allowance; past 1e-9 of the update: "
              + "\(pastRelative.count) \(pastRelative.prefix(4))")
        }
      }
    }
  }

  @Test("The hot loop takes exactly the steps one step() at a time takes", arguments: combinations)
  func hotLoop(_ combination: Combination) {
    // The vectorised layout is slow in a debug build: fewer steps there, still past the end of
    // the per-sample loop's first block of 128.
    for (vectorised, hidden, steps) in [
      (false, 7, 300), (true, 10, combination.batch == 1 ? 140 : 20),
    ] {
      var start = Trainer(
        preset: .bias, seed: 4, hidden: hidden, rule: .doubleSigmoid,
        activation: combination.activation, optimizer: combination.optimizer,
        batchSize: combination.batch)
      start.isVectorised = vectorised
      var looped = start
      var single = start
      looped.train(steps: steps)
      for _ in 0..<steps { single.step() }
      #expect(looped.network == single.network)
      #expect(looped.optimizerState == single.optimizerState)
      #expect(looped.generator == single.generator)
      #expect(looped.lastLoss == single.lastLoss)
      #expect(looped.stepCount == steps)
    }
  }

  @Test("A batch holds distinct samples; the whole data set is every sample once")
  func batches() throws {
    var trainer = Trainer(preset: .bias, seed: 2, batchSize: 8)
    for _ in 0..<200 {
      let drawn = trainer.step()
      let samples = try #require(drawn)
      #expect(Set(samples.map(\.x)).count == 8)
    }
    trainer.batchSize = 500
    let drawn = trainer.step()
    let all = try #require(drawn)
    #expect(Set(all.map(\.x)) == Set(trainer.dataset.inputs))
    trainer.batchSize = 0
    #expect(trainer.batchSize == 1)
  }

  @Test("The optimizer's memory survives a rule or eta change, not an optimizer change")
  func optimizerMemory() {
    var trainer = Trainer(preset: .bias, seed: 3, optimizer: .adam)
    trainer.train(steps: 10)
    let state = trainer.optimizerState
    #expect(state.step == 10)
    trainer.rule = .sign
    trainer.eta = 0.03
    #expect(trainer.optimizerState == state)
    trainer.optimizer = .momentum
    #expect(trainer.optimizerState.step == 0)
    #expect(trainer.optimizerState.first.allSatisfy { $0 == 0 })
  }
}
