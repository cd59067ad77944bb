import SineNet

/// One bug a diagnosis found: the groups it explains, and the advice that goes with it.
public struct BugFinding: Sendable, Hashable {
  /// The bug.
  public var bug: GradientBug
  /// The groups whose updates show it, in the order w1, w2, b1, b2.
  public var groups: [ParameterGroup]
  /// For a wrong scale, the constant c in −c·η·g that these groups share; else nil.
  public var scale: Double?
  /// What the code computes, the fix and what the bug does to learning.
  public var advice: BugAdvice

  /// The findings in `groups`, in catalog order: one per bug, and one per constant for a wrong
  /// scale that differs from group to group.
  static func findings(
    in groups: [GroupDiagnosis], activation: Activation, batch: Int, hidden: Int
  ) -> [BugFinding] {
    var findings: [BugFinding] = []
    for bug in GradientBug.allCases {
      var scales: [Double?] = []
      var members: [[ParameterGroup]] = []
      for group in groups where group.bugs.contains(bug) {
        let scale = bug == .wrongScale ? group.explanation?.scale : nil
        if let index = scales.firstIndex(where: { ScaleFit.agree($0, scale) }) {
          members[index].append(group.group)
        } else {
          scales.append(scale)
          members.append([group.group])
        }
      }
      for (scale, shown) in zip(scales, members) {
        findings.append(
          BugFinding(
            bug: bug, groups: shown, scale: scale,
            advice: BugAdvice(
              bug, groups: shown, activation: activation, batch: batch, hidden: hidden,
              scale: scale)))
      }
    }
    return findings
  }

  /// The finding for people: its first line, then the fix and the effect.
  var lines: [String] {
    let shown = GroupDiagnosis.list(groups.map(\.rawValue))
    return [
      "\(bug.rawValue) in \(shown): \(advice.computes).",
      "  fix:    \(advice.fix)",
      "  effect: \(advice.effect).",
    ]
  }
}
