import Testing

@testable import SineNet

/// The vectorised layout (vectors of eight and two units, then one) against every unit alone.
///
/// The same steps to the bit, for every activation, rule, optimizer and batch, and a spread of
/// hidden sizes. A debug build trains with units alone (``UnitLayout/standard(hidden:)``), so
/// these tests are what holds the release build's steps to the ones the other tests check.
@Suite("Vectorised and one-unit layouts")
struct LayoutTests {
  /// A trainer's state, as bits: NaN compares equal to itself here.
  struct State: Equatable {
    var parameters: [UInt64]
    var first: [UInt64]
    var second: [UInt64]
    var generator: Xoshiro256StarStar
    var loss: UInt64?
    var stepCount: Int
    var divergedAt: Int?

    init(_ trainer: Trainer) {
      parameters = trainer.network.withParameters { $0.map(\.bitPattern) }
      first = trainer.optimizerState.first.map(\.bitPattern)
      second = trainer.optimizerState.second.map(\.bitPattern)
      generator = trainer.generator
      loss = trainer.lastLoss?.bitPattern
      stepCount = trainer.stepCount
      divergedAt = trainer.divergedAtStep
    }
  }

  /// `start` trained both ways: `steps` steps, split into calls of `chunk`.
  static func bothLayouts(_ start: Trainer, steps: Int, chunk: Int) -> (State, State) {
    var narrow = start
    narrow.isVectorised = false
    var wide = start
    wide.isVectorised = true
    var taken = 0
    while taken < steps {
      narrow.train(steps: min(chunk, steps - taken))
      wide.train(steps: min(chunk, steps - taken))
      taken += chunk
    }
    return (State(narrow), State(wide))
  }

  @Test(
    "Per-sample SGD takes the same steps in both layouts, for every hidden size's shape",
    arguments: Activation.allCases)
  func perSample(activation: Activation) {
    for rule in GradientRule.allCases {
      for (hidden, preset) in [(1, Preset.bias), (3, .numpy), (10, .bias), (17, .tensorflow)] {
        let start = Trainer(
          preset: preset, seed: UInt64(hidden), hidden: hidden, rule: rule, eta: 0.05,
          activation: activation)
        let (narrow, wide) = Self.bothLayouts(start, steps: 60, chunk: 25)
        #expect(narrow == wide, "\(activation) \(rule) hidden \(hidden)")
        #expect(narrow.stepCount == 60 || narrow.divergedAt != nil)
      }
    }
  }

  @Test(
    "Batches and optimizers take the same steps in both layouts",
    arguments: Activation.allCases, Optimizer.allCases)
  func batches(activation: Activation, optimizer: Optimizer) {
    for rule in [GradientRule.correct, .original] {
      for batch in [1, 8] where !(optimizer == .sgd && batch == 1) {
        let start = Trainer(
          preset: .bias, seed: 5, hidden: 11, rule: rule, activation: activation,
          optimizer: optimizer, batchSize: batch)
        let (narrow, wide) = Self.bothLayouts(start, steps: 12, chunk: 5)
        #expect(narrow == wide, "\(activation) \(optimizer) \(rule) batch \(batch)")
      }
    }
  }

  @Test("A divergence stops both layouts at the same step, with the same state")
  func divergence() {
    var start = Trainer(preset: .numpy, seed: 3, rule: .original, eta: 3)
    start.train(steps: 1)
    let (narrow, wide) = Self.bothLayouts(start, steps: 2_000, chunk: 700)
    #expect(narrow.divergedAt != nil)
    #expect(narrow == wide)
  }

  @Test("The output and the gradient are the same in both layouts")
  func outputAndGradient() {
    for hidden in [1, 2, 9, 16, 25] {
      let network = Trainer(preset: .bias, seed: 8, hidden: hidden).network
      for x in [-3.0, 0.0, 0.7, 14.9] {
        for rule in GradientRule.allCases {
          let wide = UnitLayout(hidden: hidden, vectorised: true)
          let narrow = UnitLayout(hidden: hidden, vectorised: false)
          let outputs = [wide, narrow].map { layout in
            network.withForwardPass(at: x, rule: rule, layout: layout) { prediction, scratch in
              [prediction.bitPattern] + scratch.map(\.bitPattern)
            }
          }
          #expect(outputs[0] == outputs[1], "hidden \(hidden) x \(x) \(rule)")
          let gradients = [wide, narrow].map {
            network.gradient(samples: [Sample(x: x, y: 0.3)], rule: rule, layout: $0)
              .storage.map(\.bitPattern)
          }
          #expect(gradients[0] == gradients[1], "hidden \(hidden) x \(x) \(rule)")
        }
      }
    }
  }

  @Test("The layouts walk every unit once: octets, then pairs, then at most one alone")
  func walks() {
    for hidden in Network.hiddenRange {
      let wide = UnitLayout(hidden: hidden, vectorised: true)
      #expect(8 * wide.octets + 2 * wide.pairs + wide.singles == hidden)
      #expect(wide.pairs < 4 && wide.singles < 2)
      let narrow = UnitLayout(hidden: hidden, vectorised: false)
      #expect(narrow.octets == 0 && narrow.pairs == 0 && narrow.singles == hidden)
    }
  }
}
