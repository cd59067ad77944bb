import SineFormats
import SineNet

/// What a trace shows about the gradient the program that wrote it computes.
public struct Diagnosis: Sendable, Hashable {
  /// The steps compared: every step line, or those before the divergence.
  public var steps: Int
  /// The network's hidden units.
  public var hidden: Int
  /// Whether the network has biases.
  public var hasBiases: Bool
  /// The hidden units' activation, as line 1 says.
  public var activation: Activation
  /// The samples per step, as line 1 says.
  public var batch: Int
  /// The η from line 1.
  public var eta: Double
  /// The relative tolerance the updates were compared to.
  public var tolerance: Double
  /// The first step with a value that is not finite (the loss or a parameter after the step), or
  /// nil; reading stopped there.
  public var divergedAtStep: Int?
  /// The line the divergence is on, or nil.
  public var divergedAtLine: Int?
  /// The diagnosis of each parameter group the network has (w1, w2, then b1 and b2 with biases).
  public var groups: [GroupDiagnosis]
  /// The verdict for the whole trace.
  public var verdict: Verdict

  /// Every bug some group shows, in catalog order.
  public var bugs: [GradientBug] { Set(groups.flatMap(\.bugs)).sorted() }

  /// The bugs found, each with its groups and advice, in catalog order.
  public var findings: [BugFinding] {
    BugFinding.findings(in: groups, activation: activation, batch: batch, hidden: hidden)
  }

  // MARK: - sinetui's own rules

  /// sinetui's rules that explain every group at every step, in `GradientRule.allCases` order.
  public var rules: [GradientRule] {
    GradientRule.allCases.filter { rule in
      steps > 0 && groups.allSatisfy { $0.explainingRules.contains(rule) }
    }
  }

  /// The one of sinetui's rules the trace follows: one that explains every step, with exactly the
  /// bugs the diagnosis found; nil when the trace is not one of them, or is inconclusive.
  public var rule: GradientRule? {
    let bugs = bugs
    switch verdict {
    case .correct, .bugs: break
    default: return nil
    }
    let slip = GradientBug.slopeAtActivation(activation)
    guard bugs.allSatisfy({ $0 == .flippedSign || $0 == slip }) else { return nil }
    let rule = GradientRule(
      flipsSign: bugs.contains(.flippedSign),
      appliesSigmoidTwice: slip.map(bugs.contains) ?? false)
    return rules.contains(rule) ? rule : nil
  }

  // MARK: - In words

  /// The verdict in a few words, for a status line: `follows rule original (both bugs)`.
  public var label: String {
    switch verdict {
    case .correct: return "follows the correct rule"
    case .nothingCompared: return "diverged at its first step"
    case .unexplained(let groups):
      return "no known bug explains " + groups.map(\.rawValue).joined(separator: ", ")
    case .inconclusive: return "inconclusive: updates too small"
    case .bugs(let bugs):
      if rule == .original { return "follows rule original (both bugs)" }
      if let rule { return "follows rule \(rule.rawValue)" }
      return "bugs: " + bugs.map(\.rawValue).joined(separator: ", ")
    }
  }

  /// The verdict in plain language: a sentence, then each bug found with what the code computes,
  /// the fix and the effect; for the original program's rule, its lines and the corrected ones.
  public var explanation: [String] {
    let findings = findings
    switch verdict {
    case .correct:
      return ["The trace follows the correct gradient: no bug found."]
    case .nothingCompared:
      return ["The trace diverged at its first step: there is no step to compare."]
    case .inconclusive(let names):
      return [
        "Inconclusive: the updates of \(GroupDiagnosis.list(names.map(\.rawValue))) are too small "
          + "to tell the correct gradient from its negative (below the rounding of the "
          + "parameters); "
          + (names.count == groups.count
            ? "nothing is known." : "the other groups follow the correct gradient.")
      ]
    case .bugs(let bugs):
      let original = rule == .original ? ", the original program's two" : ""
      var lines = [
        "The trace shows \(bugs.count == 1 ? "1 bug" : "\(bugs.count) bugs"): "
          + GroupDiagnosis.list(findings.map(Self.shortName)) + original + "."
      ]
      lines += findings.flatMap(\.lines)
      if rule == .original {
        lines +=
          ["the original program's lines:"]
          + GradientRule.original.backpropLines.map { "  " + $0 }
          + ["the corrected lines:"] + GradientRule.correct.backpropLines.map { "  " + $0 }
      }
      return lines
    case .unexplained(let names):
      var sentence =
        "No known bug explains the updates of \(GroupDiagnosis.list(names.map(\.rawValue)))."
      if let group = groups.first(where: { !$0.isExplained }),
        let first = group.firstUnexplained
      {
        sentence += " At step \(first.step) the traced update of \(group.group.rawValue) is "
        switch first.pattern {
        case .constant(let factor):
          sentence += "\(NumberFormat.short(factor)) times the correct one: \(first.meaning)."
        default:
          sentence += "not a constant multiple of the correct one: \(first.meaning)."
        }
      }
      guard !findings.isEmpty else { return [sentence] }
      return [
        sentence,
        "The other groups show " + GroupDiagnosis.list(findings.map(Self.shortName)) + ":",
      ]
        + findings.flatMap(\.lines)
    }
  }

  /// A finding's id and groups: `flipped-sign (w1, w2)`.
  private static func shortName(_ finding: BugFinding) -> String {
    let groups = finding.groups.map(\.rawValue).joined(separator: ", ")
    guard let c = finding.scale else { return "\(finding.bug.rawValue) (\(groups))" }
    return "\(finding.bug.rawValue) (c = \(ScaleFit.text(c.magnitude)); \(groups))"
  }
}
