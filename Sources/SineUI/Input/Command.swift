/// Everything a person can ask of the view; keys map to these, and only these change the state.
public enum Command: Hashable, Sendable, CaseIterable {
  /// Pause or resume training.
  case togglePause
  /// One SGD step (while paused).
  case stepOnce
  /// 1,000 SGD steps (while paused).
  case stepThousand
  /// Fresh random weights from a new seed; the loss history restarts.
  case reset
  /// Both of the original program's bugs on, or both off.
  case toggleOriginalBugs
  /// The flipped sign on or off.
  case toggleSign
  /// The sigmoid of a sigmoid on or off.
  case toggleDoubleSigmoid
  /// η one rung up the ladder.
  case etaUp
  /// η one rung down the ladder.
  case etaDown
  /// Training speed one rung up.
  case speedUp
  /// Training speed one rung down.
  case speedDown
  /// The next preset, which resets.
  case nextPreset
  /// The next activation: sigmoid, tanh, relu.
  case nextActivation
  /// The next optimizer: sgd, momentum, adam.
  case nextOptimizer
  /// The next batch size: 1, 8, 32, 500.
  case nextBatchSize
  /// The next target function.
  case nextTarget
  /// One more step on the hidden-unit ladder, which resets.
  case moreUnits
  /// One step down the hidden-unit ladder, which resets.
  case fewerUnits
  /// Start or stop a second run from the same weights and samples with the other gradient rule.
  case toggleComparison
  /// Show or hide the live gradient check panel.
  case toggleGradientCheck
  /// Show or hide the derivation of the next step for one hidden unit, correct beside the rule.
  case toggleDerivation
  /// The derivation's next unit, in order of |w2| from the largest.
  case nextUnit
  /// The derivation's previous unit, in order of |w2| from the largest.
  case previousUnit
  /// Show or hide each hidden unit's share of the output.
  case toggleHiddenUnits
  /// Switch the plot between the data range and three times as wide around it.
  case toggleWideView
  /// Show or hide the overlay on the original program's three problems.
  case toggleExplanation
  /// Save the run to a snapshot file (the loop does the writing).
  case saveSnapshot
  /// Show or hide the help overlay.
  case toggleHelp
  /// Stop the process for the shell's job control (Ctrl-Z); `fg` brings the view back.
  case suspend
  /// Leave.
  case quit
  /// Leave because of Ctrl-C.
  case interrupt
}
