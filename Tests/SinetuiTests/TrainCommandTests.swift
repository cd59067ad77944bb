import Foundation
import SineNet
import SineUI
import TestSupport
import Testing

@Suite("sinetui train and check, end to end")
struct TrainCommandTests {
  @Test("An output that cannot be written is an I/O error (74), not a closed pipe")
  func unwritableOutput() throws {
    let process = Process()
    process.executableURL = BinaryRunner.executable
    process.arguments = ["train", "--steps", "1000", "--print-every", "100"]
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
    let error = Pipe()
    process.standardError = error
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 74)
    let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(message == "sinetui: cannot write the output: No space left on device\n")
  }

  @Test("--json prints one object with exactly the promised keys")
  func jsonSummary() throws {
    let result = try BinaryRunner.run(["train", "--json", "--steps", "2000", "--seed", "5"])
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n")
    #expect(lines.count == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    #expect(
      Set(object.keys) == [
        "preset", "gradient", "eta", "seed", "hidden", "activation", "optimizer", "batch",
        "target", "steps", "diverged", "divergedAtStep", "mse", "stepsPerSecond",
      ])
    #expect(object["preset"] as? String == "bias")
    #expect(object["gradient"] as? String == "correct")
    #expect(object["eta"] as? Double == 0.01)
    #expect(object["seed"] as? Int == 5)
    #expect(object["hidden"] as? Int == 10)
    #expect(object["activation"] as? String == "sigmoid")
    #expect(object["optimizer"] as? String == "sgd")
    #expect(object["batch"] as? Int == 1)
    #expect(object["target"] as? String == "sin")
    #expect(object["steps"] as? Int == 2000)
    #expect(object["diverged"] as? Bool == false)
    #expect(object["divergedAtStep"] is NSNull)
    // The same run in-process gives the same mse, to the bit.
    var trainer = Trainer(preset: .bias, seed: 5)
    trainer.train(steps: 2000)
    let summary = try JSONDecoder().decode(Summary.self, from: Data(result.standardOutput.utf8))
    #expect(summary.mse == trainer.meanSquaredError())
    #expect((object["stepsPerSecond"] as? Double ?? 0) > 0)
  }

  @Test(
    "--json carries every setting given, and the run takes exactly the core's steps",
    arguments: [
      ["--activation", "tanh", "--optimizer", "adam", "--batch", "8", "--target", "kink"],
      ["--activation", "relu", "--optimizer", "momentum", "--batch", "500", "--target", "bump"],
    ])
  func jsonSettings(options: [String]) throws {
    let result = try BinaryRunner.run(
      ["train", "--json", "--steps", "300", "--seed", "5"] + options)
    #expect(result.status == 0, "\(result.standardError)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    let given = Dictionary(
      uniqueKeysWithValues: stride(from: 0, to: options.count, by: 2).map {
        (String(options[$0].dropFirst(2)), options[$0 + 1])
      })
    #expect(object["activation"] as? String == given["activation"])
    #expect(object["optimizer"] as? String == given["optimizer"])
    #expect(object["batch"] as? Int == given["batch"].flatMap(Int.init))
    #expect(object["target"] as? String == given["target"])
    var trainer = Trainer(
      preset: .bias, seed: 5,
      activation: Activation(rawValue: given["activation"] ?? "") ?? .sigmoid,
      optimizer: Optimizer(rawValue: given["optimizer"] ?? "") ?? .sgd,
      batchSize: given["batch"].flatMap(Int.init) ?? 1,
      target: Target(rawValue: given["target"] ?? ""))
    trainer.train(steps: 300)
    let summary = try JSONDecoder().decode(Summary.self, from: Data(result.standardOutput.utf8))
    #expect(summary.mse == trainer.meanSquaredError())
  }

  @Test("--json reports a divergence with its step and a null mse")
  func jsonDivergence() throws {
    let result = try BinaryRunner.run([
      "train", "--json", "--preset", "numpy", "--gradient", "original", "--seed", "3", "--steps",
      "20000",
    ])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    var trainer = Trainer(preset: .numpy, seed: 3, rule: .original)
    trainer.train(steps: 20_000)
    let step = try #require(trainer.divergedAtStep)
    #expect(object["diverged"] as? Bool == true)
    #expect(object["divergedAtStep"] as? Int == step)
    #expect(object["steps"] as? Int == step)
    #expect(object["mse"] is NSNull)
  }

  @Test("Text output: the original program's progress lines, then a summary")
  func textOutput() throws {
    let result = try BinaryRunner.run([
      "train", "--steps", "30000", "--print-every", "10000", "--seed", "8", "--preset",
      "tensorflow",
    ])
    #expect(result.status == 0)
    let lines = result.standardOutput.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    for (index, line) in lines.prefix(3).enumerated() {
      #expect(line.hasPrefix("step \((index + 1) * 10_000)  loss "), "\(line)")
      #expect(line.contains("  mse "))
    }
    #expect(lines.last?.hasPrefix("final mse ") == true)
    #expect(lines.last?.contains("after 30000 steps") == true)
    #expect(lines.last?.contains("preset tensorflow, gradient correct, eta 0.01, seed 8") == true)
  }

  @Test(
    "--trace writes the settings, then each step's sample and parameters, which replay exactly",
    arguments: GradientRule.allCases)
  func traceReplays(rule: GradientRule) throws {
    try withTemporaryFolder { folder in
      let result = try BinaryRunner.run(
        [
          "train", "--gradient", rule.rawValue, "--seed", "12", "--steps", "500", "--trace",
          "t.jsonl",
          "--trace-steps", "200", "--eta", "0.03",
        ], in: folder)
      #expect(result.status == 0)
      let text = try String(contentsOf: folder.appendingPathComponent("t.jsonl"), encoding: .utf8)
      let lines = text.split(separator: "\n").map { Data($0.utf8) }
      #expect(lines.count == 201)
      let keys = try #require(try JSONSerialization.jsonObject(with: lines[0]) as? [String: Any])
        .keys
      #expect(
        Set(keys) == [
          "rule", "eta", "preset", "seed", "hidden", "activation", "optimizer", "batch", "target",
          "w1", "w2", "b1", "b2",
        ])
      let header = try JSONDecoder().decode(TraceLine.self, from: lines[0])
      #expect(header.rule == rule.rawValue)
      #expect(header.eta == 0.03)
      #expect(header.preset == "bias")
      #expect(header.seed == 12)
      #expect(header.hidden == 10)
      #expect(header.activation == "sigmoid")
      #expect(header.optimizer == "sgd")
      #expect(header.batch == 1)
      #expect(header.target == "sin")
      var network = header.network
      #expect(network == Trainer(preset: .bias, seed: 12).network)
      for line in lines.dropFirst() {
        let step = try JSONDecoder().decode(TraceLine.self, from: line)
        let x = try #require(step.x)
        let y = try #require(step.y)
        #expect(y == sin(x))
        network.descend(x: x, y: y, rule: rule, eta: 0.03)
        #expect(step.network == network)
      }
    }
  }

  @Test("The same seed writes the same trace; another seed another")
  func traceIsDeterministic() throws {
    try withTemporaryFolder { folder in
      for (name, seed) in [("a", "77"), ("b", "77"), ("c", "78")] {
        let result = try BinaryRunner.run(
          ["train", "--preset", "numpy", "--seed", seed, "--steps", "300", "--trace", name],
          in: folder)
        #expect(result.status == 0)
      }
      let a = try Data(contentsOf: folder.appendingPathComponent("a"))
      #expect(a == (try Data(contentsOf: folder.appendingPathComponent("b"))))
      #expect(a != (try Data(contentsOf: folder.appendingPathComponent("c"))))
      // numpy has no biases: the trace says so with nulls.
      let header = String(decoding: a.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
      #expect(header.contains("\"b1\":null"))
      #expect(header.contains("\"b2\":null"))
    }
  }

  @Test("A reader that leaves early ends the run quietly")
  func closedPipe() throws {
    let process = Process()
    process.executableURL = BinaryRunner.executable
    process.arguments = [
      "train", "--steps", "100000000000", "--print-every", "1000", "--trace", "kept.jsonl",
    ]
    try withTemporaryFolder { folder in
      process.currentDirectoryURL = folder
      let output = Pipe()
      let error = Pipe()
      process.standardOutput = output
      process.standardError = error
      try process.run()
      var received = Data()
      while received.split(separator: UInt8(ascii: "\n")).count < 3 {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        received += chunk
      }
      try output.fileHandleForReading.close()
      let finished = DispatchSemaphore(value: 0)
      process.terminationHandler = { _ in finished.signal() }
      if process.isRunning, finished.wait(timeout: .now() + 60) == .timedOut {
        process.terminate()
        Issue.record("train kept running after its reader left")
      }
      process.waitUntilExit()
      #expect(received.split(separator: UInt8(ascii: "\n")).count >= 3)
      #expect(process.terminationReason == .exit)
      #expect(process.terminationStatus == 0)
      #expect(error.fileHandleForReading.readDataToEndOfFile().isEmpty)
      // The trace it was writing is complete: its settings and the first 1,000 steps.
      let trace = try String(
        contentsOf: folder.appendingPathComponent("kept.jsonl"), encoding: .utf8)
      #expect(trace.split(separator: "\n").count == 1001)
    }
  }

  @Test("check passes every activation's correct gradient and fails the original program's")
  func checkCommand() throws {
    let result = try BinaryRunner.run(["check", "--seed", "4"])
    #expect(result.status == 0)
    let rows = result.standardOutput.split(separator: "\n").dropFirst(2).map {
      $0.split(separator: " ").map(String.init)
    }
    #expect(rows.count == 48)
    #expect(Set(rows.map { $0[0] }) == ["sigmoid", "tanh", "relu"])
    for row in rows {
      let verdict = row.last ?? ""
      switch row[1] {
      case "correct": #expect(verdict == "ok", "\(row)")
      case "original", "sign": #expect(verdict == "WRONG", "\(row)")
      case "double-sigmoid":
        // For relu the slope at the activation is the slope: the rule is the correct one.
        let right = row[0] == "relu" || ["w2", "b2"].contains(row[2])
        #expect(verdict == (right ? "ok" : "WRONG"), "\(row)")
      default: Issue.record("unexpected row \(row)")
      }
    }
    let one = try BinaryRunner.run(["check", "--seed", "4", "--activation", "tanh"])
    #expect(
      one.standardOutput.split(separator: "\n").dropFirst(2).allSatisfy { $0.hasPrefix("tanh ") })
  }

  @Test(
    "The live gradient check panel shows the numbers sinetui check prints",
    arguments: GradientRule.allCases)
  func panelAgreesWithCheck(rule: GradientRule) throws {
    let result = try BinaryRunner.run(["check", "--seed", "11", "--preset", "numpy"])
    #expect(result.status == 0)
    let printed = result.standardOutput.split(separator: "\n").filter {
      $0.hasPrefix("sigmoid") && $0.split(separator: " ")[1] == rule.rawValue
    }
    .map { $0.split(separator: " ").dropFirst(2).map(String.init) }
    var session = Session(trainer: Trainer(preset: .numpy, seed: 11, rule: rule))
    session.apply(.toggleGradientCheck)
    let check = try #require(session.gradientCheck)
    let panel = check.rows.map {
      GradientCheckTable.compactLine(for: $0).split(separator: " ").map(String.init)
    }
    #expect(printed.count == 2)
    #expect(panel == printed)
  }
}

/// The `--json` summary's numbers, decoded exactly.
struct Summary: Decodable {
  var mse: Double?
}

/// One line of a trace, header or step.
struct TraceLine: Decodable {
  var rule: String?
  var eta: Double?
  var preset: String?
  var seed: UInt64?
  var hidden: Int?
  var activation: String?
  var optimizer: String?
  var batch: Int?
  var target: String?
  var x: Double?
  var y: Double?
  var w1: [Double]
  var w2: [Double]
  var b1: [Double]?
  var b2: Double?

  /// The parameters the line holds.
  var network: Network { Network(w1: w1, w2: w2, b1: b1, b2: b2) }
}
