import SineNet

/// The diagnosis of a whole trace in one word.
public enum Verdict: Sendable, Hashable {
  /// Every group follows the correct gradient: no bug.
  case correct
  /// Every group is explained, and these bugs (in catalog order) explain them.
  case bugs([GradientBug])
  /// No known bug explains these groups (other groups may show bugs).
  case unexplained([ParameterGroup])
  /// These groups' updates are too small to tell the correct gradient from its negative; the
  /// others follow the correct gradient.
  case inconclusive([ParameterGroup])
  /// The trace diverged at its first step, before anything could be compared.
  case nothingCompared

  /// Whether the trace follows the correct gradient with no bug (the command's exit status 0).
  public var followsCorrectGradient: Bool { self == .correct }

  /// The verdict from the groups' diagnoses.
  init(groups: [GroupDiagnosis], steps: Int) {
    guard steps > 0 else {
      self = .nothingCompared
      return
    }
    let unexplained = groups.filter { !$0.isExplained }.map(\.group)
    if !unexplained.isEmpty {
      self = .unexplained(unexplained)
      return
    }
    let bugs = Set(groups.flatMap(\.bugs)).sorted()
    if !bugs.isEmpty {
      self = .bugs(bugs)
      return
    }
    let inconclusive = groups.filter(\.isInconclusive).map(\.group)
    self = inconclusive.isEmpty ? .correct : .inconclusive(inconclusive)
  }
}
