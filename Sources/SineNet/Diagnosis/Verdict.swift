/// The diagnosis of a whole trace in one word, and in plain language.
public enum Verdict: Sendable, Hashable {
  /// Every group follows this one rule, and no other rule explains all of them.
  case follows(GradientRule)
  /// Every group follows each of these rules alike: the trace cannot tell them apart.
  case fits([GradientRule])
  /// Every group follows some rule, but no one rule explains them all.
  case groupsDisagree
  /// No rule explains these groups.
  case unexplained([ParameterGroup])
  /// The trace diverged at its first step, before anything could be compared.
  case nothingCompared

  /// Whether the trace follows the correct gradient (the command's exit status 0).
  public var followsCorrectGradient: Bool {
    switch self {
    case .follows(let rule): rule == .correct
    case .fits(let rules): rules.contains(.correct)
    default: false
    }
  }

  /// The verdict in a few words, for a status line: `follows rule seed (both bugs)`.
  public var label: String {
    switch self {
    case .follows(.correct): "follows the correct rule"
    case .follows(.seed): "follows rule seed (both bugs)"
    case .follows(let rule): "follows rule \(rule.rawValue) (\(rule.bugDescription))"
    case .fits(let rules): "fits rules " + rules.map(\.rawValue).joined(separator: ", ")
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
  /// and the corrected lines, in the seed's words.
  func explanation(groups: [GroupDiagnosis]) -> [String] {
    switch self {
    case .follows(.correct):
      return ["The trace follows the correct gradient: no bug found."]
    case .follows(let rule):
      let sentence: String
      switch rule {
      case .seed:
        sentence =
          "The trace follows the seed's rule, with both of its bugs: the flipped sign of dE/dy "
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
      let shared = GradientBug.allCases.filter { bug in rules.allSatisfy { $0.bugs.contains(bug) } }
      let bugs = shared.isEmpty ? "no bug" : shared.map(\.name).joined(separator: " and ")
      return [
        "The trace fits rules \(GroupDiagnosis.list(rules.map(\.rawValue))) alike (its steps "
          + "cannot tell them apart): \(bugs)."
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
          sentence += "\(Self.short(factor)) times the correct one: \(first.meaning)."
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
    let label = rule == .seed ? "the seed's lines:" : "the lines it computes, in the seed's words:"
    return [label] + rule.seedLines.map { "  " + $0 } + ["the corrected lines:"]
      + GradientRule.correct.seedLines.map { "  " + $0 }
  }

  /// A factor to four significant digits, without a trailing ".0": `2`, `-1`, `0.5`, `1.234`.
  static func short(_ value: Double) -> String {
    guard value.isFinite, value != 0 else { return "\(value)" }
    var scale = 1.0
    while (value * scale).magnitude < 1000 { scale *= 10 }
    while (value * scale).magnitude >= 10_000 { scale /= 10 }
    let text = "\((value * scale).rounded() / scale)"
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }
}
