/// Tick values for an axis: round numbers, about as many as fit.
enum Ticks {
  /// Multiples of a 1-2-5 step inside [`lower`, `upper`], at most `maxCount` of them (at least 2
  /// when the range allows); empty for a non-finite or empty range.
  static func linear(lower: Double, upper: Double, maxCount: Int) -> (
    values: [Double], step: Double
  ) {
    guard lower.isFinite, upper.isFinite, upper > lower, maxCount >= 1 else { return ([], 1) }
    let rough = (upper - lower) / Double(max(maxCount - 1, 1))
    var magnitude = 1.0
    while magnitude > rough { magnitude /= 10 }
    while magnitude * 10 <= rough { magnitude *= 10 }
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
    var values: [Double] = []
    var k = (lower / step).rounded(.up)
    while k * step <= upper + step * 1e-9, values.count <= maxCount {
      values.append(k * step == 0 ? 0 : k * step)
      k += 1
    }
    return (values, step)
  }

  /// The number of decimals that show `step` exactly enough (0 for whole steps, at most 3).
  static func decimals(for step: Double) -> Int {
    var decimals = 0
    var scaled = step
    while decimals < 3, (scaled - scaled.rounded()).magnitude > 1e-9 {
      scaled *= 10
      decimals += 1
    }
    return decimals
  }
}
