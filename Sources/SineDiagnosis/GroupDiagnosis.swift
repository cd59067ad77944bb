import SineNet

/// What a trace shows for one parameter group: which rules explain its updates, and on how many
/// steps.
public struct GroupDiagnosis: Sendable, Hashable {
  /// The group.
  public var group: ParameterGroup
  /// The steps each rule explains, in `GradientRule.allCases` order.
  public var matches: [GradientRule: Int]
  /// The steps compared.
  public var steps: Int
  /// The rules that explain every step, in `GradientRule.allCases` order; empty when none does.
  ///
  /// Several rules can explain a group alike: w2's and b2's updates do not involve σ', so
  /// `original` and `sign` (and `correct` and `double-sigmoid`) give them the same update.
  public var explainingRules: [GradientRule]
  /// The first step no rule explains, or nil.
  public var firstUnexplained: UnexplainedStep?

  /// Whether some rule explains every step.
  public var isExplained: Bool { !explainingRules.isEmpty }

  /// The bugs every explaining rule has: the bugs this group shows, whichever of those rules the
  /// program computes.
  public var bugs: [GradientBug] { explainingRules.sharedBugs }

  /// The rules that explain the most steps, in `GradientRule.allCases` order.
  public var bestRules: [GradientRule] {
    let most = matches.values.max() ?? 0
    return GradientRule.allCases.filter { matches[$0] == most }
  }

  /// One line for people, such as
  /// `w1: matches rule original (flipped sign of dE/dy and sigmoid of a sigmoid) on 1000/1000 steps`.
  public var summary: String {
    let name = group.rawValue
    let count = "\(steps)/\(steps) steps"
    switch explainingRules.count {
    case 0:
      let best = bestRules
      let most = best.first.flatMap { matches[$0] } ?? 0
      guard most > 0 else { return "\(name): no rule explains any of the \(steps) steps" }
      let rules = Self.list(best.map(\.rawValue))
      return
        "\(name): no rule explains every step (at best rule \(rules), on \(most)/\(steps) steps)"
    case 1:
      let rule = explainingRules[0]
      return "\(name): matches rule \(rule.rawValue) (\(rule.bugDescription)) on \(count)"
    case GradientRule.allCases.count:
      return "\(name): every rule gives the same update here, on \(count)"
    default:
      let rules = Self.list(explainingRules.map(\.rawValue))
      let shown = bugs.isEmpty ? "no bug" : bugs.map(\.name).joined(separator: " and ")
      return "\(name): \(shown) on \(count) (rules \(rules) give the same update here)"
    }
  }

  /// "a", "a and b", "a, b and c".
  static func list(_ words: [String]) -> String {
    guard let last = words.last else { return "" }
    let head = words.dropLast()
    return head.isEmpty ? last : head.joined(separator: ", ") + " and " + last
  }
}
