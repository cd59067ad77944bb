import Foundation
import SineNet
import TestSupport
import Testing

/// `diagnose` on traces `train --trace` writes with every activation and batch size, under each
/// rule: 45 runs of the binary, so they run with the slow suites.
@Suite("sinetui diagnose, every activation and batch")
struct DiagnoseSettingsTests {
  @Test(
    "Traces of tanh and ReLU units and of mini-batches, from train --trace, under each rule",
    arguments: [
      ("tanh", 1), ("tanh", 8), ("relu", 1), ("relu", 8), ("sigmoid", 8),
    ] as [(String, Int)], [GradientRule.correct, .sign, .doubleSigmoid])
  func activationsAndBatches(setting: (String, Int), rule: GradientRule) throws {
    let (activation, batch) = setting
    try withTemporaryFolder { folder in
      try BinaryRunner.trainWithTrace(
        [
          "--activation", activation, "--batch", "\(batch)", "--gradient", rule.rawValue,
          "--seed", "5", "--steps", "300",
        ], in: folder)
      let result = try BinaryRunner.run(["diagnose", "--json", "t.jsonl"], in: folder)
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
      #expect(object["activation"] as? String == activation)
      #expect(object["batch"] as? Int == batch)
      // The slope at the activation is the tanh of a tanh for tanh units, and the true slope
      // again for ReLU.
      let slip: [String] =
        switch activation {
        case "sigmoid": ["sigmoid-of-sigmoid"]
        case "tanh": ["tanh-of-tanh"]
        default: []
        }
      let expected: [String] =
        switch rule {
        case .sign: ["flipped-sign"]
        case .doubleSigmoid: slip
        default: []
        }
      #expect(object["bugs"] as? [String] == expected, "\(result.standardOutput)")
      #expect(result.status == (expected.isEmpty ? 0 : 1))
      // ReLU units under gradient ascent diverge within a few steps: the steps before count.
      let steps = try #require(object["steps"] as? Int)
      #expect(steps == 300 || object["divergedAtStep"] as? Int == steps + 1)
      let text = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(
        text.standardOutput.hasPrefix(
          "trace t.jsonl: \(steps) steps compared, hidden 10 with biases, \(activation), "
            + "batch \(batch), "))
    }
  }
}
