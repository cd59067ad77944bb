import CPlatform

/// The function the network learns, each chosen for what it teaches on a preset's range.
///
/// All but the sine are laid out on the data range, so that each shows its feature on `bias`'s
/// [0, 15) and on `tensorflow`'s [0, 1) alike; t = (x − low) / (high − low) is the position in it.
/// Every target stays within [−1, 1], so the plots keep one scale.
public enum Target: String, CaseIterable, Sendable, Codable {
  /// sin(x), the original question's. The default, and every preset's.
  case sin
  /// A square wave, +1 and −1 over thirds of the range: two sharp steps, which smooth units can
  /// only approach.
  case square
  /// |x − c| around the range's centre c, scaled to [0, 1]: one kink, which a ReLU unit makes
  /// exactly and sigmoid units only approximate.
  case kink
  /// A Gaussian bump in the middle of the range: a local feature on a flat floor.
  case bump
  /// A sawtooth, two ramps from −1 up to 1, each ending in a drop.
  case sawtooth

  /// The target at `x` for data over `range`.
  public func value(at x: Double, over range: Range<Double>) -> Double {
    let width = range.upperBound - range.lowerBound
    let t = width > 0 ? (x - range.lowerBound) / width : 0
    switch self {
    case .sin: return CPlatform.sin(x)
    case .square:
      let third = (3 * t).rounded(.down)
      return third.truncatingRemainder(dividingBy: 2) == 0 ? 1 : -1
    case .kink: return 2 * (t - 0.5).magnitude
    case .bump:
      let d = (t - 0.5) / 0.1
      return exp(-0.5 * d * d)
    case .sawtooth:
      let u = 2 * t
      return 2 * (u - u.rounded(.down)) - 1
    }
  }

  /// The target as the plot's legend names it.
  public var label: String {
    switch self {
    case .sin: "sin(x)"
    case .square: "square wave"
    case .kink: "kink |x-c|"
    case .bump: "bump"
    case .sawtooth: "sawtooth"
    }
  }

  /// The next target in the order sin, square, kink, bump, sawtooth, then sin again: the `f` key.
  public var next: Target { Self.allCases.after(self) }
}
