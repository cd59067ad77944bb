import Foundation
import SineNet
import TestSupport
import Testing

/// Every kind of bad snapshot, each through the binary: one line naming the file and the
/// problem, and the status (66 unreadable, 65 wrong contents).
@Suite("Bad snapshots, end to end")
struct BadSnapshotTests {
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
      var object = SnapshotFixture.object(of: Trainer(preset: .bias, seed: 2, hidden: 2))
      switch kind {
      case "missing": break
      case "folder":
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
      case "not JSON": try Data("step 5, eta 0.01".utf8).write(to: file)
      case "wrong shape":
        try SnapshotFixture.write(["format": "sinetui-snapshot", "version": 1], to: file)
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
        try SnapshotFixture.write(object, to: file)
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
}
