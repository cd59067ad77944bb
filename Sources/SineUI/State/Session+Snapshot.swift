import SineFormats
import SineNet

// MARK: - Saving and continuing a run

extension Session {
  /// A session continuing `trainer` with the loss history `history` (oldest first), as a
  /// snapshot saved it.
  public init(trainer: Trainer, history: [LossHistory.Point], speed: Speed = .standard) {
    self.init(trainer: trainer, speed: speed)
    var restored = LossHistory(capacity: run.history.capacity)
    for point in history { restored.record(step: point.step, mse: point.mse) }
    restored.record(step: trainer.stepCount, mse: run.currentMSE)
    run.restore(history: restored)
  }

  /// A session continuing the run `snapshot` saved, with its loss history.
  ///
  /// - Precondition: the snapshot has no ``Snapshot/problem``.
  public init(snapshot: Snapshot, speed: Speed = .standard) {
    self.init(
      trainer: snapshot.trainer(),
      history: snapshot.historyPoints.map { LossHistory.Point(step: $0.step, mse: $0.mse) },
      speed: speed)
  }

  /// The main run as a snapshot: settings, step, parameters, random state and loss history.
  public var snapshot: Snapshot {
    Snapshot(trainer: trainer, history: history.plotted.map { ($0.step, $0.mse) })
  }

  /// What `s` asks for: a save of the main run; but a diverged run is not saved, since its
  /// parameters are not numbers JSON can hold and nothing could continue it, and the status line
  /// says so.
  mutating func saveRequest() -> Effect? {
    guard !trainer.hasDiverged else {
      notice = "not saved: the run diverged (r resets)"
      return nil
    }
    return .save(snapshot)
  }
}
