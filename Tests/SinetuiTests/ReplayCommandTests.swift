import Foundation
import TestSupport
import Testing

/// `--load-trace` refusals, which come before any terminal is needed.
@Suite("Replaying a trace: what is refused first")
struct ReplayCommandTests {
  @Test(
    "A bad trace exits before the terminal is touched, with the diagnose line",
    arguments: [
      ("missing.jsonl", 66, "no such file"), ("bad.jsonl", 65, "line 1: the key 'eta' is missing"),
    ]
      as [(String, Int32, String)])
  func badTrace(file: String, status: Int32, problem: String) throws {
    try withTemporaryFolder { folder in
      try Data(#"{"w1":[1],"w2":[1]}"#.utf8).write(to: folder.appendingPathComponent("bad.jsonl"))
      let result = try BinaryRunner.run(["--load-trace", file], in: folder)
      #expect(result.status == status)
      #expect(result.standardOutput.isEmpty)
      #expect(result.standardError == "sinetui: cannot diagnose the trace '\(file)': \(problem)\n")
    }
  }

  @Test(
    "A trace of tanh or ReLU units or of mini-batches, which diagnose reads, is not replayed in the view",
    arguments: [
      (["--activation", "tanh"], "activation is tanh; the replay follows sigmoid units only"),
      (["--activation", "relu"], "activation is relu; the replay follows sigmoid units only"),
      (["--batch", "4"], "batch is 4; the replay follows one sample per step only"),
    ])
  func unreplayable(training: [String], problem: String) throws {
    try withTemporaryFolder { folder in
      let train = try BinaryRunner.run(
        ["train", "--steps", "20", "--trace", "t.jsonl", "--seed", "3"] + training, in: folder)
      #expect(train.status == 0)
      let diagnosis = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(diagnosis.status == 0, "\(diagnosis.standardOutput)")
      let result = try BinaryRunner.run(["--load-trace", "t.jsonl"], in: folder)
      #expect(result.status == 65)
      #expect(result.standardOutput.isEmpty)
      #expect(
        result.standardError
          == "sinetui: cannot replay the trace 't.jsonl': line 1: \(problem) (sinetui diagnose "
          + "reads it)\n")
    }
  }

  @Test("--load and --load-trace together are a usage error")
  func bothLoads() throws {
    let result = try BinaryRunner.run(["--load", "a.json", "--load-trace", "t.jsonl"])
    #expect(result.status == 64)
    #expect(result.standardError.contains("--load and --load-trace cannot be used together"))
  }
}
