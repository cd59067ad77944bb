import Testing

@testable import SineNet

@Suite("Gradient check")
struct GradientCheckTests {
  /// Random networks and samples for `preset`: initial weights scaled up to 3x so that saturated
  /// and steep units both occur, and inputs from the preset's whole range.
  static func randomPoints(_ preset: Preset, count: Int) -> [(Network, Sample)] {
    var generator = Xoshiro256StarStar(
      seed: 0x5EED + UInt64(Preset.allCases.firstIndex(of: preset) ?? 0))
    return (0..<count).map { index in
      let hidden = 1 + index % 12
      let base = Network(hidden: hidden, biases: preset.hasBiases, using: &generator)
      let scale = 0.2 + 2.8 * generator.nextUnit()
      let network = Network(
        w1: base.w1.map { $0 * scale }, w2: base.w2.map { $0 * scale },
        b1: base.b1.map { $0.map { $0 * scale } },
        b2: base.b2.map { _ in generator.nextUnit() - 0.5 })
      let x = generator.nextDouble(in: preset.range)
      return (network, Sample(x: x, y: sine(x)))
    }
  }

  @Test("correct agrees with central differences for every parameter", arguments: Preset.allCases)
  func correctMatchesFiniteDifferences(preset: Preset) {
    for (network, sample) in Self.randomPoints(preset, count: 200) {
      let analytic = network.gradient(x: sample.x, y: sample.y, rule: .correct)
      let numerical = network.numericalGradient(x: sample.x, y: sample.y)
      // Finite differences round off at about 1e-16 · loss / ε, so a component far smaller than
      // the whole gradient is measured against the gradient's length rather than its own size.
      let length = network.groups.flatMap { analytic.values(of: $0) }.reduce(0) { $0 + $1 * $1 }
      let floor = max(length.squareRoot(), 1e-6)
      for group in network.groups {
        for (a, n) in zip(analytic.values(of: group), numerical.values(of: group)) {
          let error = abs(a - n) / max(abs(a), abs(n), floor)
          #expect(error < 1e-6, "\(preset) \(group): analytic \(a), numerical \(n)")
        }
      }
    }
  }

  @Test("The check passes correct and fails every wrong rule", arguments: Preset.allCases)
  func checkSeparatesRules(preset: Preset) throws {
    for (network, sample) in Self.randomPoints(preset, count: 50) {
      let correct = GradientCheck(network: network, sample: sample, rule: .correct)
      #expect(correct.passes)
      #expect(correct.maxRelativeError < 1e-4)
      #expect(correct.rows.map(\.group) == network.groups)
      for rule in [GradientRule.original, .sign] {
        let check = GradientCheck(network: network, sample: sample, rule: rule)
        // A flipped sign points the output weights' gradient exactly the wrong way (wherever that
        // gradient is not too small to measure: at a sample the network already fits).
        let w2 = try #require(check.rows.first { $0.group == .w2 })
        guard w2.analytic.reduce(0, { $0 + $1 * $1 }) > 1e-6 else { continue }
        #expect(!check.passes, "\(rule)")
        #expect(abs(w2.relativeError - 1) < 1e-9, "\(rule)")
        #expect(abs((w2.cosine ?? 0) + 1) < 1e-9, "\(rule)")
      }
    }
  }

  @Test("double-sigmoid leaves w2 right and gets w1 wrong")
  func doubleSigmoidRows() {
    let network = Network(w1: [0.5, -1.25, 2], w2: [-0.3, 0.75, 1.1])
    let check = GradientCheck(network: network, sample: Sample(x: 2, y: 0.4), rule: .doubleSigmoid)
    let errors = Dictionary(uniqueKeysWithValues: check.rows.map { ($0.group, $0.relativeError) })
    #expect((errors[.w2] ?? 1) < 1e-8)
    #expect((errors[.w1] ?? 0) > 0.1)
  }

  @Test("Relative error and cosine of hand-made rows")
  func rowArithmetic() {
    let same = GradientCheck.Row(group: .w1, analytic: [3, 4], numerical: [3, 4])
    #expect(same.relativeError == 0)
    #expect(same.cosine == 1)
    let flipped = GradientCheck.Row(group: .w1, analytic: [3, 4], numerical: [-3, -4])
    #expect(flipped.relativeError == 1)
    #expect(flipped.cosine == -1)
    let zero = GradientCheck.Row(group: .b2, analytic: [0], numerical: [0])
    #expect(zero.relativeError == 0)
    #expect(zero.cosine == nil)
  }
}
