import Foundation
import SineFormats
import SineNet
import TestSupport
import Testing

@Suite("Snapshots and the loss table, end to end")
struct SnapshotTests {
  @Test(
    "A loaded snapshot takes exactly the steps the run would have taken",
    arguments: [Preset.bias, .numpy])
  func continuesExactly(preset: Preset) throws {
    try withTemporaryFolder { folder in
      var trainer = Trainer(preset: preset, seed: 31)
      trainer.train(steps: 500)
      // The JSON parser may round a double differently: write the parameters as Swift prints them.
      var text = String(
        decoding: try JSONSerialization.data(withJSONObject: SnapshotFixture.object(of: trainer)),
        as: UTF8.self)
      for (key, values) in [("w1", trainer.network.w1), ("w2", trainer.network.w2)] {
        let exact = "\"\(key)\":[" + values.map { "\($0)" }.joined(separator: ",") + "]"
        text = text.replacingOccurrences(
          of: "\"\(key)\":\\[[^\\]]*\\]", with: exact, options: .regularExpression)
      }
      if let b1 = trainer.network.b1 {
        let exact = "\"b1\":[" + b1.map { "\($0)" }.joined(separator: ",") + "]"
        text = text.replacingOccurrences(
          of: "\"b1\":\\[[^\\]]*\\]", with: exact, options: .regularExpression)
        text = text.replacingOccurrences(
          of: "\"b2\":[^,}]*", with: "\"b2\":\(trainer.network.b2 ?? 0)",
          options: .regularExpression)
      }
      try text.write(
        to: folder.appendingPathComponent("snap.json"), atomically: true, encoding: .utf8)
      let continued = try BinaryRunner.run(
        [
          "train", "--load", "snap.json", "--steps", "200", "--trace", "continued.jsonl",
          "--trace-steps", "200",
        ], in: folder)
      #expect(continued.status == 0, "\(continued.standardError)")
      let whole = try BinaryRunner.run(
        [
          "train", "--preset", preset.rawValue, "--seed", "31", "--steps", "700", "--trace",
          "whole.jsonl", "--trace-steps", "700",
        ], in: folder)
      #expect(whole.status == 0)
      let continuedLines = try String(
        contentsOf: folder.appendingPathComponent("continued.jsonl"), encoding: .utf8
      )
      .split(separator: "\n")
      let wholeLines = try String(
        contentsOf: folder.appendingPathComponent("whole.jsonl"), encoding: .utf8
      )
      .split(separator: "\n")
      #expect(continuedLines.count == 201)
      #expect(Array(continuedLines.dropFirst()) == Array(wholeLines.suffix(200)))
      #expect(continued.standardOutput.contains("after 700 steps"))
    }
  }

  @Test(
    "A snapshot of Adam with a mini-batch, tanh and another target continues bit for bit",
    arguments: [Optimizer.adam, .momentum])
  func continuesWithOptimizerState(optimizer: Optimizer) throws {
    try withTemporaryFolder { folder in
      var trainer = Trainer(
        preset: .bias, seed: 17, activation: .tanh, optimizer: optimizer, batchSize: 8,
        target: .kink)
      trainer.train(steps: 500)
      #expect(trainer.optimizerState.first.contains { $0 != 0 })
      let snapshot = Snapshot(
        trainer: trainer, history: [(0, 0.5), (500, trainer.meanSquaredError())])
      try snapshot.json.write(
        to: folder.appendingPathComponent("snap.json"), atomically: true, encoding: .utf8)
      let continued = try BinaryRunner.run(
        ["train", "--load", "snap.json", "--steps", "200", "--json"], in: folder)
      #expect(continued.status == 0, "\(continued.standardError)")
      let whole = try BinaryRunner.run(
        [
          "train", "--seed", "17", "--activation", "tanh", "--optimizer", optimizer.rawValue,
          "--batch", "8", "--target", "kink", "--steps", "700", "--json",
        ], in: folder)
      #expect(whole.status == 0, "\(whole.standardError)")
      let a = try JSONDecoder().decode(Summary.self, from: Data(continued.standardOutput.utf8))
      let b = try JSONDecoder().decode(Summary.self, from: Data(whole.standardOutput.utf8))
      #expect(a.mse != nil)
      #expect(a.mse?.bitPattern == b.mse?.bitPattern)
      // Without the optimizer's memory the continuation would differ.
      var forgetful = snapshot
      forgetful.optimizerState = nil
      try forgetful.json.write(
        to: folder.appendingPathComponent("forgetful.json"), atomically: true, encoding: .utf8)
      let fresh = try BinaryRunner.run(
        ["train", "--load", "forgetful.json", "--steps", "200", "--json"], in: folder)
      let c = try JSONDecoder().decode(Summary.self, from: Data(fresh.standardOutput.utf8))
      #expect(c.mse != a.mse)
    }
  }

  @Test("--loss-csv writes step,mse at every progress line, as the run computed them")
  func lossTable() throws {
    try withTemporaryFolder { folder in
      let result = try BinaryRunner.run(
        [
          "train", "--seed", "9", "--steps", "3500", "--print-every", "1000", "--loss-csv",
          "loss.csv",
        ],
        in: folder)
      #expect(result.status == 0)
      let rows = try String(contentsOf: folder.appendingPathComponent("loss.csv"), encoding: .utf8)
        .split(separator: "\n").map(String.init)
      #expect(rows.first == "step,mse")
      var trainer = Trainer(preset: .bias, seed: 9)
      var expected = ["step,mse"]
      for stop in [1000, 2000, 3000, 3500] {
        trainer.train(steps: stop - trainer.stepCount)
        expected.append("\(stop),\(trainer.meanSquaredError())")
      }
      #expect(rows == expected)
    }
  }
}
