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
  /// Where and under what the run diverged, once ``recordProgress()`` has seen it.
  public private(set) var divergence: Divergence?

  /// A divergence: the step, and the rule and η that were in use then.
  public struct Divergence: Sendable, Hashable {
    /// The step at which the loss or a parameter stopped being finite.
    public var step: Int
    /// The rule the run diverged under.
    public var rule: GradientRule
    /// The learning rate the run diverged under.
    public var eta: Double
  }

  /// A run of `trainer` with an empty history but for its starting point.
  init(trainer: Trainer, historyCapacity: Int = 512) {
    self.trainer = trainer
    history = LossHistory(capacity: historyCapacity)
    lastFiniteNetwork = trainer.network
    currentMSE = trainer.meanSquaredError()
    history.record(step: trainer.stepCount, mse: currentMSE)
  }

  /// The trainer as it was before the steps since the last record: the start a divergence's climb
  /// is replayed from.
  private var checkpoint: Trainer?

  /// How many points of a divergence's climb are recorded, at most.
  static let climbPoints = 128

  /// Takes up to `steps` steps, keeping the state before the first of a frame's steps.
  mutating func train(steps: Int) -> Int {
    if checkpoint == nil { checkpoint = trainer }
    return trainer.train(steps: steps)
  }

  /// Replaces the loss history, for a run restored from a snapshot.
  mutating func restore(history: LossHistory) {
    self.history = history
  }

  /// Refreshes the mse, the loss history and the last finite network from the trainer.
  ///
  /// When the run diverged since the last record, the steps up to the divergence are taken again
  /// from the checkpoint, and the mse along the way is recorded: the climb is drawn however many
  /// steps a frame held.
  mutating func recordProgress() {
    if let start = checkpoint, !start.hasDiverged, trainer.hasDiverged {
      recordClimb(from: start)
    }
    checkpoint = nil
    // No key is read between the steps of one frame, so the settings now are those it diverged
    // under; the first record after the divergence keeps them, whatever the keys do later.
    if divergence == nil, let step = trainer.divergedAtStep {
      divergence = Divergence(step: step, rule: trainer.rule, eta: trainer.eta)
    }
    if trainer.network.isFinite {
      lastFiniteNetwork = trainer.network
    }
    currentMSE = trainer.meanSquaredError()
    history.record(step: trainer.stepCount, mse: currentMSE)
  }

  /// Replays the steps from `start` to just before the divergence (the same samples: the trainer
  /// is a value), recording the mse at up to ``climbPoints`` evenly spaced steps.
  private mutating func recordClimb(from start: Trainer) {
    guard let diverged = trainer.divergedAtStep else { return }
    var replay = start
    let last = diverged - 1
    let stride = max(1, (last - start.stepCount) / Self.climbPoints)
    while replay.stepCount < last {
      replay.train(steps: min(stride, last - replay.stepCount))
      guard !replay.hasDiverged, replay.network.isFinite else { return }
      lastFiniteNetwork = replay.network
      history.record(step: replay.stepCount, mse: replay.meanSquaredError())
    }
  }
}
