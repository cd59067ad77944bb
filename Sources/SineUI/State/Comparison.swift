import SineNet

// MARK: - The comparison run

extension Session {
  /// The rule the comparison runs: the original program's when the main run is correct, else the
  /// correct one.
  public static func comparisonRule(for rule: GradientRule) -> GradientRule {
    rule == .correct ? .original : .correct
  }

  /// A comparison for `run`: a copy of its trainer, so the same weights and the same samples from
  /// here on, with the other rule.
  static func comparison(for run: Run) -> Run {
    var trainer = run.trainer
    trainer.rule = comparisonRule(for: trainer.rule)
    return Run(trainer: trainer, historyCapacity: run.history.capacity)
  }

  /// Starts a comparison from the main run as it stands, or ends the one going.
  mutating func toggleComparison() {
    comparison = comparison == nil ? Self.comparison(for: run) : nil
  }

  /// Sets the main run's rule, and keeps the comparison on the other one.
  mutating func setRule(_ rule: GradientRule) {
    run.trainer.rule = rule
    comparison?.trainer.rule = Self.comparisonRule(for: rule)
  }
}
