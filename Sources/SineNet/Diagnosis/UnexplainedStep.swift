/// The first step at which no rule explains a parameter group's update: what the trace did against
/// what the correct gradient would have done.
public struct UnexplainedStep: Sendable, Hashable {
  /// The step (1 is the trace's line 2).
  public var step: Int
  /// The line of the trace the step is on.
  public var line: Int
  /// The update the trace shows, θ_after − θ_before, elementwise.
  public var traced: [Double]
  /// The update the correct rule computes from the same parameters and sample.
  public var correct: [Double]
  /// traced / correct elementwise; nil where the correct update is zero.
  public var ratios: [Double?]
  /// What the ratios say.
  public var pattern: RatioPattern

  /// What the elementwise ratio of a traced update to the correct one shows.
  public enum RatioPattern: Sendable, Hashable {
    /// The same factor for every element (to 1e-6): -1 is a flipped sign, a positive factor a
    /// wrong scale (η or a missing term).
    case constant(Double)
    /// Factors that differ from element to element: a wrong formula, not a wrong scale.
    case varying
    /// The correct update is zero here, so no ratio can be taken.
    case undefined
  }

  /// The agreement within which the ratios count as one constant factor.
  static let constancy = 1e-6

  /// The comparison of the traced update with the correct one, from the flat buffers.
  init(
    step: Int, line: Int, before: [Double], traced after: [Double], correct: [Double],
    range: Range<Int>
  ) {
    self.step = step
    self.line = line
    traced = range.map { after[$0] - before[$0] }
    self.correct = range.map { correct[$0] - before[$0] }
    ratios = zip(traced, self.correct).map { $1 == 0 ? nil : $0 / $1 }
    pattern = Self.pattern(traced: traced, correct: self.correct)
  }

  /// The ratio pattern, judged on the elements whose correct update is at least 1e-3 of the
  /// largest (the tiny ones carry mostly rounding).
  static func pattern(traced: [Double], correct: [Double]) -> RatioPattern {
    let largest = correct.reduce(0) { max($0, $1.magnitude) }
    guard largest > 0, largest.isFinite else { return .undefined }
    let ratios = zip(traced, correct).compactMap { t, c in
      c.magnitude >= 1e-3 * largest ? t / c : nil
    }
    guard let first = ratios.first, ratios.allSatisfy(\.isFinite) else { return .varying }
    let low = ratios.min() ?? first
    let high = ratios.max() ?? first
    let middle = (low + high) / 2
    return high - low <= constancy * middle.magnitude ? .constant(middle) : .varying
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
      if factor > 0 { return "a wrong scale (η or a missing term)" }
      return "a flipped sign and a wrong scale"
    case .varying: return "a wrong formula: the factor differs from parameter to parameter"
    case .undefined: return "the correct update is zero here"
    }
  }
}
