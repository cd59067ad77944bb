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

  /// A file written through `descriptor`, opened by ``OutputFile``, which ``finish()`` closes.
  init(descriptor: Int32, path: String, role: String) {
    self.path = path
    self.role = role
    output = DescriptorOutput(descriptor: descriptor)
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
