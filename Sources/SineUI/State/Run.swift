import SineNet

/// One training run as the view shows it: the trainer, its loss history, its mse and the last
/// network with every value finite.
public struct Run: Sendable {
  /// The training run.
  public internal(set) var trainer: Trainer
  /// The mse over the run, bounded in memory.
  public private(set) var history: LossHistory
  /// The network as last recorded with every value finite: what the plot keeps after a divergence.
  public private(set) var lastFiniteNetwork: Network
  /// The mse of the current network, refreshed by ``recordProgress()``.
  public private(set) var currentMSE: Double

  /// A run of `trainer` with an empty history but for its starting point.
  init(trainer: Trainer, historyCapacity: Int = 512) {
    self.trainer = trainer
    history = LossHistory(capacity: historyCapacity)
    lastFiniteNetwork = trainer.network
    currentMSE = trainer.meanSquaredError()
    history.record(step: trainer.stepCount, mse: currentMSE)
  }

  /// Replaces the loss history, for a run restored from a snapshot.
  mutating func restore(history: LossHistory) {
    self.history = history
  }

  /// Refreshes the mse, the loss history and the last finite network from the trainer.
  mutating func recordProgress() {
    if trainer.network.isFinite {
      lastFiniteNetwork = trainer.network
    }
    currentMSE = trainer.meanSquaredError()
    history.record(step: trainer.stepCount, mse: currentMSE)
  }
}
