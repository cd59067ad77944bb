import Foundation
import SineNet
import TestSupport
import Testing

@Suite("sinetui diagnose, end to end")
struct DiagnoseCommandTests {
  @Test(
    "The original rule's trace: both bugs named with their fixes, and the original program's lines"
  )
  func seedRule() throws {
    try withTemporaryFolder { folder in
      try BinaryRunner.trainWithTrace(
        ["--gradient", "original", "--seed", "12", "--steps", "1000"], in: folder)
      let result = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(result.status == 1)
      #expect(result.standardError.isEmpty)
      #expect(
        result.standardOutput == """
          trace t.jsonl: 1000 steps compared, hidden 10 with biases, sigmoid, batch 1, eta 0.01, tolerance 1e-09
          w1: flipped-sign and sigmoid-of-sigmoid, +η·e·w2·σ(a)(1−σ(a))·x, on 1000/1000 steps
          w2: flipped-sign, +η·e·a, on 1000/1000 steps
          b1: flipped-sign and sigmoid-of-sigmoid, +η·e·w2·σ(a)(1−σ(a)), on 1000/1000 steps
          b2: flipped-sign, +η·e, on 1000/1000 steps
          verdict: The trace shows 2 bugs: flipped-sign (w1, w2, b1, b2) and sigmoid-of-sigmoid (w1, b1), \
          the original program's two.
          flipped-sign in w1, w2, b1 and b2: the parameters move by +η·gradient, uphill, as \
          `err = y - yhat` followed by `w -= lr * grad` does.
            fix:    err = yhat - y    # the derivative of ½(yhat - y)², then w -= lr * grad in every layer
            effect: stops learning: gradient ascent, the loss grows and the weights run away until they \
          overflow.
          sigmoid-of-sigmoid in w1 and b1: the hidden slope is σ'(σ(h)) = σ(a)(1 − σ(a)), the \
          derivative taken at the activation a = σ(h) instead of at h (`sigmoid_deriv(sigmoid(h))`).
            fix:    d_hidden = err * w2 * a * (1 - a)    # a = sigmoid(h) is already the activation
            effect: stops learning once units saturate: the slope stays between 0.197 and 0.25 however \
          saturated a unit is, so saturated units are pushed as hard as switching ones (sin x on \
          [0, 15) flattens to mse 0.5; docs/double-sigmoid.md); on a narrow input range, where no \
          unit saturates, it still converges.
          the original program's lines:
            error_wrt_layer2_weights = (y - layer3) * sigmoid(layer2)
            error_wrt_layer1_weights = (y - layer3) * layer2_weights * sigmoid_deriv(sigmoid(layer2)) * layer1
          the corrected lines:
            error_wrt_layer2_weights = (layer3 - y) * sigmoid(layer2)
            error_wrt_layer1_weights = (layer3 - y) * layer2_weights * sigmoid_deriv(layer2) * layer1

          """)
    }
  }

  @Test("The correct rule's trace exits 0 and says so")
  func correctRule() throws {
    try withTemporaryFolder { folder in
      try BinaryRunner.trainWithTrace(
        ["--preset", "numpy", "--seed", "4", "--steps", "300"], in: folder)
      let result = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(result.status == 0)
      #expect(
        result.standardOutput == """
          trace t.jsonl: 300 steps compared, hidden 10 without biases, sigmoid, batch 1, eta 0.01, tolerance 1e-09
          w1: the correct gradient, −η·e·w2·a(1−a)·x, on 300/300 steps
          w2: the correct gradient, −η·e·a, on 300/300 steps
          verdict: The trace follows the correct gradient: no bug found.

          """)
    }
  }

  @Test(
    "A trace written under each rule is diagnosed as that rule, with its exit status",
    arguments: GradientRule.allCases, [Preset.bias, .numpy, .tensorflow])
  func eachRule(rule: GradientRule, preset: Preset) throws {
    try withTemporaryFolder { folder in
      try BinaryRunner.trainWithTrace(
        [
          "--gradient", rule.rawValue, "--preset", preset.rawValue, "--seed", "21", "--steps",
          "400",
          "--hidden", "7",
        ], in: folder)
      let result = try BinaryRunner.run(["diagnose", "--json", "t.jsonl"], in: folder)
      #expect(result.status == (rule == .correct ? 0 : 1), "\(result.standardError)")
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
      #expect(object["rule"] as? String == rule.rawValue)
      let bugs: [GradientRule: [String]] = [
        .correct: [], .original: ["flipped-sign", "sigmoid-of-sigmoid"], .sign: ["flipped-sign"],
        .doubleSigmoid: ["sigmoid-of-sigmoid"],
      ]
      #expect(object["bugs"] as? [String] == bugs[rule])
      #expect(object["steps"] as? Int == 400)
      #expect(object["hidden"] as? Int == 7)
      #expect(object["followsCorrectGradient"] as? Bool == (rule == .correct))
      let groups = try #require(object["groups"] as? [[String: Any]])
      #expect(
        groups.map { $0["group"] as? String }
          == (preset.hasBiases ? ["w1", "w2", "b1", "b2"] : ["w1", "w2"]))
      for group in groups {
        let matches = try #require(group["matches"] as? [String: Int])
        #expect(matches[rule.rawValue] == 400)
        // w2 and b2 do not involve σ': the rule with the other sigmoid choice matches them too.
        let twin = GradientRule(
          flipsSign: rule.flipsSign, appliesSigmoidTwice: !rule.appliesSigmoidTwice)
        let expected = ["w2", "b2"].contains(group["group"] as? String) ? [rule, twin] : [rule]
        #expect(
          Set(group["rules"] as? [String] ?? []) == Set(expected.map(\.rawValue)), "\(group)")
      }
    }
  }

  @Test("A trace whose steps used twice the η of line 1 is a wrong scale with c = 2")
  func doubledEta() throws {
    try withTemporaryFolder { folder in
      try BinaryRunner.trainWithTrace(
        ["--seed", "12", "--steps", "200", "--eta", "0.02"], in: folder)
      // Line 1 claims η = 0.01, so every traced update is twice the one the claimed η gives.
      let file = folder.appendingPathComponent("t.jsonl")
      let text = try String(contentsOf: file, encoding: .utf8)
      let header = try #require(text.split(separator: "\n").first)
      #expect(header.contains("\"eta\":0.02,"))
      try
        (header.replacingOccurrences(of: "\"eta\":0.02,", with: "\"eta\":0.01,")
        + text.dropFirst(header.count)).write(to: file, atomically: true, encoding: .utf8)
      let result = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(result.status == 1)
      #expect(
        result.standardOutput == """
          trace t.jsonl: 200 steps compared, hidden 10 with biases, sigmoid, batch 1, eta 0.01, tolerance 1e-09
          w1: wrong-scale (c = 2), −2·η·e·w2·a(1−a)·x, on 200/200 steps
          w2: wrong-scale (c = 2), −2·η·e·a, on 200/200 steps
          b1: wrong-scale (c = 2), −2·η·e·w2·a(1−a), on 200/200 steps
          b2: wrong-scale (c = 2), −2·η·e, on 200/200 steps
          verdict: The trace shows 1 bug: wrong-scale (c = 2; w1, w2, b1, b2).
          wrong-scale in w1, w2, b1 and b2: the update is 2 times the correct one: η doubled, or the \
          derivative of (yhat - y)² for a loss of half that.
            fix:    err = yhat - y    # for E = ½(yhat - y)², or halve lr
            effect: still converges as with η·2, unless that is too large a step: then it diverges \
          where η alone would not.

          """)
      let json = try BinaryRunner.run(["diagnose", "--json", "t.jsonl"], in: folder)
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
      #expect(object["rule"] is NSNull)
      #expect(object["bugs"] as? [String] == ["wrong-scale"])
      #expect(object["followsCorrectGradient"] as? Bool == false)
      let groups = try #require(object["groups"] as? [[String: Any]])
      for group in groups {
        #expect(group["bugs"] as? [String] == ["wrong-scale"])
        #expect(group["scale"] as? Double == 2)
        #expect(group["firstUnexplained"] is NSNull)
      }
      let findings = try #require(object["findings"] as? [[String: Any]])
      #expect(findings.map { $0["bug"] as? String } == ["wrong-scale"])
      #expect(findings.first?["scale"] as? Double == 2)
      #expect(findings.first?["consequence"] as? String == "still converges")
    }
  }

  @Test("A trace that diverges is read up to its first non-finite value, the divergence step")
  func divergence() throws {
    try withTemporaryFolder { folder in
      try BinaryRunner.trainWithTrace(
        [
          "--preset", "numpy", "--gradient", "original", "--seed", "3", "--steps", "20000",
          "--trace-steps", "20000",
        ], in: folder)
      var trainer = Trainer(preset: .numpy, seed: 3, rule: .original)
      trainer.train(steps: 20_000)
      let step = try #require(trainer.divergedAtStep)
      let result = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(result.status == 1)
      let lines = result.standardOutput.split(separator: "\n").map(String.init)
      #expect(lines.first?.hasPrefix("trace t.jsonl: \(step - 1) steps compared") == true)
      #expect(
        lines.contains(
          "diverged at step \(step) (line \(step + 1)): a value stopped being finite; "
            + "read up to there"))
      #expect(
        lines.contains {
          $0.hasPrefix(
            "verdict: The trace shows 2 bugs: flipped-sign (w1, w2) and sigmoid-of-sigmoid")
        })
      let json = try BinaryRunner.run(["diagnose", "--json", "t.jsonl"], in: folder)
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
      #expect(object["divergedAtStep"] as? Int == step)
      #expect(object["rule"] as? String == "original")
    }
  }

  @Test("A non-finite parameter written as null, or as Python's NaN, is the divergence step")
  func nullParameter() throws {
    try withTemporaryFolder { folder in
      try BinaryRunner.trainWithTrace(
        ["--seed", "5", "--steps", "30", "--gradient", "sign"], in: folder)
      let file = folder.appendingPathComponent("t.jsonl")
      var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(
        String.init)
      lines[11] = lines[11].replacingOccurrences(
        of: "\"b2\":[^,}]*", with: "\"b2\":null", options: .regularExpression)
      lines[21] = "this line is never read"
      try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
      let result = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(result.status == 1)
      #expect(result.standardOutput.contains("trace t.jsonl: 10 steps compared"))
      #expect(
        result.standardOutput.contains(
          "diverged at step 11 (line 12): a value stopped being finite; read up to there"))
      #expect(
        result.standardOutput.contains("verdict: The trace shows 1 bug: flipped-sign (w1, w2"))
    }
  }

  @Test(
    "The instrumented original program, run with python3 and NumPy, is diagnosed as rule original",
    .enabled(if: Tools.runsNumPyTests, Tools.numPyMissing))
  func originalProgram() throws {
    try withTemporaryFolder { folder in
      let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/original_traced.py")
      #expect(FileManager.default.fileExists(atPath: script.path))
      // Skipped without NumPy, unless the tools are required: .ci/run requires them.
      let python = try BinaryRunner.shell(
        "cd '\(folder.path)' && python3 '\(script.path)' 600 original.jsonl 7 2>&1; echo \"exit $?\""
      )
      #expect(python.hasSuffix("exit 0\n"), "\(python)")
      let result = try BinaryRunner.run(["diagnose", "original.jsonl"], in: folder)
      #expect(result.status == 1, "\(result.standardError)")
      let lines = result.standardOutput.split(separator: "\n").map(String.init)
      #expect(
        Array(lines.prefix(4)) == [
          "trace original.jsonl: 600 steps compared, hidden 10 without biases, sigmoid, batch 1, eta 0.01, tolerance 1e-09",
          "w1: flipped-sign and sigmoid-of-sigmoid, +η·e·w2·σ(a)(1−σ(a))·x, on 600/600 steps",
          "w2: flipped-sign, +η·e·a, on 600/600 steps",
          "verdict: The trace shows 2 bugs: flipped-sign (w1, w2) and sigmoid-of-sigmoid (w1), the original program's two.",
        ], "\(result.standardOutput)")
      #expect(
        Array(lines.suffix(6)) == [
          "the original program's lines:",
          "  error_wrt_layer2_weights = (y - layer3) * sigmoid(layer2)",
          "  error_wrt_layer1_weights = (y - layer3) * layer2_weights * sigmoid_deriv(sigmoid(layer2)) * layer1",
          "the corrected lines:",
          "  error_wrt_layer2_weights = (layer3 - y) * sigmoid(layer2)",
          "  error_wrt_layer1_weights = (layer3 - y) * layer2_weights * sigmoid_deriv(layer2) * layer1",
        ])
    }
  }

  @Test(
    "A bad --tolerance exits 64 with the usage",
    arguments: ["0", "1", "-1e-9", "nan", "inf", "tight"])
  func badTolerance(value: String) throws {
    try withTemporaryFolder { folder in
      try BinaryRunner.trainWithTrace(["--seed", "1", "--steps", "5"], in: folder)
      let result = try BinaryRunner.run(["diagnose", "t.jsonl", "--tolerance", value], in: folder)
      #expect(result.status == 64)
      #expect(result.standardOutput.isEmpty)
      #expect(result.standardError.hasPrefix("Error: "))
      #expect(result.standardError.contains("--tolerance"))
      #expect(result.standardError.contains("Usage: sinetui diagnose"))
    }
  }

  /// A trace of the correct rule (hidden 3, no biases, η 0.01) whose every update is
  /// `1 + perturbation + growth · step` times the true one (step from 0).
  static func perturbedTrace(_ perturbation: Double, eta: Double = 0.01, growth: Double = 0)
    -> String
  {
    var network = Network(w1: [0.5, -0.25, 0.75], w2: [0.125, -0.5, 0.25])
    func line(_ head: String) -> String {
      let w1 = network.w1.map { "\($0)" }.joined(separator: ",")
      let w2 = network.w2.map { "\($0)" }.joined(separator: ",")
      return "{\(head)\"w1\":[\(w1)],\"w2\":[\(w2)],\"b1\":null,\"b2\":null}\n"
    }
    var text = line("\"eta\":\(eta),")
    for step in 0..<20 {
      let x = Double(step) * 0.7
      let y = sin(x)
      var next = network
      next.descend(x: x, y: y, rule: .correct, eta: eta)
      func moved(_ before: [Double], _ after: [Double]) -> [Double] {
        zip(before, after).map { $0 + ($1 - $0) * (1 + perturbation + growth * Double(step)) }
      }
      network = Network(w1: moved(network.w1, next.w1), w2: moved(network.w2, next.w2))
      text += line("\"x\":\(x),\"y\":\(y),")
    }
    return text
  }

  @Test("--json keeps every key it had before the search, and names each of them as before")
  func jsonKeys() throws {
    try withTemporaryFolder { folder in
      // A factor that grows from step to step: no known bug explains it, so the groups report
      // their first unexplained step, whose keys are checked too.
      try Data(Self.perturbedTrace(0, growth: 0.1).utf8).write(
        to: folder.appendingPathComponent("t.jsonl"))
      let result = try BinaryRunner.run(["diagnose", "--json", "t.jsonl"], in: folder)
      #expect(result.status == 1)
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
      let earlier: Set<String> = [
        "file", "steps", "hidden", "biases", "eta", "tolerance", "divergedAtStep", "groups",
        "rule", "rules", "bugs", "followsCorrectGradient", "verdict",
      ]
      #expect(earlier.isSubset(of: object.keys), "\(object.keys.sorted())")
      let groups = try #require(object["groups"] as? [[String: Any]])
      #expect(groups.count == 2)
      for group in groups {
        let keys: Set<String> = [
          "group", "explained", "rules", "bugs", "matches", "summary", "firstUnexplained",
        ]
        #expect(keys.isSubset(of: group.keys), "\(group.keys.sorted())")
        #expect(group["explained"] as? Bool == false)
        let first = try #require(group["firstUnexplained"] as? [String: Any])
        let stepKeys: Set<String> = [
          "step", "line", "traced", "correct", "ratio", "constantRatio", "meaning",
        ]
        #expect(stepKeys.isSubset(of: first.keys), "\(first.keys.sorted())")
        // Step 1's factor is 1: the first unexplained step is the second, on line 3.
        #expect(first["step"] as? Int == 2)
        #expect(first["line"] as? Int == 3)
        let matches = try #require(group["matches"] as? [String: Int])
        #expect(Set(matches.keys) == ["correct", "original", "sign", "double-sigmoid"])
        #expect(matches["correct"] == 1)
      }
      #expect(object["rule"] is NSNull)
      #expect(object["rules"] as? [String] == [])
      #expect(object["bugs"] as? [String] == [])
      #expect(object["followsCorrectGradient"] as? Bool == false)
    }
  }

  @Test(
    "A looser --tolerance is reported and used: updates 1e-5 off are a wrong scale at 1e-9, pass at 1e-3"
  )
  func tolerance() throws {
    try withTemporaryFolder { folder in
      try Data(Self.perturbedTrace(1e-5).utf8).write(to: folder.appendingPathComponent("t.jsonl"))
      let strict = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(strict.status == 1)
      #expect(
        strict.standardOutput.contains(
          "w2: wrong-scale (c = 1.00001), −1.00001·η·e·a, on 20/20 steps\n"),
        "\(strict.standardOutput)")
      let loose = try BinaryRunner.run(["diagnose", "t.jsonl", "--tolerance", "0.001"], in: folder)
      #expect(loose.status == 0)
      #expect(
        loose.standardOutput == """
          trace t.jsonl: 20 steps compared, hidden 3 without biases, sigmoid, batch 1, eta 0.01, tolerance 0.001
          w1: the correct gradient, −η·e·w2·a(1−a)·x, on 20/20 steps
          w2: the correct gradient, −η·e·a, on 20/20 steps
          verdict: The trace follows the correct gradient: no bug found.

          """)
    }
  }

  @Test("A trace whose updates are too small to tell their sign is inconclusive: exit 1")
  func inconclusive() throws {
    try withTemporaryFolder { folder in
      try Data(Self.perturbedTrace(0, eta: 1e-17).utf8).write(
        to: folder.appendingPathComponent("t.jsonl"))
      let result = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(result.status == 1)
      #expect(
        result.standardOutput == """
          trace t.jsonl: 20 steps compared, hidden 3 without biases, sigmoid, batch 1, eta 1e-17, tolerance 1e-09
          w1: inconclusive: the updates are too small to tell the correct gradient from its negative, on 20/20 steps
          w2: inconclusive: the updates are too small to tell the correct gradient from its negative, on 20/20 steps
          verdict: Inconclusive: the updates of w1 and w2 are too small to tell the correct gradient \
          from its negative (below the rounding of the parameters); nothing is known.

          """)
    }
  }
}
