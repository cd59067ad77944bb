import ArgumentParser
import SineFormats
import SineNet
import SineUI

/// `sinetui check`: every gradient rule against central finite differences at one random point.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check each gradient rule against finite differences at one random point.",
    discussion: """
      For each rule and parameter group: the size of the rule's gradient, the size of the \
      numerical one, the cosine between them (-1 means the sign is flipped) and their relative \
      error. A correct rule agrees to about 1e-8.
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
      GradientCheckTable.padded("rule", 15) + " " + GradientCheckTable.header,
    ]
    for rule in GradientRule.allCases {
      let check = GradientCheck(network: trainer.network, sample: sample, rule: rule)
      for row in check.rows {
        lines.append(
          GradientCheckTable.padded(rule.rawValue, 15) + " " + GradientCheckTable.line(for: row))
      }
    }
    try DescriptorOutput.printLines(lines)
  }
}
