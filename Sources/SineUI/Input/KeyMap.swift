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
    "a": .nextActivation,
    "o": .nextOptimizer,
    "m": .nextBatchSize,
    "f": .nextTarget,
    ">": .moreUnits,
    "<": .fewerUnits,
    "c": .toggleComparison,
    "s": .saveSnapshot,
    "g": .toggleGradientCheck,
    "d": .toggleDerivation,
    "u": .nextUnit,
    "U": .previousUnit,
    "h": .toggleHiddenUnits,
    "z": .toggleWideView,
    "e": .toggleExplanation,
    "?": .toggleHelp,
    "q": .quit,
  ]

  /// The keys and what they do, for the help overlay, in the order shown.
  public static let help: [(keys: String, action: String)] = [
    ("space n N", "pause / 1 or 1,000 steps while paused"),
    ("r p", "reset (new seed) / next preset (resets)"),
    ("b", "both of the original program's bugs on/off"),
    ("1 / 2", "flipped sign / sigmoid of a sigmoid alone"),
    ("+ - up down", "eta up / down: 1e-5 ... 10"),
    ("] [", "speed up / down: 1 ... 1M steps/s, max"),
    ("a o", "activation / optimizer: sgd momentum adam"),
    ("m f < >", "batch / target / fewer, more units (resets)"),
    ("c g d", "compare / gradient check / derivation"),
    ("h z e", "hidden units / 3x wider / why it fails"),
    ("u U s", "derivation's unit / save a snapshot"),
    ("? q Esc ^C", "this help / quit; ^Z suspends (fg resumes)"),
  ]

  /// The key line at the bottom of the screen, in the order shown, each entry with its rank.
  ///
  /// The higher the rank, the longer an entry stays when the line is too narrow for all: how to
  /// get help and how to quit stay longest.
  public static let summary: [(text: String, rank: Int)] = [
    ("space pause", 20), ("n step", 13), ("r reset", 14), ("b bugs", 19), ("1 sign", 18),
    ("2 sigsig", 17), ("+/- eta", 16), ("[/] speed", 12), ("p preset", 11), ("a act", 10),
    ("o opt", 9), ("m batch", 8), ("f target", 7), ("</> units", 6), ("e why", 15), ("d deriv", 5),
    ("? help", 30), ("q quit", 29),
  ]

  /// The key line while a trace is replayed: the trace sets the rule, η and the start, so their
  /// keys are not offered, nor the gradient check.
  public static let replaySummary: [(text: String, rank: Int)] = [
    ("space pause", 20), ("n/N step", 16), ("[/] speed", 15), ("h units", 13), ("z wide", 12),
    ("e why", 14), ("? help", 30), ("q quit", 29),
  ]
}
