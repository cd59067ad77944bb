/// Which command each key asks for.
public enum KeyMap {
  /// The command for `key`, or nil when the key means nothing here.
  public static func command(for key: Key) -> Command? {
    switch key {
    case .character(let character): characters[character]
    case .control(3): .interrupt
    case .control(26): .suspend
    case .escape: .quit
    case .up: .etaUp
    case .down: .etaDown
    case .control, .left, .right, .other: nil
    }
  }

  private static let characters: [Character: Command] = [
    " ": .togglePause,
    "n": .stepOnce,
    "N": .stepThousand,
    "r": .reset,
    "b": .toggleOriginalBugs,
    "1": .toggleSign,
    "2": .toggleDoubleSigmoid,
    "+": .etaUp,
    "=": .etaUp,
    "-": .etaDown,
    "]": .speedUp,
    "[": .speedDown,
    "p": .nextPreset,
    "c": .toggleComparison,
    "s": .saveSnapshot,
    "g": .toggleGradientCheck,
    "h": .toggleHiddenUnits,
    "z": .toggleWideView,
    "e": .toggleExplanation,
    "?": .toggleHelp,
    "q": .quit,
  ]

  /// The keys and what they do, for the help overlay, in the order shown.
  public static let help: [(keys: String, action: String)] = [
    ("space", "pause / resume"),
    ("n / N", "one step / 1,000 steps while paused"),
    ("r", "reset: new random weights, new seed"),
    ("b", "both of the original program's bugs on/off"),
    ("1 / 2", "flipped sign / sigmoid of a sigmoid alone"),
    ("+ - up down", "eta up / down: 1e-5 ... 10"),
    ("] [", "speed up / down: 1 ... 1M steps/s, max"),
    ("p", "next preset, resets: bias numpy tensorflow"),
    ("c g", "compare the other rule / gradient check"),
    ("h z e", "hidden units / 3x wider / why it fails"),
    ("s", "save a snapshot to sinetui-DATE-TIME.json"),
    ("? q Esc ^C", "this help / quit; ^Z suspends (fg resumes)"),
  ]

  /// The short key line while a trace is replayed: the trace sets the rule, η and the start, so
  /// their keys are not offered, nor the gradient check.
  public static let replaySummary =
    "space pause  n/N step  [/] speed  h units  z wide  e why  ? help  q quit"

  /// The short key line at the bottom of the screen.
  public static let summary =
    "space pause  n step  r reset  b bugs  1 sign  2 sigsig  +/- eta  [/] speed  p preset  e why  ? help  q quit"
}
