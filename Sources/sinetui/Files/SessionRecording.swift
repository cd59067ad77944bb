import CPlatform
import SineFormats

/// The live view recorded as the terminal was sent it: an asciicast v2 file (``Asciicast``),
/// which `asciinema play` plays and asciinema's player embeds.
///
/// The file is new (an existing file is never replaced), and written as the session goes: the
/// header once the terminal's size is known, then a line for each frame's bytes and for each
/// change of size, each line in one write, so that a session that is killed leaves every frame up
/// to then. A write that fails stops the recording, and the file is cut back to its last whole
/// line: it is never left half-written.
final class SessionRecording {
  /// The path, as given.
  let path: String
  private let descriptor: Int32
  private let clock = ContinuousClock()
  private var start: ContinuousClock.Instant
  /// The bytes of whole lines in the file.
  private var length = 0
  private var isOpen = true
  /// Why the recording stopped early, in the C library's words; nil while it goes on.
  private(set) var failure: String?

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
    start = clock.now
  }

  // MARK: - Opening

  /// Why `path` cannot take a new recording, found without creating it, or nil when it can.
  static func problem(recordingTo path: String) -> String? {
    if let problem = OutputFile.problem(writing: path) { return problem }
    guard sinetui_path_kind(path) == sinetui_kind_missing else {
      return "\(QuotedText.quoted(path)) \(exists)"
    }
    return nil
  }

  /// Why an existing file is refused.
  private static let exists = "already exists; a recording never replaces a file, so name a new one"

  /// Creates the file at `path`, which must not exist yet.
  static func create(_ path: String) throws(OutputFile.Unwritable) -> SessionRecording {
    let descriptor = sinetui_open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      let reason = sinetui_errno() == EEXIST ? "it \(exists)" : describeErrno()
      throw OutputFile.Unwritable(path: path, reason: reason)
    }
    return SessionRecording(path: path, descriptor: descriptor)
  }

  // MARK: - Writing

  /// Writes the header: the terminal is `width` x `height` cells and named `term`; the events'
  /// times count from now.
  func begin(width: Int, height: Int, term: String) {
    start = clock.now
    append(
      Asciicast.header(width: width, height: height, timestamp: Int(sinetui_now()), term: term))
  }

  /// Records `bytes` as sent to the terminal now.
  func output(_ bytes: UnsafeRawBufferPointer) {
    guard failure == nil, !bytes.isEmpty else { return }
    append(Asciicast.output(at: seconds, bytes))
  }

  /// Records that the terminal is `width` x `height` cells from now on.
  func resize(width: Int, height: Int) {
    guard failure == nil else { return }
    append(Asciicast.resize(at: seconds, width: width, height: height))
  }

  /// Closes the file.
  func close() {
    guard isOpen else { return }
    isOpen = false
    CPlatform.close(descriptor)
  }

  /// Closes the file and removes it: the session never started.
  func discard() {
    close()
    unlink(path)
  }

  /// The message for a recording that stopped early, naming the file; nil when none did.
  var failureMessage: String? {
    failure.map { "cannot write the recording \(QuotedText.quoted(path)): \($0)" }
  }

  private var seconds: Double { (clock.now - start).inSeconds }

  /// Writes `line` and its newline in one write; when that fails, cuts the file back to its last
  /// whole line and stops.
  private func append(_ line: String) {
    guard failure == nil, isOpen else { return }
    let text = line + "\n"
    do {
      try DescriptorOutput(descriptor: descriptor).write(text)
      length += text.utf8.count
    } catch let failed as OutputFailed {
      stop(failed.reason)
    } catch {
      stop(describeErrno())
    }
  }

  private func stop(_ reason: String) {
    failure = reason
    _ = ftruncate(descriptor, off_t(length))
  }
}
