/// How many SGD steps per second the view asks for, independent of the frame rate.
public enum Speed: Hashable, Sendable, Comparable {
  /// A fixed number of steps per second.
  case perSecond(Int)
  /// As many steps as each frame's time budget allows.
  case max

  /// The ladder `]` and `[` step through: 1, 10, 100, 1k, 10k, 100k, 1M, max.
  public static let ladder = Ladder<Speed>([
    .perSecond(1), .perSecond(10), .perSecond(100), .perSecond(1000), .perSecond(10_000),
    .perSecond(100_000), .perSecond(1_000_000), .max,
  ])

  /// The default: 100k steps per second.
  public static let standard = Speed.perSecond(100_000)

  /// The setting as the status line shows it: `100k/s`, `1M/s`, `max`.
  public var label: String {
    switch self {
    case .max: return "max"
    case .perSecond(let rate):
      switch rate {
      case 1_000_000...: return "\(rate / 1_000_000)M/s"
      case 1000...: return "\(rate / 1000)k/s"
      default: return "\(rate)/s"
      }
    }
  }

  /// Slower speeds sort first; `max` is the fastest.
  public static func < (lhs: Speed, rhs: Speed) -> Bool {
    switch (lhs, rhs) {
    case (.perSecond(let a), .perSecond(let b)): a < b
    case (.perSecond, .max): true
    case (.max, _): false
    }
  }
}
