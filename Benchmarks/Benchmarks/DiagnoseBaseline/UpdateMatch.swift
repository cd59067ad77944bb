import SineNet

/// Whether a traced update is the one a rule computes, for one parameter group.
///
/// Updates, not parameters, are compared: a parameter near 1 that moves by 1e-6 would match any
/// rule to 1e-9 relative to itself. The test is on the largest element of each vector (so nothing
/// overflows, however large a diverging trace grows):
///
///     max |θ_traced − θ_rule| ≤ tolerance · max |θ_rule − θ_before|
///                               + 8ε · (max |θ_before| + max |θ_rule − θ_before|)
///
/// θ_traced − θ_rule is the difference of the two updates, computed without first rounding either
/// update. The last term, eight units in the last place of the parameters and of the update, allows
/// for the rounding of η·g and of θ − η·g, which another program (NumPy) does as well as we do but not identically; an
/// update below it cannot tell the rules apart, and every rule matches it. ε is the machine epsilon
/// of the precision the trace's program computed in: Double's, or Float's for a float32 step (see
/// ``isSinglePrecision(_:)``).
///
/// Only a finite difference of a finite update matches: a replay that overflows matches nothing,
/// even a trace that overflowed alike.
enum UpdateMatch {
  /// Whether the update `traced − before` matches `replayed − before` over `range`.
  @inline(__always)
  static func matches(
    before: UnsafeBufferPointer<Double>, traced: UnsafeBufferPointer<Double>,
    replayed: UnsafeBufferPointer<Double>, range: Range<Int>, tolerance: Double,
    epsilon: Double = Double.ulpOfOne
  ) -> Bool {
    var difference = 0.0
    var update = 0.0
    var size = 0.0
    for i in range {
      // Not `max`, which drops a NaN: a NaN difference must stay NaN and fail.
      let gap = (traced[i] - replayed[i]).magnitude
      if !(gap <= difference) { difference = gap }
      update = max(update, (replayed[i] - before[i]).magnitude)
      size = max(size, before[i].magnitude)
    }
    // A NaN or infinite difference or update (a replay that overflowed) fails, as it should:
    // `inf <= inf` would otherwise count an overflow as a match.
    guard difference.isFinite, update.isFinite else { return false }
    return difference <= tolerance * update + 8 * epsilon * (size + update)
  }

  /// Whether every value is exactly a Float.
  ///
  /// A step whose values all are is a float32 program's (TensorFlow's default), whose rounding is
  /// Float's. A double-precision step has such values only by chance (about one
  /// in 2^29 per value), so a step of a few parameters does not pass for float32 by accident.
  static func isSinglePrecision(_ values: UnsafeBufferPointer<Double>) -> Bool {
    for value in values where Double(Float(value)) != value && !value.isNaN { return false }
    return true
  }
}
