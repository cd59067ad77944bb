import ArgumentParser
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
    var generator = trainer.generator
    let sample = trainer.dataset[generator.nextIndex(below: trainer.dataset.count)]
    let network = trainer.network
    var lines = [
      "gradient check: preset \(model.preset.rawValue), seed \(seed), hidden \(model.hidden), "
        + "at the initial weights, sample x = \(NumberFormat.fixed(sample.x, decimals: 4)), "
        + "y = \(NumberFormat.fixed(sample.y, decimals: 4))",
      "rule            group  |analytic|   |numerical|  cosine   rel.error  verdict",
    ]
    for rule in GradientRule.allCases {
      let check = GradientCheck(network: network, sample: sample, rule: rule)
      for row in check.rows {
        let cosine =
          row.cosine.map { ($0 >= 0 ? "+" : "") + NumberFormat.fixed($0, decimals: 3) } ?? "-"
        let verdict = row.relativeError <= GradientCheck.tolerance ? "ok" : "WRONG"
        lines.append(
          [
            rule.rawValue.padded(to: 15), row.group.rawValue.padded(to: 6),
            NumberFormat.scientific(row.analyticLength, digits: 4).padded(to: 12),
            NumberFormat.scientific(row.numericalLength, digits: 4).padded(to: 12),
            cosine.padded(to: 8),
            NumberFormat.scientific(row.relativeError, digits: 2).padded(to: 10),
            verdict,
          ].joined(separator: " "))
      }
    }
    do {
      for line in lines { try DescriptorOutput.standardOutput.line(line) }
    } catch {
      return
    }
  }
}

extension String {
  /// The string padded with spaces on the right to at least `width` characters.
  fileprivate func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
