import Foundation
import TestSupport
import Testing

/// `train --trace` of every activation, optimizer and batch, checked step by step by an
/// independent float64 reference in Python (Tests/Fixtures/reference: reverse-mode automatic
/// differentiation and PyTorch's optimizer formulas, written without sinetui's code).
@Suite("Traces against the independent Python reference")
struct ReferenceTraceTests {
  static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/reference/check_trace.py")

  static let combinations: [[String]] = ["sigmoid", "tanh", "relu"].flatMap { activation in
    ["sgd", "momentum", "adam"].flatMap { optimizer in
      ["1", "8"].map { ["--activation", activation, "--optimizer", optimizer, "--batch", $0] }
    }
  }

  @Test(
    "Every step of every combination's trace is the reference's to 1e-9",
    .enabled(if: Tools.runsNumPyTests, Tools.numPyMissing), arguments: combinations)
  func traceMatchesReference(options: [String]) throws {
    try withTemporaryFolder { folder in
      let trace = folder.appendingPathComponent("t.jsonl").path
      let result = try BinaryRunner.run(
        ["train", "--seed", "7", "--steps", "200", "--trace", trace, "--trace-steps", "200"]
          + options)
      #expect(result.status == 0, "\(result.standardError)")
      let check = try BinaryRunner.shell(
        "python3 '\(Self.checker.path)' '\(trace)' 2>&1; echo \"exit $?\"")
      #expect(check.hasSuffix("exit 0\n"), "\(options): \(check)")
      #expect(check.contains("200 steps checked"), "\(options): \(check)")
    }
  }

  @Test(
    "The reference refuses a trace whose steps used another eta than line 1 says",
    .enabled(if: Tools.runsNumPyTests, Tools.numPyMissing))
  func referenceCanFail() throws {
    try withTemporaryFolder { folder in
      let trace = folder.appendingPathComponent("t.jsonl")
      _ = try BinaryRunner.run(
        [
          "train", "--seed", "7", "--steps", "20", "--trace", trace.path, "--trace-steps", "20",
          "--eta", "0.02", "--optimizer", "momentum", "--batch", "8",
        ])
      var lines = try String(contentsOf: trace, encoding: .utf8).split(separator: "\n")
      lines[0] = Substring(lines[0].replacingOccurrences(of: "\"eta\":0.02", with: "\"eta\":0.01"))
      try (lines.joined(separator: "\n") + "\n").write(to: trace, atomically: true, encoding: .utf8)
      let check = try BinaryRunner.shell(
        "python3 '\(Self.checker.path)' '\(trace.path)' 2>&1; echo \"exit $?\"")
      #expect(check.hasSuffix("exit 1\n"), "\(check)")
    }
  }
}
