import SineFormats
import SineNet

/// The diagnosis of a whole trace in one word, and in plain language.
public enum Verdict: Sendable, Hashable {
  /// Every group follows this one rule, and no other rule explains all of them.
  case follows(GradientRule)
  /// Every group follows each of these rules alike: the trace cannot tell them apart, and is
  /// inconclusive (even when the correct rule is among them).
  case fits([GradientRule])
  /// Every group follows some rule, but no one rule explains them all.
  case groupsDisagree
  /// No rule explains these groups.
  case unexplained([ParameterGroup])
  /// The trace diverged at its first step, before anything could be compared.
  case nothingCompared

  /// Whether the trace follows the correct gradient and no other rule (the command's exit status
  /// 0); a trace that fits several rules alike is inconclusive, not correct.
  public var followsCorrectGradient: Bool { self == .follows(.correct) }

  /// The rules the trace follows: the one it follows, those it fits alike, or none.
  public var rules: [GradientRule] {
    switch self {
    case .follows(let rule): [rule]
    case .fits(let rules): rules
    default: []
    }
  }

  /// The verdict in a few words, for a status line: `follows rule original (both bugs)`.
  public var label: String {
    switch self {
    case .follows(.correct): "follows the correct rule"
    case .follows(.original): "follows rule original (both bugs)"
    case .follows(let rule): "follows rule \(rule.rawValue) (\(rule.bugDescription))"
    case .fits(let rules):
      "inconclusive: fits rules " + rules.map(\.rawValue).joined(separator: ", ")
    case .groupsDisagree: "groups follow different rules"
    case .unexplained(let groups):
      "no rule explains " + groups.map(\.rawValue).joined(separator: ", ")
    case .nothingCompared: "diverged at its first step"
    }
  }

  /// The verdict from the groups' diagnoses.
  init(groups: [GroupDiagnosis], steps: Int) {
    guard steps > 0 else {
      self = .nothingCompared
      return
    }
    let unexplained = groups.filter { !$0.isExplained }.map(\.group)
    guard unexplained.isEmpty else {
      self = .unexplained(unexplained)
      return
    }
    let common = GradientRule.allCases.filter { rule in
      groups.allSatisfy { $0.explainingRules.contains(rule) }
    }
    switch common.count {
    case 0: self = .groupsDisagree
    case 1: self = .follows(common[0])
    default: self = .fits(common)
    }
  }

  /// The verdict in plain language: a sentence, then (for a wrong rule) the lines that compute it
  /// and the corrected lines, in the original program's words.
  func explanation(groups: [GroupDiagnosis]) -> [String] {
    switch self {
    case .follows(.correct):
      return ["The trace follows the correct gradient: no bug found."]
    case .follows(let rule):
      let sentence: String
      switch rule {
      case .original:
        sentence =
          "The trace follows the original program's rule, with both of its bugs: the flipped sign of dE/dy "
          + "(it computes (y - layer3) and still subtracts, which is gradient ascent) and the "
          + "sigmoid of a sigmoid (σ'(σ(h)) where σ'(h) is meant)."
      case .sign:
        sentence =
          "The trace follows rule sign: the flipped sign of dE/dy (it computes (y - layer3) and "
          + "still subtracts, which is gradient ascent), without the sigmoid of a sigmoid."
      default:
        sentence =
          "The trace follows rule double-sigmoid: the sigmoid of a sigmoid (σ'(σ(h)) where σ'(h) "
          + "is meant), without the flipped sign."
      }
      return [sentence] + Self.lines(rule)
    case .fits(let rules):
      let shared = rules.sharedBugs
      let both = rules.count == 2 ? "both" : "all"
      let bugs =
        shared.isEmpty
        ? "\(both) have no bug"
        : "\(both) have the " + shared.map(\.name).joined(separator: " and ")
      return [
        "Inconclusive: the steps cannot tell rules \(GroupDiagnosis.list(rules.map(\.rawValue))) "
          + "apart (their updates differ by less than the tolerance and the rounding allowance at "
          + "every step: the updates are too small, or the rules compute them alike here); "
          + "\(bugs)."
      ]
    case .groupsDisagree:
      let parts = groups.map { group in
        "\(group.group.rawValue) follows \(GroupDiagnosis.list(group.explainingRules.map(\.rawValue)))"
      }
      return [
        "Each parameter group follows a rule, but no one rule explains them all: "
          + parts.joined(separator: ", ") + "."
      ]
    case .unexplained(let names):
      var sentence =
        "No known rule explains the updates of \(GroupDiagnosis.list(names.map(\.rawValue)))."
      if let first = groups.first(where: { !$0.isExplained })?.firstUnexplained {
        sentence += " At step \(first.step) the traced update of "
        sentence += "\(groups.first { !$0.isExplained }?.group.rawValue ?? "") is "
        switch first.pattern {
        case .constant(let factor):
          sentence += "\(NumberFormat.short(factor)) times the correct one: \(first.meaning)."
        default:
          sentence += "not a constant multiple of the correct one: \(first.meaning)."
        }
      }
      return [sentence]
    case .nothingCompared:
      return ["The trace diverged at its first step: there is no step to compare."]
    }
  }

  /// The lines `rule` computes and the corrected ones.
  static func lines(_ rule: GradientRule) -> [String] {
    let label =
      rule == .original
      ? "the original program's lines:" : "the lines it computes, in the original program's words:"
    return [label] + rule.backpropLines.map { "  " + $0 } + ["the corrected lines:"]
      + GradientRule.correct.backpropLines.map { "  " + $0 }
  }
}
