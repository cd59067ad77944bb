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
  /// The comparison run's output and loss.
  case comparison
  /// The training samples: faint.
  case sample
  /// One hidden unit's share of the output: faint, behind everything.
  case unit
  /// A value clamped at the plot's edge.
  case clamp
  /// The loss curve.
  case loss
  /// Something nobody may miss: a wrong rule on, a divergence.
  case warning
  /// A state worth noticing: paused.
  case notice
}
