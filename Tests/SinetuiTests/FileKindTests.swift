import Foundation
import SineNet
import TestSupport
import Testing

/// Paths that are not plain files: FIFOs, links, folders, devices, and one file named twice.
@Suite("What a path names")
struct FileKindTests {
  /// Makes a FIFO at `url`.
  static func makeFIFO(_ url: URL) throws {
    _ = try BinaryRunner.shell("mkfifo '\(url.path)'")
    #expect(FileManager.default.fileExists(atPath: url.path))
  }

  /// Writes a valid snapshot of a small run to `url`.
  static func writeSnapshot(_ url: URL, step: Int = 0) throws {
    var object = SnapshotFixture.object(of: Trainer(preset: .bias, seed: 2, hidden: 2))
    object["step"] = step
    try SnapshotFixture.write(object, to: url)
  }

  @Test(
    "A FIFO given as an input is refused at once, with one line and 66",
    arguments: [
      (["diagnose", "fifo"], "cannot diagnose the trace 'fifo'"),
      (["--load-trace", "fifo"], "cannot diagnose the trace 'fifo'"),
      (["watch", "--load-trace", "fifo"], "cannot diagnose the trace 'fifo'"),
      (["--load", "fifo"], "cannot load the snapshot 'fifo'"),
      (["train", "--load", "fifo"], "cannot load the snapshot 'fifo'"),
    ])
  func fifoInput(arguments: [String], message: String) throws {
    try withTemporaryFolder { folder in
      try Self.makeFIFO(folder.appendingPathComponent("fifo"))
      let result = try BinaryRunner.run(arguments, in: folder, timeout: 20)
      #expect(result.status == 66)
      #expect(result.standardError == "sinetui: \(message): it is not a regular file\n")
      #expect(result.standardOutput.isEmpty)
    }
  }

  @Test(
    "A FIFO that no program reads, given as an output, is refused at once with 64, and the other output is left as it was",
    arguments: ["--trace", "--loss-csv"])
  func fifoOutputWithoutReader(option: String) throws {
    try withTemporaryFolder { folder in
      try Self.makeFIFO(folder.appendingPathComponent("fifo"))
      let other = folder.appendingPathComponent("other")
      try Data("kept\n".utf8).write(to: other)
      let otherOption = option == "--trace" ? "--loss-csv" : "--trace"
      let result = try BinaryRunner.run(
        ["train", "--steps", "10", option, "fifo", otherOption, "other"], in: folder, timeout: 20)
      #expect(result.status == 64)
      #expect(
        result.standardError.hasPrefix(
          "Error: \(option) cannot write 'fifo': no program is reading the FIFO\n"),
        "\(result.standardError)")
      #expect(try String(contentsOf: other, encoding: .utf8) == "kept\n")
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
          "fifo", "other",
        ])
    }
  }

  @Test("A FIFO that a program reads, and /dev/null, take a trace as a stream")
  func fifoOutputWithReader() throws {
    try withTemporaryFolder { folder in
      try Self.makeFIFO(folder.appendingPathComponent("fifo"))
      // The reading end is open before the run starts (without waiting for a writer), and the
      // trace is small enough to wait in the pipe until the run has ended.
      let readEnd = open(folder.appendingPathComponent("fifo").path, O_RDONLY | O_NONBLOCK)
      try #require(readEnd >= 0)
      let reader = FileHandle(fileDescriptor: readEnd, closeOnDealloc: true)
      let result = try BinaryRunner.run(
        ["train", "--steps", "10", "--trace", "fifo", "--trace-steps", "10"], in: folder,
        timeout: 20)
      #expect(result.status == 0, "\(result.standardError)")
      let copy = String(decoding: try reader.readToEnd() ?? Data(), as: UTF8.self)
      #expect(copy.split(separator: "\n").count == 11)
      let null = try BinaryRunner.run(
        ["train", "--steps", "10", "--trace", "/dev/null", "--loss-csv", "/dev/null"], in: folder)
      #expect(null.status == 64, "both outputs name /dev/null")
      let alone = try BinaryRunner.run(
        ["train", "--steps", "10", "--trace", "/dev/null"], in: folder)
      #expect(alone.status == 0, "\(alone.standardError)")
    }
  }

  @Test("--load follows a link to a snapshot; a link to a folder, a FIFO or nothing is refused")
  func links() throws {
    try withTemporaryFolder { folder in
      try Self.writeSnapshot(folder.appendingPathComponent("snap.json"))
      let manager = FileManager.default
      try manager.createSymbolicLink(
        atPath: folder.appendingPathComponent("good").path, withDestinationPath: "snap.json")
      try manager.createSymbolicLink(
        atPath: folder.appendingPathComponent("chain").path, withDestinationPath: "good")
      let result = try BinaryRunner.run(["train", "--load", "chain", "--steps", "10"], in: folder)
      #expect(result.status == 0, "\(result.standardError)")
      #expect(result.standardOutput.contains("after 10 steps"), "\(result.standardOutput)")
      try manager.createDirectory(
        at: folder.appendingPathComponent("dir"), withIntermediateDirectories: false)
      try Self.makeFIFO(folder.appendingPathComponent("fifo"))
      for (target, problem, status) in [
        ("dir", "it is not a regular file", Int32(66)), ("fifo", "it is not a regular file", 66),
        ("missing", "no such file", 66),
      ] {
        let link = "link-to-\(target)"
        try manager.createSymbolicLink(
          atPath: folder.appendingPathComponent(link).path, withDestinationPath: target)
        let refused = try BinaryRunner.run(["train", "--load", link], in: folder, timeout: 20)
        #expect(refused.status == status, "\(target)")
        #expect(
          refused.standardError == "sinetui: cannot load the snapshot '\(link)': \(problem)\n")
      }
    }
  }

  @Test(
    "Two outputs that are one file, or an output that is the input, are refused with 64 and nothing written",
    arguments: [
      ["--trace", "x", "--loss-csv", "x"], ["--trace", "x", "--loss-csv", "./x"],
      ["--trace", "out", "--loss-csv", "hard"], ["--trace", "out", "--loss-csv", "soft"],
      ["--load", "snap.json", "--trace", "snap.json"],
      ["--load", "snap.json", "--loss-csv", "link"],
      ["--load", "./snap.json", "--trace", "../\(UUID().uuidString)/snap.json"],
    ])
  func sameFile(_ arguments: [String]) throws {
    try withTemporaryFolder { folder in
      let manager = FileManager.default
      try Self.writeSnapshot(folder.appendingPathComponent("snap.json"))
      try Data("out\n".utf8).write(to: folder.appendingPathComponent("out"))
      try manager.linkItem(
        atPath: folder.appendingPathComponent("out").path,
        toPath: folder.appendingPathComponent("hard").path)
      try manager.createSymbolicLink(
        atPath: folder.appendingPathComponent("soft").path, withDestinationPath: "out")
      try manager.createSymbolicLink(
        atPath: folder.appendingPathComponent("link").path, withDestinationPath: "snap.json")
      let before = try Self.contents(of: folder)
      // The folder's own name, for a path that leaves it and comes back.
      let arguments = arguments.map {
        $0.hasPrefix("../") ? "../\(folder.lastPathComponent)/snap.json" : $0
      }
      let result = try BinaryRunner.run(["train", "--steps", "10"] + arguments, in: folder)
      #expect(result.status == 64, "\(result.standardError)")
      let first = result.standardError.split(separator: "\n").first ?? ""
      #expect(first.hasPrefix("Error: --"), "\(first)")
      #expect(first.contains("name the same file"), "\(first)")
      #expect(try Self.contents(of: folder) == before)
    }
  }

  /// Every file in `folder` and its bytes.
  static func contents(of folder: URL) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return files
  }
}
