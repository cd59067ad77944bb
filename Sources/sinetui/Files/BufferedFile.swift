import CPlatform
import SineFormats

/// A file written line by line through a buffer, for traces and loss tables.
struct BufferedFile {
  /// Raised when the file cannot be opened or written; the message names the file.
  struct Failure: Error {
    var message: String
  }

  /// What the file is, for messages: "trace file", "loss table".
  let role: String
  private let path: String
  private let output: DescriptorOutput
  private var buffer = ""

  /// Creates (or truncates) the file at `path`.
  init(path: String, role: String) throws(Failure) {
    let descriptor = sinetui_open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw Failure(
        message: "cannot write the \(role) \(QuotedText.quoted(path)): \(describeErrno())")
    }
    self.path = path
    self.role = role
    output = DescriptorOutput(descriptor: descriptor)
  }

  /// Whether `path` names a file that could be created or replaced, without touching it.
  static func problem(writing path: String) -> String? {
    if path.isEmpty { return "the path is empty" }
    switch sinetui_path_kind(path) {
    case sinetui_kind_missing: break
    case sinetui_kind_directory: return "\(QuotedText.quoted(path)) is a directory"
    default: return access(path, W_OK) == 0 ? nil : "\(QuotedText.quoted(path)) is not writable"
    }
    let directory =
      path.contains("/") ? String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) : "."
    let folder = directory.isEmpty ? "/" : directory
    if sinetui_path_kind(folder) != sinetui_kind_directory {
      return "the folder \(QuotedText.quoted(folder)) does not exist"
    }
    return access(folder, W_OK) == 0
      ? nil : "the folder \(QuotedText.quoted(folder)) is not writable"
  }

  /// Adds `line` and a newline.
  mutating func append(_ line: String) throws(Failure) {
    buffer += line
    buffer += "\n"
    if buffer.utf8.count >= 1 << 16 { try flush() }
  }

  /// Writes what is buffered and closes the file.
  mutating func finish() throws(Failure) {
    try flush()
    close(output.descriptor)
  }

  private mutating func flush() throws(Failure) {
    do {
      try output.write(buffer)
    } catch let failure as OutputFailed {
      throw Failure(
        message: "cannot write the \(role) \(QuotedText.quoted(path)): \(failure.reason)")
    } catch {
      throw Failure(
        message: "cannot write the \(role) \(QuotedText.quoted(path)): \(describeErrno())")
    }
    buffer = ""
  }
}

/// The C library's text for the current `errno`.
func describeErrno() -> String {
  String(cString: strerror(sinetui_errno()))
}
