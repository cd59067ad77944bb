import Testing

@testable import SineNet

/// The per-unit factors a derivation panel shows, against the step they explain.
@Suite("One unit's derivation")
struct DerivationTests {
  /// Networks part way through training, with and without biases, in both layouts.
  static func networks(_ activation: Activation, _ rule: GradientRule) -> [(Network, UnitLayout)] {
    [(Preset.bias, 10, false), (.numpy, 10, false), (.bias, 11, true), (.numpy, 11, true)].map {
      preset, hidden, vectorised in
      var trainer = Trainer(
        preset: preset, seed: 19, hidden: hidden, eta: 0.03, activation: activation)
      trainer.train(steps: 2_000)
      return (trainer.network, UnitLayout(hidden: hidden, vectorised: vectorised))
    }
  }

  @Test(
    "Each product times −η is the next step's update, bit for bit, for every rule",
    arguments: Activation.allCases)
  func productsAreTheUpdate(activation: Activation) {
    let eta = 0.037
    for rule in GradientRule.allCases {
      for (network, layout) in Self.networks(activation, rule) {
        for (x, y) in [(0.3, 0.9), (7.1, -0.4), (13.9, 0.95)] {
          var stepped = network
          stepped.descend(x: x, y: y, rule: rule, eta: eta, layout: layout)
          let label = "\(activation) \(rule) biases \(network.hasBiases) x \(x)"
          var b2: Double?
          for unit in 0..<network.hidden {
            let d = network.derivation(ofUnit: unit, x: x, y: y, rule: rule, layout: layout)
            #expect(stepped.w1[unit] == network.w1[unit] - eta * d.w1Gradient, "\(label) \(unit)")
            #expect(stepped.w2[unit] == network.w2[unit] - eta * d.w2Gradient, "\(label) \(unit)")
            if let b1 = network.b1, let gradient = d.b1Gradient {
              #expect(stepped.b1?[unit] == b1[unit] - eta * gradient, "\(label) \(unit)")
            }
            #expect((d.b1Gradient == nil) == !network.hasBiases)
            b2 = d.b2Gradient
          }
          if let bias = network.b2, let gradient = b2 {
            #expect(stepped.b2 == bias - eta * gradient, "\(label)")
          }
        }
      }
    }
  }

  @Test("The forward factors are the network's, and the products follow from the factors")
  func factors() {
    for activation in Activation.allCases {
      for rule in GradientRule.allCases {
        let network = Self.networks(activation, rule)[0].0
        let (x, y) = (4.2, -0.7)
        for unit in 0..<network.hidden {
          let d = network.derivation(ofUnit: unit, x: x, y: y, rule: rule)
          let h = network.w1[unit] * x + (network.b1?[unit] ?? 0)
          #expect(d.preActivation == h)
          #expect(d.activation == activation.value(h))
          #expect(d.slope == activation.slope(preActivation: h, rule: rule))
          #expect(d.prediction == network.output(at: x))
          #expect(d.loss == network.loss(x: x, y: y))
          #expect(d.outputError == (rule.flipsSign ? y - d.prediction : d.prediction - y))
          #expect(d.outgoingWeight == network.w2[unit])
          let backward = d.outgoingWeight * d.slope * d.outputError
          #expect(d.w1Gradient == backward * x)
          #expect(d.w2Gradient == d.activation * d.outputError)
          #expect(d.b1Gradient == backward)
          #expect(d.b2Gradient == d.outputError)
          // The batch-of-one gradient is the same numbers.
          let gradient = network.gradient(x: x, y: y, rule: rule)
          #expect(gradient.values(of: .w1)[unit] == d.w1Gradient)
          #expect(gradient.values(of: .w2)[unit] == d.w2Gradient)
        }
      }
    }
  }

  @Test("nextSample is the sample the next step takes first, however the step is taken")
  func nextSample() {
    for batch in [1, 8, 500] {
      for optimizer in Optimizer.allCases {
        var trainer = Trainer(preset: .bias, seed: 23, optimizer: optimizer, batchSize: batch)
        for _ in 0..<40 {
          let next = trainer.nextSample
          // The hot loop takes the same step as step(on:) on that sample, for a batch of one.
          if batch == 1 {
            var trained = trainer
            trained.train(steps: 1)
            var stepped = trainer
            stepped.step(on: next)
            #expect(trained.network == stepped.network)
          }
          let used = trainer.step()
          #expect(used?.first == next, "batch \(batch) \(optimizer)")
        }
      }
    }
  }
}
