/// Whether a traced update is the one a formula computes, for one parameter group.
///
/// Updates, not parameters, are compared: a parameter near 1 that moves by 1e-6 would match any
/// rule to 1e-9 relative to itself. With U the traced update θ_after − θ_before and P = −c·η·g
/// the formula's, the test is on the largest element of each vector (so nothing overflows,
/// however large a diverging trace grows):
///
///     max |U − P| ≤ T · max |P| + 8ε · (max |θ_before| + max |P|)
///
/// T is the relative tolerance. The last term, eight units in the last place of the parameters and
/// of the update, allows for the rounding of η·g and of θ − η·g, which another program (NumPy)
/// does as well as we do but not identically; an update below it cannot tell formulas apart, and
/// every formula matches it. ε is the machine epsilon of the precision the trace's program computed
/// in: Double's, or Float's for a float32 step (``isSinglePrecision(_:)``).
///
/// For w1 and b1, whose gradient has the hidden units' slope in it, the parameters' magnitude is
/// joined by the largest update the group would have with a slope of 1: a slope computed from
/// the rounded activation, a(1 − a) or 1 − a² as NumPy and PyTorch compute it, is off by up to a
/// unit in the last place of 1, not of itself, once a unit saturates (a = 1 − 1e-13), and another
/// program (sinetui's trainer) computes it exactly.
///
/// The ``lowerPrecision()`` allowance is the same test with Float's ε, for a float32 program whose
/// trace is not all float32. Only a finite difference of a finite update matches: a replay that
/// overflows matches nothing, even a trace that overflowed alike.
struct UpdateMatch: Sendable {
  /// The relative tolerance T.
  var tolerance: Double
  /// The machine epsilon ε.
  var epsilon: Double

  /// The allowance of a float32 program's update in a trace whose values are not all float32:
  /// the same test with Float's ε.
  func lowerPrecision() -> UpdateMatch {
    UpdateMatch(tolerance: tolerance, epsilon: Double(Float.ulpOfOne))
  }

  /// The largest difference allowed between the traced update and one whose largest element is
  /// `update`, on parameters whose largest is `size`.
  @inline(__always)
  func allowance(update: Double, size: Double) -> Double {
    tolerance * update + 8 * epsilon * (size + update)
  }

  /// Whether a difference of `difference` is allowed: never when either is not finite.
  @inline(__always)
  func allows(difference: Double, update: Double, size: Double) -> Bool {
    // `inf <= inf` would otherwise count an overflow as a match, and NaN fails by itself.
    difference.isFinite && update.isFinite
      && difference <= allowance(update: update, size: size)
  }

  /// Whether every value is exactly a Float.
  ///
  /// A step whose values all are is a float32 program's (TensorFlow's default), whose rounding is
  /// Float's. A double-precision step has such values only by chance (about one in 2^29 per
  /// value), so a step of a few parameters does not pass for float32 by accident.
  static func isSinglePrecision(_ values: UnsafeBufferPointer<Double>) -> Bool {
    for value in values where Double(Float(value)) != value && !value.isNaN { return false }
    return true
  }
}
