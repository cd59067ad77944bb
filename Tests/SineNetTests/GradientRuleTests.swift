import Testing

@testable import SineNet

/// The expected values below come from running the original program's own lines in NumPy on this network:
/// `layer1_weights = [0.5, -1.25]`, `layer2_weights = [-0.3, 0.75]`, `x = 2.0`, `y = 0.4`.
@Suite("Gradient rules against the original program's formulas")
struct GradientRuleTests {
  let network = Network(w1: [0.5, -1.25], w2: [-0.3, 0.75])
  let x = 2.0
  let y = 0.4

  // error_wrt_layer2_weights = (y - layer3) * sigmoid(layer2)
  let seedW2 = [0.4111648451207169, 0.04266445638053268]
  // error_wrt_layer1_weights = (y - layer3) * layer2_weights * sigmoid_deriv(sigmoid(layer2)) * layer1
  let seedW1 = [-0.07402461811747559, 0.21060585072700894]
  // The flipped sign with the right derivative: `(y - layer3) * ... * sigmoid_deriv(layer2) * layer1`.
  let signW1 = [-0.0663475547184837, 0.059142012551864596]

  @Test("The forward pass is the original program's sum(sigmoid(layer2) * layer2_weights)")
  func forward() {
    expectClose([network.output(at: x)], [-0.1624239385730688])
  }

  @Test("original computes both of the original program's lines exactly")
  func seedRule() {
    let gradient = network.gradient(x: x, y: y, rule: .original)
    expectClose(gradient.values(of: .w2), seedW2)
    expectClose(gradient.values(of: .w1), seedW1)
  }

  @Test("sign flips dE/dŷ and nothing else")
  func signRule() {
    let gradient = network.gradient(x: x, y: y, rule: .sign)
    expectClose(gradient.values(of: .w2), seedW2)
    expectClose(gradient.values(of: .w1), signW1)
  }

  @Test("double-sigmoid takes σ'(σ(h)) and nothing else")
  func doubleSigmoidRule() {
    let gradient = network.gradient(x: x, y: y, rule: .doubleSigmoid)
    expectClose(gradient.values(of: .w2), seedW2.map { -$0 })
    expectClose(gradient.values(of: .w1), seedW1.map { -$0 })
  }

  @Test("correct is the negation of sign, and every wrong rule differs from it")
  func correctRule() {
    let correct = network.gradient(x: x, y: y, rule: .correct)
    expectClose(correct.values(of: .w2), seedW2.map { -$0 })
    expectClose(correct.values(of: .w1), signW1.map { -$0 })
    for rule in [GradientRule.original, .sign, .doubleSigmoid] {
      #expect(network.gradient(x: x, y: y, rule: rule) != correct, "\(rule)")
    }
  }

  @Test(
    "Bias gradients are their weights' formulas with the input replaced by 1",
    arguments: GradientRule.allCases)
  func biasesFollowTheirWeights(rule: GradientRule) {
    let withBiases = Network(w1: [0.5, -1.25], w2: [-0.3, 0.75], b1: [0, 0], b2: 0)
    let gradient = withBiases.gradient(x: x, y: y, rule: rule)
    expectClose(gradient.values(of: .b1), gradient.values(of: .w1).map { $0 / x })
    // The output bias: dE/dŷ as the rule computes it, times 1.
    let error = rule.flipsSign ? y - withBiases.output(at: x) : withBiases.output(at: x) - y
    expectClose(gradient.values(of: .b2), [error])
  }

  @Test("A rule is exactly the set of bugs it names")
  func rulesFromBugs() {
    for rule in GradientRule.allCases {
      #expect(
        GradientRule(flipsSign: rule.flipsSign, appliesSigmoidTwice: rule.appliesSigmoidTwice)
          == rule)
    }
    #expect(GradientRule.original.flipsSign && GradientRule.original.appliesSigmoidTwice)
    #expect(!GradientRule.correct.flipsSign && !GradientRule.correct.appliesSigmoidTwice)
  }

  @Test("A step subtracts η times the rule's gradient from the weights before the step")
  func descentUsesTheGradient() {
    for rule in GradientRule.allCases {
      var stepped = network
      stepped.descend(x: x, y: y, rule: rule, eta: 0.01)
      let gradient = network.gradient(x: x, y: y, rule: rule)
      expectClose(stepped.w1, zip(network.w1, gradient.values(of: .w1)).map { $0 - 0.01 * $1 })
      expectClose(stepped.w2, zip(network.w2, gradient.values(of: .w2)).map { $0 - 0.01 * $1 })
    }
  }
}

/// Expects equal counts and each pair equal to a relative 1e-12 (NumPy's and the C library's
/// `exp` may differ in the last bit).
func expectClose(
  _ actual: [Double], _ expected: [Double], relative: Double = 1e-12,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, sourceLocation: sourceLocation)
  for (a, e) in zip(actual, expected) {
    #expect(
      abs(a - e) <= relative * max(abs(a), abs(e)), "\(a) vs \(e)", sourceLocation: sourceLocation)
  }
}
