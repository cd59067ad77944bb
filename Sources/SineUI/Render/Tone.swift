/// What a cell shows, which the terminal turns into colour and attributes as it can.
public enum Tone: Hashable, Sendable, CaseIterable {
  /// Ordinary text.
  case plain
  /// Axes, frames and tick marks.
  case axis
  /// The true sin(x).
  case truth
  /// The network's output.
  case network
  /// The training samples: faint.
  case sample
  /// A value clamped at the plot's edge.
  case clamp
  /// The loss curve.
  case loss
  /// Something nobody may miss: a seed rule on, a divergence.
  case warning
  /// A state worth noticing: paused.
  case notice
}

/// One terminal cell: a single-column character and how it is shown.
///
/// The character is one Unicode scalar (every glyph sinetui draws is one), which keeps a cell
/// small and free of reference counting: a 200x60 frame is 12,000 of them, redrawn 30 times a
/// second.
public struct Cell: Hashable, Sendable {
  /// The character, one column wide.
  public var scalar: Unicode.Scalar
  /// How it is shown.
  public var tone: Tone

  /// A cell showing `scalar` in `tone`.
  public init(_ scalar: Unicode.Scalar, _ tone: Tone = .plain) {
    self.scalar = scalar
    self.tone = tone
  }

  /// An empty cell.
  public static let blank = Cell(" ")
}
