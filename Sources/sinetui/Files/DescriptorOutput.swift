import CPlatform

/// Raised when the reader of a pipe has gone away (`sinetui train | head -3`).
struct OutputClosed: Error {}

/// Raised when a write fails for any other reason (a full disk, `/dev/full`).
struct OutputFailed: Error {
  /// The C library's description of the error.
  var reason: String
}

/// Writes text straight to a file descriptor, reporting a closed pipe as ``OutputClosed`` instead
/// of dying of SIGPIPE, so that a command whose reader left can stop quietly.
struct DescriptorOutput {
  /// Standard output.
  static let standardOutput = DescriptorOutput(descriptor: STDOUT_FILENO)
  /// Standard error.
  static let standardError = DescriptorOutput(descriptor: STDERR_FILENO)

  let descriptor: Int32

  /// Turns SIGPIPE into an EPIPE error from `write`, for the whole process.
  static func ignoreBrokenPipeSignal() {
    sinetui_ignore_signal(SIGPIPE)
  }

  /// Writes all of `text`, retrying short writes and interruptions.
  func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { bytes in
      guard let base = bytes.baseAddress else { return }
      var offset = 0
      while offset < bytes.count {
        let written = CPlatform.write(descriptor, base + offset, bytes.count - offset)
        if written < 0 {
          switch sinetui_errno() {
          case EINTR: continue
          case EPIPE: throw OutputClosed()
          default: throw OutputFailed(reason: describeErrno())
          }
        }
        offset += written
      }
    }
  }

  /// Writes `text` and a newline.
  func line(_ text: String) throws {
    try write(text + "\n")
  }
}
