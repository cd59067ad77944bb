import Foundation
import SineFormats
import SineNet
import TestSupport
import Testing

@Suite("Snapshots and the loss table, end to end")
struct SnapshotTests {
  /// A valid snapshot of `trainer` as a JSON object.
  static func snapshot(of trainer: Trainer) -> [String: Any] {
    [
      "format": "sinetui-snapshot", "version": 1, "preset": trainer.preset.rawValue,
      "rule": trainer.rule.rawValue, "eta": trainer.eta, "seed": trainer.seed,
      "hidden": trainer.network.hidden, "step": trainer.stepCount, "w1": trainer.network.w1,
      "w2": trainer.network.w2, "b1": trainer.network.b1 as Any? ?? NSNull(),
      "b2": trainer.network.b2 as Any? ?? NSNull(), "generator": trainer.generator.state,
      "history": [[0, 0.5], [trainer.stepCount, 0.25]],
    ]
  }

  static func write(_ object: Any, to url: URL) throws {
    try JSONSerialization.data(withJSONObject: object).write(to: url)
  }

  @Test(
    "A loaded snapshot takes exactly the steps the run would have taken",
    arguments: [Preset.bias, .numpy])
  func continuesExactly(preset: Preset) throws {
    try withTemporaryFolder { folder in
      var trainer = Trainer(preset: preset, seed: 31)
      trainer.train(steps: 500)
      // The JSON parser may round a double differently: write the parameters as Swift prints them.
      var text = String(
        decoding: try JSONSerialization.data(withJSONObject: Self.snapshot(of: trainer)),
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

  @Test(
    "A bad snapshot gets one line naming the file and the problem, and its exit code",
    arguments: [
      ("missing", 66, "no such file"),
      ("folder", 66, "not a regular file"),
      ("not JSON", 65, "not JSON it can read"),
      ("wrong shape", 65, "the key 'preset' is missing"),
      ("hidden 65", 65, "hidden is 65, outside 1...64"),
      ("hidden 0", 65, "hidden is 0, outside 1...64"),
      ("arrays differ", 65, "w1 and w2 must each hold 2 numbers"),
      ("NaN as a string", 65, "'eta' has the wrong type"),
      ("too large", 65, "larger than 4 MB"),
      ("100 MB", 65, "larger than 4 MB"),
      ("zero bytes", 65, "not JSON it can read"),
      ("truncated", 65, "not JSON it can read"),
      ("w1 holds a string", 65, "'w1.Index 1' has the wrong type"),
      ("hidden as a string", 65, "'hidden' has the wrong type"),
      ("generator holds a negative number", 65, "a number in it is out of range for its key"),
      ("a step beyond a whole number", 65, "a number in it is out of range for its key"),
      (
        "a step near Int.max", 65,
        "step is 9223372036854575807, outside 0...1000000000000000000"
      ),
      ("a negative step", 65, "step is -1, outside 0...1000000000000000000"),
      ("a history step beyond the step limit", 65, "history must be [step, mse] pairs"),
      ("history holds a triple", 65, "history must be [step, mse] pairs"),
      ("a history step beyond Int", 65, "history must be [step, mse] pairs"),
      ("deeply nested", 65, "not JSON it can read"),
      ("zero generator", 65, "generator must be four words"),
      ("a number beyond a Double", 65, "not JSON it can read"),
    ] as [(String, Int32, String)])
  func badSnapshots(kind: String, status: Int32, problem: String) throws {
    try withTemporaryFolder { folder in
      let file = folder.appendingPathComponent("snap.json")
      var object = Self.snapshot(of: Trainer(preset: .bias, seed: 2, hidden: 2))
      switch kind {
      case "missing": break
      case "folder":
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
      case "not JSON": try Data("step 5, eta 0.01".utf8).write(to: file)
      case "wrong shape": try Self.write(["format": "sinetui-snapshot", "version": 1], to: file)
      case "too large": try Data(repeating: UInt8(ascii: " "), count: 5 << 20).write(to: file)
      case "100 MB":
        // Sparse: the size is what is checked, before a byte is read.
        try Data().write(to: file)
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 100 << 20)
        try handle.close()
      case "zero bytes": try Data().write(to: file)
      case "truncated":
        let whole = try JSONSerialization.data(withJSONObject: object)
        try whole.prefix(whole.count / 2).write(to: file)
      case "a number beyond a Double":
        let text = String(
          decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        try Data(text.replacingOccurrences(of: "\"eta\":0.01", with: "\"eta\":1e999").utf8).write(
          to: file)
      case "deeply nested":
        try Data((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)
          .write(to: file)
      default:
        switch kind {
        case "hidden 65": object["hidden"] = 65
        case "hidden 0": object["hidden"] = 0
        case "arrays differ": object["w2"] = [0.5]
        case "NaN as a string": object["eta"] = "NaN"
        case "zero generator": object["generator"] = [0, 0, 0, 0]
        case "w1 holds a string": object["w1"] = [0.5, "0.25"]
        case "hidden as a string": object["hidden"] = "2"
        case "generator holds a negative number": object["generator"] = [-1, 2, 3, 4]
        case "a step beyond a whole number": object["step"] = 1e300
        case "a step near Int.max": object["step"] = Int.max - 200_000
        case "a negative step": object["step"] = -1
        case "a history step beyond the step limit": object["history"] = [[2e18, 0.5]]
        case "history holds a triple": object["history"] = [[0, 0.5, 1]]
        case "a history step beyond Int": object["history"] = [[1e300, 0.5]]
        default: Issue.record("unknown case \(kind)")
        }
        try Self.write(object, to: file)
      }
      for command in [["train", "--steps", "10"], []] {
        let result = try BinaryRunner.run(command + ["--load", file.path], in: folder)
        #expect(result.status == status, "\(kind): \(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(kind): \(result.standardError)")
        #expect(
          lines.first?.hasPrefix("sinetui: cannot load the snapshot '\(file.path)': ") == true)
        #expect(lines.first?.contains(problem) == true, "\(kind): \(result.standardError)")
      }
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
