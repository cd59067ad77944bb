/// A linear map from data values to dot positions that never lets a non-finite value reach an
/// integer conversion, and says when it clamped a value to the edge.
public struct Scale: Sendable, Hashable {
  /// Where a value landed.
  public enum Position: Hashable, Sendable {
    /// Within range, at this dot.
    case inside(Int)
    /// Below the range: clamped to the first dot.
    case below
    /// Above the range: clamped to the last dot.
    case above
  }

  /// The data value at the start of the first dot.
  public let lower: Double
  /// The data value at the end of the last dot.
  public let upper: Double
  /// The number of dots.
  public let dots: Int

  /// A scale mapping [`lower`, `upper`] onto `dots` dots.
  public init(lower: Double, upper: Double, dots: Int) {
    self.lower = lower
    self.upper = upper
    self.dots = max(dots, 1)
  }

  /// The dot for `value`; nil for NaN or an unusable scale.
  public func position(of value: Double) -> Position? {
    guard value.isFinite, lower.isFinite, upper.isFinite, upper > lower else {
      if value == .infinity { return .above }
      if value == -.infinity { return .below }
      return nil
    }
    let t = (value - lower) / (upper - lower) * Double(dots)
    // Ranges near the largest Double can overflow to infinity or NaN here.
    guard !t.isNaN else { return nil }
    if t < 0 { return .below }
    if t >= Double(dots) { return t == Double(dots) ? .inside(dots - 1) : .above }
    return .inside(Int(t))
  }

  /// The dot for `value`, clamped to the range; nil for NaN.
  public func clampedDot(of value: Double) -> Int? {
    switch position(of: value) {
    case .inside(let dot): dot
    case .below: 0
    case .above: dots - 1
    case nil: nil
    }
  }

  /// The data value at the centre of dot `dot`.
  public func value(atDot dot: Int) -> Double {
    lower + (Double(dot) + 0.5) / Double(dots) * (upper - lower)
  }
}
