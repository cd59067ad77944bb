/// How one formula has fared against a group's traced updates so far, with each sign and scale
/// the update may have: −η·g (the formula's own update), +η·g (its sign flipped) and −c·η·g for a
/// constant c it fits (a wrong scale).
struct Candidate: Sendable, Hashable {
  /// How a formula with a fixed sign has fared.
  enum Fit: Sendable, Hashable {
    /// Some step it does not explain: it is no longer tried.
    case failed
    /// Every step so far, within the allowance of the step's precision.
    case exact
    /// Every step so far, some only within a float32 program's allowance.
    case lowerPrecision

    /// Whether the fit still explains every step.
    var holds: Bool { self != .failed }

    /// The fit after a step that `exact` explains, or, failing that, that `lowerPrecision`
    /// does.
    mutating func record(exact: Bool, lowerPrecision: Bool) {
      guard holds else { return }
      if exact { return }
      self = lowerPrecision ? .lowerPrecision : .failed
    }
  }

  /// The update −η·g.
  var descent = Fit.exact
  /// The update +η·g.
  var ascent = Fit.exact
  /// The update −c·η·g, for the c every step allows; nil once no c does.
  var scaled: ScaleFit? = ScaleFit()

  /// Whether some sign or scale still explains every step.
  var isAlive: Bool { descent.holds || ascent.holds || scaled != nil }
}
