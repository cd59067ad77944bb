/// Whether a traced update is the one a rule computes, for one parameter group.
///
/// Updates, not parameters, are compared: a parameter near 1 that moves by 1e-6 would match any
/// rule to 1e-9 relative to itself. The test is on the largest element of each vector (so nothing
/// overflows, however large a diverging trace grows):
///
///     max |θ_traced − θ_rule| ≤ tolerance · max |θ_rule − θ_before| + 8ε · max |θ_before|
///
/// θ_traced − θ_rule is the difference of the two updates, computed without first rounding either
/// update. The last term, eight units in the last place of the parameters, allows for the rounding
/// of θ − η·g itself, which another program (NumPy) does as well as we do but not identically; an
/// update below it cannot tell the rules apart, and every rule matches it.
enum UpdateMatch {
  /// Whether the update `traced − before` matches `replayed − before` over `range`.
  @inline(__always)
  static func matches(
    before: UnsafeBufferPointer<Double>, traced: UnsafeBufferPointer<Double>,
    replayed: UnsafeBufferPointer<Double>, range: Range<Int>, tolerance: Double
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
    // A NaN difference (a replay that overflowed) fails the comparison, as it should.
    return difference <= tolerance * update + 8 * Double.ulpOfOne * size
  }
}
