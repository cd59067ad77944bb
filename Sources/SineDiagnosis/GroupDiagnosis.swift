import SineFormats
import SineNet

/// What a trace shows for one parameter group: the bugs that explain its updates, and how
/// sinetui's own rules fare on them.
public struct GroupDiagnosis: Sendable, Hashable {
  /// The group.
  public var group: ParameterGroup
  /// The steps compared.
  public var steps: Int
  /// The explanation with the fewest bugs that explains every step; nil when none does.
  public var explanation: GroupExplanation?
  /// Other explanations with as many bugs that explain every step alike: the trace cannot tell
  /// them from ``explanation``.
  public var alternatives: [GroupExplanation]
  /// Whether the steps say nothing: the correct updates are too small, next to the rounding of
  /// the parameters, to tell from their negatives (a group that never moved, or by a few units in
  /// the last place).
  public var isInconclusive: Bool
  /// The steps each of sinetui's rules explains.
  ///
  /// `correct` and `sign` are counted over the whole trace; `original` and `double-sigmoid` (the
  /// slope at the activation, with either sign) up to the step where both have missed one, after
  /// which the search no longer replays them. A rule that explains every step is counted at
  /// every step.
  public var matches: [GradientRule: Int]
  /// The first step the correct gradient does not explain, when no explanation fits; else nil.
  public var firstUnexplained: UnexplainedStep?

  /// Whether some explanation fits every step.
  public var isExplained: Bool { explanation != nil }

  /// The bugs this group shows, in catalog order: empty for the correct gradient, an inconclusive
  /// group or an unexplained one.
  public var bugs: [GradientBug] { isInconclusive ? [] : explanation?.bugs ?? [] }

  /// sinetui's rules that explain every step, in `GradientRule.allCases` order; empty when none
  /// does.
  public var explainingRules: [GradientRule] {
    GradientRule.allCases.filter { steps > 0 && matches[$0] == steps }
  }

  /// One line for people, such as
  /// `w1: flipped-sign and sigmoid-of-sigmoid, +η·e·w2·σ(a)(1−σ(a))·x, on 1000/1000 steps`.
  public var summary: String {
    let name = group.rawValue
    let count = "\(steps)/\(steps) steps"
    guard let explanation else {
      let correct = matches[.correct] ?? 0
      return "\(name): no known bug explains every step (the correct gradient explains "
        + "\(correct)/\(steps))"
    }
    if isInconclusive {
      return "\(name): inconclusive: the updates are too small to tell the correct gradient from "
        + "its negative, on \(count)"
    }
    var line =
      explanation.isCorrect
      ? "\(name): the correct gradient, \(explanation.update), on \(count)"
      : "\(name): \(Self.bugList(explanation)), \(explanation.update), on \(count)"
    if !alternatives.isEmpty {
      line += " (or alike: " + alternatives.map(Self.bugList).joined(separator: "; ") + ")"
    }
    return line
  }

  /// The bugs of `explanation` as a list, wrong-scale with its constant: `wrong-scale (c = 2)`.
  static func bugList(_ explanation: GroupExplanation) -> String {
    list(
      explanation.bugs.map { bug in
        guard bug == .wrongScale, let c = explanation.scale else { return bug.rawValue }
        return "wrong-scale (c = \(ScaleFit.text(c.magnitude)))"
      })
  }

  /// "a", "a and b", "a, b and c".
  static func list(_ words: [String]) -> String {
    guard let last = words.last else { return "" }
    let head = words.dropLast()
    return head.isEmpty ? last : head.joined(separator: ", ") + " and " + last
  }
}
