import Foundation
import SineNet
import TestSupport
import Testing

/// Counts near the top of what a run counts: no sum overflows, and a run that reaches the step
/// limit stops, says so and exits cleanly.
@Suite("The step limit")
struct StepLimitTests {
  /// 10¹⁸, the most steps a run counts.
  static let limit = 1_000_000_000_000_000_000

  /// A valid snapshot of a small run at `step`, written to `snap.json` in `folder`.
  static func snapshot(at step: Int, in folder: URL) throws {
    try FileKindTests.writeSnapshot(folder.appendingPathComponent("snap.json"), step: step)
  }

  @Test("A run from a snapshot just below the limit stops at it, says why, and exits 0")
  func stopsAtTheLimit() throws {
    try withTemporaryFolder { folder in
      try Self.snapshot(at: Self.limit - 5, in: folder)
      let result = try BinaryRunner.run(
        [
          "train", "--load", "snap.json", "--steps", "100", "--print-every", "1", "--trace", "t",
          "--trace-steps", "100", "--loss-csv", "l",
        ], in: folder)
      #expect(result.status == 0, "\(result.standardError)")
      #expect(
        result.standardError
          == "sinetui: the run stopped at step \(Self.limit), the most steps a run counts; 95 of the 100 steps asked for were not taken\n"
      )
      let lines = result.standardOutput.split(separator: "\n")
      #expect(lines.count == 6, "\(result.standardOutput)")
      #expect(lines.last?.hasPrefix("final mse ") == true)
      #expect(lines.last?.contains(" after \(Self.limit) steps, ") == true, "\(lines)")
      let trace = try String(contentsOf: folder.appendingPathComponent("t"), encoding: .utf8)
      #expect(trace.split(separator: "\n").count == 6)
      let json = try BinaryRunner.run(
        ["train", "--load", "snap.json", "--steps", "1000000000000", "--json"], in: folder)
      #expect(json.status == 0)
      #expect(json.standardOutput.contains("\"steps\":\(Self.limit),"), "\(json.standardOutput)")
    }
  }

  @Test("A snapshot at the limit takes no step and still exits 0")
  func atTheLimit() throws {
    try withTemporaryFolder { folder in
      try Self.snapshot(at: Self.limit, in: folder)
      let result = try BinaryRunner.run(
        ["train", "--load", "snap.json", "--steps", "1"], in: folder)
      #expect(result.status == 0, "\(result.standardError)")
      #expect(result.standardOutput.contains(" after \(Self.limit) steps, "))
      #expect(result.standardError.contains("1 of the 1 steps asked for were not taken"))
    }
  }

  @Test(
    "Counts whose sum with a snapshot's step would overflow are refused, not trapped on",
    arguments: [
      (["--steps", "1", "--trace-steps", "9223372036854775807", "--trace", "t"], "--trace-steps"),
      (["--steps", "1", "--print-every", "9223372036854775807"], "--print-every"),
      (["--steps", "9223372036854775807"], "--steps"),
    ])
  func hugeCounts(arguments: [String], option: String) throws {
    try withTemporaryFolder { folder in
      try Self.snapshot(at: 5, in: folder)
      let result = try BinaryRunner.run(
        ["train", "--load", "snap.json"] + arguments, in: folder)
      #expect(result.status == 64, "\(result.standardError)")
      #expect(
        result.standardError.hasPrefix(
          "Error: The value '9223372036854775807' is invalid for '\(option) "))
    }
  }
}
