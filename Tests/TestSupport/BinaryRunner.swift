import Foundation
import Testing

/// Runs the built `sinetui` executable, which SwiftPM places beside the test bundle.
public struct BinaryRunner {
  /// What one run of the binary left behind.
  public struct Result {
    /// The exit status.
    public var status: Int32
    /// Everything written to standard output.
    public var standardOutput: String
    /// Everything written to standard error.
    public var standardError: String
  }

  /// The built binary: in the same folder as the test runner.
  public static var executable: URL {
    let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = runner.deletingLastPathComponent()
    // On Linux the runner is `<build>/sinetuiPackageTests.xctest`; on macOS it sits inside a bundle.
    while !FileManager.default.isExecutableFile(
      atPath: folder.appendingPathComponent("sinetui").path),
      folder.pathComponents.count > 1
    {
      folder.deleteLastPathComponent()
    }
    return folder.appendingPathComponent("sinetui")
  }

  /// Runs `sinetui` with `arguments` in `directory` and waits for it, for at most `timeout` seconds;
  /// with `outputFile`, its standard output goes to that file (`/dev/full`) instead of a pipe.
  public static func run(
    _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
    timeout: TimeInterval = 120, outputFile: String? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let output = Pipe()
    let error = Pipe()
    if let outputFile {
      process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
      output.fileHandleForWriting.closeFile()
    } else {
      process.standardOutput = output
    }
    process.standardError = error
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Drain both pipes while it runs so a chatty child never blocks on a full pipe.
    let outputData = LockedData()
    let errorData = LockedData()
    let group = DispatchGroup()
    for (pipe, sink) in [(output, outputData), (error, errorData)] {
      group.enter()
      DispatchQueue.global().async {
        sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
        group.leave()
      }
    }
    if group.wait(timeout: .now() + timeout) == .timedOut {
      // SIGKILL: the test runner's threads block the signals a child inherits, SIGTERM among them.
      kill(process.processIdentifier, SIGKILL)
      Issue.record("sinetui \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
    }
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      standardOutput: String(decoding: outputData.get(), as: UTF8.self),
      standardError: String(decoding: errorData.get(), as: UTF8.self))
  }

  /// Runs a shell command line and returns its standard output.
  public static func shell(_ command: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  /// A fresh empty folder under the system's temporary folder.
  public static func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("sinetui-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }
}

/// Bytes filled in by one thread and read by another.
final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()

  func set(_ value: Data) {
    lock.lock()
    data = value
    lock.unlock()
  }

  func get() -> Data {
    lock.lock()
    defer { lock.unlock() }
    return data
  }
}

/// Calls `body` with a fresh empty folder under the system's temporary folder, and removes the
/// folder and everything in it afterwards, however `body` ends.
public func withTemporaryFolder<Result>(_ body: (URL) throws -> Result) throws -> Result {
  let folder = try BinaryRunner.temporaryFolder()
  defer { try? FileManager.default.removeItem(at: folder) }
  return try body(folder)
}

extension BinaryRunner {
  /// Writes a trace with `sinetui train --trace` into `folder` as `t.jsonl`, with `arguments`
  /// after it, and expects the run to succeed.
  public static func trainWithTrace(_ arguments: [String], in folder: URL) throws {
    let result = try run(
      ["train", "--trace", "t.jsonl", "--print-every", "1000000"] + arguments, in: folder)
    #expect(result.status == 0, "\(result.standardError)")
  }
}
