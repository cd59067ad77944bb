/// Tick values for an axis: multiples of a 1-2-2.5-5 step, about as many as fit.
///
/// A value type with no storage of its own, so that drawing ticks allocates nothing.
struct Ticks: Sequence {
  /// The first tick.
  let first: Double
  /// The distance between ticks.
  let step: Double
  /// How many ticks there are.
  let count: Int

  /// The multiples of a round step inside [`lower`, `upper`], at most about `maxCount` of them;
  /// none for a non-finite or empty range.
  init(lower: Double, upper: Double, maxCount: Int) {
    guard lower.isFinite, upper.isFinite, upper > lower, maxCount >= 1 else {
      (first, step, count) = (0, 1, 0)
      return
    }
    let rough = (upper - lower) / Double(Swift.max(maxCount - 1, 1))
    guard rough.isFinite, rough > 0 else {
      (first, step, count) = (0, 1, 0)
      return
    }
    var magnitude = 1.0
    while magnitude > rough { magnitude /= 10 }
    while magnitude * 10 <= rough { magnitude *= 10 }
    let step: Double
    if magnitude >= rough {
      step = magnitude
    } else if 2 * magnitude >= rough {
      step = 2 * magnitude
    } else if 2.5 * magnitude >= rough {
      step = 2.5 * magnitude
    } else if 5 * magnitude >= rough {
      step = 5 * magnitude
    } else {
      step = 10 * magnitude
    }
    let firstIndex = (lower / step).rounded(.up)
    let lastIndex = (upper / step + 1e-9).rounded(.down)
    self.step = step
    first = firstIndex * step == 0 ? 0 : firstIndex * step
    count =
      lastIndex >= firstIndex ? Int(Swift.min(lastIndex - firstIndex + 1, Double(maxCount))) : 0
  }

  /// Walks the ticks from the first.
  struct Iterator: IteratorProtocol {
    let ticks: Ticks
    var index = 0

    mutating func next() -> Double? {
      guard index < ticks.count else { return nil }
      defer { index += 1 }
      let value = ticks.first + Double(index) * ticks.step
      return value == 0 ? 0 : value
    }
  }

  func makeIterator() -> Iterator {
    Iterator(ticks: self)
  }

  /// The number of decimals that show the step exactly enough (0 for whole steps, at most 3).
  var decimals: Int {
    var decimals = 0
    var scaled = step
    while decimals < 3, (scaled - scaled.rounded()).magnitude > 1e-9 {
      scaled *= 10
      decimals += 1
    }
    return decimals
  }
}
