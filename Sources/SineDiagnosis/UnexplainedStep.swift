import SineNet

/// The first step at which the correct gradient does not explain a parameter group's update.
///
/// What the trace did against what the correct gradient would have done; a diagnosis shows it for
/// a group that no known bug explains either.
public struct UnexplainedStep: Sendable, Hashable {
  /// The step (1 is the trace's line 2).
  public var step: Int
  /// The line of the trace the step is on.
  public var line: Int
  /// The update the trace shows, θ_after − θ_before, elementwise.
  public var traced: [Double]
  /// The update the correct gradient gives from the same parameters and samples.
  public var correct: [Double]
  /// traced / correct elementwise; nil where the correct update is zero.
  public var ratios: [Double?]
  /// What the ratios say.
  public var pattern: RatioPattern

  /// What the elementwise ratio of a traced update to the correct one shows.
  public enum RatioPattern: Sendable, Hashable {
    /// The same factor for every element (to 1e-6), over at least two elements or over
    /// ``confirmingSteps`` unexplained steps: -1 is a flipped sign, a positive factor a wrong
    /// scale (η or a missing term).
    case constant(Double)
    /// One element's factor, at fewer than ``confirmingSteps`` unexplained steps: a wrong scale
    /// and a wrong formula look alike on one number.
    case unconfirmed(Double)
    /// Factors that differ from element to element, or from step to step: a wrong formula, not a
    /// wrong scale.
    case varying
    /// Every factor within ``lowerPrecision`` of 1, but not one constant: the correct update
    /// computed at a lower precision than the allowance expects.
    case lowerPrecision
    /// The traced update is zero where the correct one is not: the group is not updated.
    case notUpdated
    /// The correct update is zero here, so no ratio can be taken.
    case undefined
  }

  /// The agreement within which the ratios count as one constant factor.
  static let constancy = 1e-6

  /// How close to 1 every factor is for an update that is correct but computed at a lower
  /// precision.
  static let lowerPrecision = 1e-3

  /// The unexplained steps at which a single element's factor must stay the same to count as a
  /// constant factor.
  public static let confirmingSteps = 3

  /// The comparison of the traced update `traced` with the correct update `correct`.
  init(step: Int, line: Int, traced: [Double], correct: [Double]) {
    self.step = step
    self.line = line
    self.traced = traced
    self.correct = correct
    ratios = zip(traced, correct).map { $1 == 0 ? nil : $0 / $1 }
    pattern = Self.pattern(traced: traced, correct: correct)
  }

  /// The ratio pattern at one step, judged on the elements whose correct or traced update is at
  /// least 1e-3 of the largest (the tiny ones carry mostly rounding; a large traced update on a
  /// tiny correct one is kept, and makes the factor vary).
  static func pattern(traced: [Double], correct: [Double]) -> RatioPattern {
    let largest = correct.reduce(0) { max($0, $1.magnitude) }
    guard largest > 0, largest.isFinite else { return .undefined }
    let largestTraced = traced.reduce(0) { max($0, $1.magnitude) }
    if largestTraced == 0 { return .notUpdated }
    let ratios = zip(traced, correct).compactMap { t, c in
      c.magnitude >= 1e-3 * largest || t.magnitude >= 1e-3 * largestTraced ? t / c : nil
    }
    guard let first = ratios.first, ratios.allSatisfy(\.isFinite) else { return .varying }
    let low = ratios.min() ?? first
    let high = ratios.max() ?? first
    let middle = (low + high) / 2
    let nearOne = (low - 1).magnitude <= lowerPrecision && (high - 1).magnitude <= lowerPrecision
    if high - low <= constancy * middle.magnitude, ratios.count >= 2 { return .constant(middle) }
    if nearOne, (middle - 1).magnitude > constancy { return .lowerPrecision }
    if high - low <= constancy * middle.magnitude { return .unconfirmed(middle) }
    return .varying
  }

  /// The pattern once a later unexplained step, whose own pattern is `next`, is taken into
  /// account; `agreeing` counts the steps whose single factor has agreed so far, this one
  /// included when it agrees.
  static func pattern(
    _ pattern: RatioPattern, then next: RatioPattern, agreeing: inout Int
  ) -> RatioPattern {
    guard case .unconfirmed(let factor) = pattern else { return pattern }
    switch next {
    case .unconfirmed(let other), .constant(let other):
      guard (other - factor).magnitude <= constancy * factor.magnitude else { return .varying }
      agreeing += 1
      return agreeing >= confirmingSteps ? .constant(factor) : pattern
    case .varying: return .varying
    default: return pattern
    }
  }

  /// What the ratio means, in a few words: "a flipped sign", "a wrong scale (η or a missing
  /// term)", ...
  public var meaning: String {
    switch pattern {
    case .constant(let factor):
      if (factor + 1).magnitude <= Self.constancy { return "a flipped sign" }
      if (factor - 1).magnitude <= Self.constancy {
        return "the same update within rounding, outside the tolerance"
      }
      if (factor - 1).magnitude <= Self.lowerPrecision {
        return "the correct update at lower precision"
      }
      if factor > 0 { return "a wrong scale (η or a missing term)" }
      return "a flipped sign and a wrong scale"
    case .unconfirmed:
      return "one number's factor, at too few unexplained steps to tell a wrong scale from a "
        + "wrong formula"
    case .varying:
      return "a wrong formula: the factor differs from parameter to parameter or step to step"
    case .lowerPrecision: return "the correct update at lower precision"
    case .notUpdated: return "the traced update is zero: the group is not updated"
    case .undefined: return "the correct update is zero here"
    }
  }
}
