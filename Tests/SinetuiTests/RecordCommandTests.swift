import Foundation
import TestSupport
import Testing

/// `sinetui --record FILE` refused before the terminal is touched.
///
/// The recordings themselves are tested in a terminal (`OutputTests`).
@Suite("--record, refused")
struct RecordCommandTests {
  @Test(
    "An existing file is never replaced: exit 64, one line, the file as it was",
    arguments: [["--record", "old.cast"], ["watch", "--record", "old.cast"]])
  func existingFile(arguments: [String]) throws {
    try withTemporaryFolder { folder in
      let file = folder.appendingPathComponent("old.cast")
      try "keep me\n".write(to: file, atomically: true, encoding: .utf8)
      let result = try BinaryRunner.run(arguments, in: folder)
      #expect(result.status == 64)
      #expect(result.standardOutput.isEmpty)
      let first = result.standardError.split(separator: "\n").first.map(String.init) ?? ""
      #expect(
        first
          == "Error: --record needs a new file: 'old.cast' already exists; a recording never replaces a file, so name a new one",
        "\(result.standardError)")
      #expect(try String(contentsOf: file, encoding: .utf8) == "keep me\n")
    }
  }

  @Test("Without a terminal the view says so, exits 1, and leaves no recording behind")
  func noTerminal() throws {
    try withTemporaryFolder { folder in
      let result = try BinaryRunner.run(["--record", "new.cast"], in: folder)
      #expect(result.status == 1)
      #expect(result.standardError.contains("sinetui train"))
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
  }
}
