import SineNet

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a training run as JSON Lines: the settings and initial parameters, then one line per step
/// with the sample used and the parameters after the step.
struct TraceWriter {
  /// Raised when the trace file cannot be opened or written.
  struct Failure: Error {
    var message: String
  }

  private let path: String
  private let output: DescriptorOutput
  private var buffer = ""

  /// Creates (or truncates) the file at `path`.
  init(path: String) throws(Failure) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw Failure(message: "cannot write the trace file '\(path)': \(describeErrno())")
    }
    self.path = path
    output = DescriptorOutput(descriptor: descriptor)
  }

  /// Whether `path` names a file that could be created or replaced, without touching it.
  static func problem(writing path: String) -> String? {
    if path.isEmpty { return "the path is empty" }
    var status = stat()
    if stat(path, &status) == 0 {
      if (status.st_mode & S_IFMT) == S_IFDIR { return "'\(path)' is a directory" }
      return access(path, W_OK) == 0 ? nil : "'\(path)' is not writable"
    }
    let directory =
      path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
    let folder = directory.isEmpty ? "/" : directory
    if stat(folder, &status) != 0 || (status.st_mode & S_IFMT) != S_IFDIR {
      return "the folder '\(folder)' does not exist"
    }
    return access(folder, W_OK) == 0 ? nil : "the folder '\(folder)' is not writable"
  }

  /// Writes the first line: the run's settings and its initial parameters.
  mutating func writeHeader(_ trainer: Trainer) throws(Failure) {
    var members: [(String, JSONValue)] = [
      ("rule", .string(trainer.rule.rawValue)),
      ("eta", .number(trainer.eta)),
      ("preset", .string(trainer.preset.rawValue)),
      ("seed", .unsigned(trainer.seed)),
      ("hidden", .int(trainer.network.hidden)),
    ]
    members += Self.parameters(of: trainer.network)
    try append(.object(members))
  }

  /// Writes one step: the sample it used and the parameters after it.
  mutating func writeStep(_ sample: Sample, _ network: Network) throws(Failure) {
    let members: [(String, JSONValue)] = [("x", .number(sample.x)), ("y", .number(sample.y))]
    try append(.object(members + Self.parameters(of: network)))
  }

  /// Writes what is buffered and closes the file.
  mutating func finish() throws(Failure) {
    try flush()
    close(output.descriptor)
  }

  private static func parameters(of network: Network) -> [(String, JSONValue)] {
    [
      ("w1", .numbers(network.w1)),
      ("w2", .numbers(network.w2)),
      ("b1", network.b1.map(JSONValue.numbers) ?? .null),
      ("b2", .number(network.b2)),
    ]
  }

  private mutating func append(_ line: JSONValue) throws(Failure) {
    buffer += line.text
    buffer += "\n"
    if buffer.utf8.count >= 1 << 16 { try flush() }
  }

  private mutating func flush() throws(Failure) {
    do {
      try output.write(buffer)
    } catch let failure as OutputFailed {
      throw Failure(message: "cannot write the trace file '\(path)': \(failure.reason)")
    } catch {
      throw Failure(message: "cannot write the trace file '\(path)': \(describeErrno())")
    }
    buffer = ""
  }
}

/// The C library's text for the current `errno`.
func describeErrno() -> String {
  String(cString: strerror(errno))
}
