import Foundation
import TestSupport
import Testing

/// The command line a newcomer meets: the version, a mistyped command, what --help promises.
@Suite("The command line")
struct CommandLineTests {
  @Test("--version prints the version, and exits 0")
  func version() throws {
    let result = try BinaryRunner.run(["--version"])
    #expect(result.status == 0)
    #expect(result.standardOutput == "2.0.0\n")
  }

  @Test(
    "A mistyped command names the closest one; any other word lists the commands; both exit 64",
    arguments: [
      ("trian", "did you mean 'train'?"), ("wacth", "did you mean 'watch'?"),
      ("chek", "did you mean 'check'?"), ("diagnosis", "did you mean 'diagnose'?"),
      ("foo", "the commands are watch (the default), train, check and diagnose"),
      ("\u{1B}]2;X\u{07}", "'\\x1B]2;X\\x07' is not a command"),
    ])
  func mistypedCommand(word: String, says: String) throws {
    let result = try BinaryRunner.run([word, "--steps", "10"])
    #expect(result.status == 64)
    #expect(result.standardOutput.isEmpty)
    let lines = result.standardError.split(separator: "\n")
    #expect(lines.count == 1, "\(result.standardError)")
    #expect(lines.first?.hasPrefix("sinetui: ") == true)
    #expect(lines.first?.contains(says) == true, "\(result.standardError)")
    #expect(!result.standardError.contains("\u{1B}"))
  }

  @Test("train --help states every default; watch --help lists every key")
  func help() throws {
    let train = try BinaryRunner.run(["train", "--help"]).standardOutput
    let flat = train.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for text in [
      "(default: 500000, the original's)", "(default: 10000)", "(default: 1000)",
      "Exits 0 when the run ran, whether or not it diverged",
    ] {
      #expect(flat.contains(text), "\(text)")
    }
    let watch = try BinaryRunner.run(["watch", "--help"]).standardOutput
    let keys = watch.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    for key in [
      "space pause", "n/N", "r reset", "b the original", "1 flipped sign", "2 sigmoid of a sigmoid",
      "+/-", "]/[ speed", "p next preset", "c compare", "g gradient check", "h hidden units",
      "z 3x wider", "e why", "s save a snapshot", "? help", "q/Esc/Ctrl-C quit",
    ] {
      #expect(keys.contains(key), "\(key)")
    }
  }

  @Test("A run that diverges exits 0, and its summary says it diverged")
  func divergenceExitsZero() throws {
    let result = try BinaryRunner.run([
      "train", "--preset", "numpy", "--gradient", "original", "--seed", "3", "--steps", "20000",
      "--print-every", "100000",
    ])
    #expect(result.status == 0)
    let last = result.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
    #expect(last.hasPrefix("diverged at step 4621:"), "\(result.standardOutput)")
  }
}
