import Foundation
import SineNet

/// Snapshot files for the tests of the binary, written as JSON by hand rather than by the code
/// under test.
public enum SnapshotFixture {
  /// A valid snapshot of `trainer` as a JSON object.
  public static func object(of trainer: Trainer) -> [String: Any] {
    [
      "format": "sinetui-snapshot", "version": 1, "preset": trainer.preset.rawValue,
      "rule": trainer.rule.rawValue, "eta": trainer.eta, "seed": trainer.seed,
      "hidden": trainer.network.hidden, "step": trainer.stepCount, "w1": trainer.network.w1,
      "w2": trainer.network.w2, "b1": trainer.network.b1 as Any? ?? NSNull(),
      "b2": trainer.network.b2 as Any? ?? NSNull(), "generator": trainer.generator.state,
      "history": [[0, 0.5], [trainer.stepCount, 0.25]],
    ]
  }

  /// Writes `object` to `url` as JSON.
  public static func write(_ object: Any, to url: URL) throws {
    try JSONSerialization.data(withJSONObject: object).write(to: url)
  }
}
