import Foundation
import TestSupport
import Testing

/// The tracing helper people paste into their own loop (Examples/sinetrace.py) and the two loops
/// traced with it, run with python3 and diagnosed by the binary.
@Suite("The tracing helper and its NumPy and PyTorch examples")
struct TracingExampleTests {
  /// The repository's Examples folder.
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")

  /// Runs `script` in Examples with `arguments` in `folder`: its output, ending in `exit N`.
  static func python(_ script: String, _ arguments: String, in folder: URL) throws -> String {
    let path = examples.appendingPathComponent(script).path
    return try BinaryRunner.shell(
      "cd '\(folder.path)' && python3 '\(path)' \(arguments) 2>&1; echo \"exit $?\"")
  }

  /// Each group's bugs in `diagnose --json`'s answer for the trace `file` in `folder`, and its
  /// exit status.
  static func diagnose(_ file: String, in folder: URL) throws -> ([String: [String]], Int32) {
    let result = try BinaryRunner.run(["diagnose", "--json", file], in: folder)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
      "\(result.standardError)")
    let groups = try #require(object["groups"] as? [[String: Any]])
    var bugs: [String: [String]] = [:]
    for group in groups {
      bugs[group["group"] as? String ?? "?"] = group["bugs"] as? [String]
    }
    return (bugs, result.status)
  }

  @Test(
    "sinetrace writes line 1 at the first step, any array shape flat, float32 exactly, extra keys",
    .enabled(if: Tools.runsNumPyTests, Tools.numPyMissing))
  func helper() throws {
    try withTemporaryFolder { folder in
      let program = """
        import io, sys
        sys.path.insert(0, '\(Self.examples.path)')
        import numpy as np
        from sinetrace import Trace
        buf = io.StringIO()
        with Trace(buf, eta=0.5, w1=np.array([[0.25, -0.5]]), w2=np.array([[0.75], [1.0]]),
                   b1=np.zeros((1, 2)), b2=np.zeros((1, 1)), activation="tanh", seed=3) as t:
            t.step(np.array([[1.5], [2.0]]), [0.5, np.float32(0.1)], [[0.25, -0.5]],
                   np.array([0.75, 1.0]), [0.0, 0.0], 0.0, loss=np.float64(0.125))
            t.step([1.5, 2.0], [0.5, 0.25], [0.125, -0.5], [0.75, 1.0], [0.0, 0.0], np.array([0.5]))
            try:
                t.step([1.5], [0.5], [0.125, -0.5], [0.75, 1.0], [0.0, 0.0], 0.5)
            except ValueError as error:
                print(error)
        print(buf.getvalue(), end="")
        """
      try Data(program.utf8).write(to: folder.appendingPathComponent("helper.py"))
      let output = try BinaryRunner.shell("cd '\(folder.path)' && python3 helper.py 2>&1")
      #expect(
        output == """
          sinetrace: this step holds 1 samples, the trace's batch is 2 (drop a smaller last batch)
          {"eta": 0.5, "w1": [0.25, -0.5], "w2": [0.75, 1.0], "b1": [0.0, 0.0], "b2": 0.0, \
          "activation": "tanh", "optimizer": "sgd", "seed": 3, "batch": 2, "hidden": 2}
          {"x": [1.5, 2.0], "y": [0.5, 0.10000000149011612], "w1": [0.25, -0.5], "w2": [0.75, 1.0], \
          "b1": [0.0, 0.0], "b2": 0.0, "loss": 0.125}
          {"x": [1.5, 2.0], "y": [0.5, 0.25], "w1": [0.125, -0.5], "w2": [0.75, 1.0], \
          "b1": [0.0, 0.0], "b2": 0.5}

          """)
    }
  }

  @Test(
    "The NumPy example, correct and with each bug it can switch on, is named exactly",
    .enabled(if: Tools.runsNumPyTests, Tools.numPyMissing),
    arguments: [
      ("", []),
      ("--bug flipped-sign", ["w1", "w2", "b1", "b2"].map { ($0, ["flipped-sign"]) }),
      (
        "--bug sigmoid-of-sigmoid",
        [("w1", ["sigmoid-of-sigmoid"]), ("b1", ["sigmoid-of-sigmoid"])]
      ),
      (
        "--bug derivative-of-pre-activation",
        [("w1", ["derivative-of-pre-activation"]), ("b1", ["derivative-of-pre-activation"])]
      ),
      (
        "--bug missing-activation-derivative",
        [("w1", ["missing-activation-derivative"]), ("b1", ["missing-activation-derivative"])]
      ),
      ("--bug missing-input", [("w1", ["missing-input"])]),
      ("--bug summed-bias-gradient", [("b1", ["summed-bias-gradient"])]),
      ("--bug not-updated", [("b1", ["not-updated"]), ("b2", ["not-updated"])]),
      ("--bug wrong-scale", ["w1", "w2", "b1", "b2"].map { ($0, ["wrong-scale"]) }),
      (
        "--bug updated-outgoing-weight",
        [("w1", ["updated-outgoing-weight"]), ("b1", ["updated-outgoing-weight"])]
      ),
      ("--bug loss-for-error", ["w1", "w2", "b1", "b2"].map { ($0, ["loss-for-error"]) }),
      ("--activation tanh --batch 4", []),
      (
        "--activation tanh --batch 4 --bug tanh-of-tanh",
        [("w1", ["tanh-of-tanh"]), ("b1", ["tanh-of-tanh"])]
      ),
      ("--batch 8 --bug wrong-scale", ["w1", "w2", "b1", "b2"].map { ($0, ["wrong-scale"]) }),
    ] as [(String, [(String, [String])])])
  func numpyExample(arguments: String, bugs: [(String, [String])]) throws {
    try withTemporaryFolder { folder in
      let output = try Self.python(
        "numpy_example.py", "t.jsonl --steps 300 \(arguments)", in: folder)
      #expect(output.hasSuffix("exit 0\n"), "\(output)")
      let (named, status) = try Self.diagnose("t.jsonl", in: folder)
      var expected = Dictionary(
        uniqueKeysWithValues: ["w1", "w2", "b1", "b2"].map { ($0, [String]()) })
      for (group, ids) in bugs { expected[group] = ids }
      #expect(named == expected)
      #expect(status == (bugs.isEmpty ? 0 : 1))
    }
  }

  @Test(
    "The PyTorch example: float32 and float64 correct, MSELoss without ½ a wrong scale of 2",
    .enabled(if: Tools.hasTorch, Tools.torchMissing),
    arguments: [
      ("", false), ("--dtype float64", false), ("--mse", true),
      ("--batch 8 --activation tanh", false), ("--activation relu --batch 4", false),
    ])
  func pytorchExample(arguments: String, doubled: Bool) throws {
    try withTemporaryFolder { folder in
      let output = try Self.python(
        "pytorch_example.py", "t.jsonl --steps 300 \(arguments)", in: folder)
      #expect(output.hasSuffix("exit 0\n"), "\(output)")
      let (named, status) = try Self.diagnose("t.jsonl", in: folder)
      #expect(named.values.allSatisfy { $0 == (doubled ? ["wrong-scale"] : []) }, "\(named)")
      #expect(named.count == 4)
      #expect(status == (doubled ? 1 : 0))
    }
  }

  @Test(
    "Without PyTorch the PyTorch example says it is skipped and writes nothing",
    .enabled(if: !Tools.hasTorch && Tools.runsNumPyTests, "PyTorch is installed"))
  func pytorchMissing() throws {
    try withTemporaryFolder { folder in
      let output = try Self.python("pytorch_example.py", "t.jsonl", in: folder)
      #expect(
        output
          == "skipped: PyTorch is not installed (pip install torch); no trace written\nexit 0\n")
      #expect(
        !FileManager.default.fileExists(atPath: folder.appendingPathComponent("t.jsonl").path))
    }
  }
}
