import Foundation
import SineNet
import TestSupport
import Testing

/// What the commands write when things go wrong: values quoted safely, and output that cannot be
/// written reported.
@Suite("Messages and output errors")
struct MessageTests {
  /// A value that would retitle the window and colour the text if it reached a terminal raw.
  static let hostile = "\u{1B}]2;X\u{07}\u{1B}[31mred\u{9B}1m\u{202E}"
  /// How every message shows it.
  static let escaped = "\\x1B]2;X\\x07\\x1B[31mred\\u{9B}1m\\u{202E}"

  /// Whether `text` holds a character a terminal would act on, other than the line breaks.
  static func hasControlCharacters(_ text: String) -> Bool {
    text.unicodeScalars.contains {
      ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}"
    }
  }

  @Test(
    "A value quoted in any message has its control characters escaped",
    arguments: [
      ["diagnose", hostile], ["--load", hostile], ["train", "--load", hostile],
      ["--load-trace", hostile], ["train", "--steps", hostile], ["--preset", hostile],
      ["check", "--hidden", hostile], ["train", "--trace", hostile + "/x"],
      ["train", "--loss-csv", hostile + "/x"], ["diagnose", "t", "--tolerance", hostile],
      ["train", hostile], ["--" + hostile],
    ])
  func quotedValues(_ arguments: [String]) throws {
    try withTemporaryFolder { folder in
      let result = try BinaryRunner.run(arguments, in: folder)
      #expect(result.status == 64 || result.status == 66, "\(result.standardError)")
      #expect(
        !Self.hasControlCharacters(result.standardError), "\(result.standardError.debugDescription)"
      )
      #expect(result.standardError.contains(Self.escaped), "\(result.standardError)")
    }
  }

  @Test("A snapshot's format is quoted escaped")
  func snapshotFormat() throws {
    try withTemporaryFolder { folder in
      var object = SnapshotFixture.object(of: Trainer(preset: .bias, seed: 2, hidden: 2))
      object["format"] = Self.hostile
      let file = folder.appendingPathComponent("snap.json")
      try SnapshotFixture.write(object, to: file)
      let result = try BinaryRunner.run(["train", "--load", file.path], in: folder)
      #expect(result.status == 65)
      #expect(!Self.hasControlCharacters(result.standardError))
      #expect(result.standardError.contains("its format is '\(Self.escaped)'"))
    }
  }

  @Test("diagnose quotes a trace's name escaped in its report, and in JSON as an escape")
  func diagnosedName() throws {
    try withTemporaryFolder { folder in
      let name = "t\u{1B}[31m\u{85}.jsonl"
      let result = try BinaryRunner.run(
        ["train", "--trace", name, "--steps", "20", "--print-every", "20"], in: folder)
      #expect(result.status == 0, "\(result.standardError)")
      for json in [false, true] {
        let report = try BinaryRunner.run(
          ["diagnose", name] + (json ? ["--json"] : []), in: folder)
        #expect(report.status == 0, "\(report.standardError)")
        #expect(!Self.hasControlCharacters(report.standardOutput), "\(report.standardOutput)")
      }
    }
  }

  @Test(
    "Every command's output that cannot be written gets one line and 74",
    arguments: [
      ["check"], ["--help"], ["train", "--help"], ["diagnose", "t.jsonl"],
      ["train", "--steps", "10"],
      ["diagnose", "t.jsonl", "--json"], ["train", "--json", "--steps", "10"],
    ])
  func unwritableOutput(_ arguments: [String]) throws {
    try withTemporaryFolder { folder in
      let trace = try BinaryRunner.run(
        ["train", "--trace", "t.jsonl", "--steps", "20", "--print-every", "20"], in: folder)
      #expect(trace.status == 0)
      let result = try BinaryRunner.run(arguments, in: folder, outputFile: "/dev/full")
      #expect(result.status == 74, "\(result.standardError)")
      #expect(result.standardError == "sinetui: cannot write the output: No space left on device\n")
    }
  }
}
