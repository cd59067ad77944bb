import ArgumentParser
import SineFormats
import SineNet
import SineUI

/// `sinetui check`: every gradient rule against central finite differences at one random point.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Check each activation's gradient, and each rule's, against finite differences at one point.",
    discussion: """
      For each rule and parameter group: the size of the rule's gradient, the size of the \
      numerical one, the cosine between them (-1 means the sign is flipped) and their relative \
      error. A correct rule agrees to about 1e-8. Every activation is checked, or only the one \
      --activation names. For relu the slope at the activation is the true slope, so \
      double-sigmoid agrees with correct there, and original with sign.
      """
  )

  @OptionGroup var model: ModelOptions

  func run() throws {
    DescriptorOutput.ignoreBrokenPipeSignal()
    let seed = model.resolvedSeed()
    let trainer = Trainer(preset: model.preset, seed: seed, hidden: model.hidden)
    let sample = GradientCheckTable.probe(for: trainer)
    var lines = [
      "gradient check: preset \(model.preset.rawValue), seed \(seed), hidden \(model.hidden), "
        + "at the initial weights, sample x = \(NumberFormat.fixed(sample.x, decimals: 4)), "
        + "y = \(NumberFormat.fixed(sample.y, decimals: 4))",
      GradientCheckTable.padded("activation", 11) + GradientCheckTable.padded("rule", 15) + " "
        + GradientCheckTable.header,
    ]
    // Each activation's correct gradient, and each wrong rule, at the same weights and sample.
    let activations = model.activationGiven.map { [$0] } ?? Activation.allCases
    for activation in activations {
      var network = trainer.network
      network.activation = activation
      for rule in GradientRule.allCases {
        let check = GradientCheck(network: network, sample: sample, rule: rule)
        for row in check.rows {
          lines.append(
            GradientCheckTable.padded(activation.rawValue, 11)
              + GradientCheckTable.padded(rule.rawValue, 15) + " "
              + GradientCheckTable.line(for: row))
        }
      }
    }
    try DescriptorOutput.printLines(lines)
  }
}
