import CPlatform
import SineFormats

/// Opens the files sinetui writes (traces, loss tables, the frame log): the one way an output is
/// opened.
///
/// A path is opened without waiting (a FIFO that no program reads would hold `open` forever) and
/// checked on the open descriptor before anything is changed: a regular file is emptied, a FIFO
/// with a reader or a character device (`/dev/null`) is written as a stream, anything else is
/// refused. Writing then waits as usual.
enum OutputFile {
  /// Why a path cannot be written, in a few words for a message.
  struct Unwritable: Error {
    /// The path.
    var path: String
    /// The reason, such as "no program is reading the FIFO".
    var reason: String
  }

  /// Opens `path` for writing, creating it or emptying it; the caller closes the descriptor.
  static func open(_ path: String) throws(Unwritable) -> Int32 {
    try open([path])[0]
  }

  /// Opens every one of `paths` for writing, or none.
  ///
  /// Each is opened and checked before any is emptied, and when one cannot be, those opened are
  /// closed and those created removed, so that a refused command line changes no file. Returns
  /// the descriptors in order; the caller closes them.
  static func open(_ paths: [String]) throws(Unwritable) -> [Int32] {
    var opened: [(descriptor: Int32, path: String, created: Bool, isRegular: Bool)] = []
    func undo() {
      for file in opened {
        close(file.descriptor)
        if file.created { unlink(file.path) }
      }
    }
    for path in paths {
      do {
        opened.append(try openUnchanged(path))
      } catch {
        undo()
        throw error
      }
    }
    for file in opened where file.isRegular && !file.created {
      guard ftruncate(file.descriptor, 0) == 0 else {
        let failure = Unwritable(path: file.path, reason: describeErrno())
        undo()
        throw failure
      }
    }
    return opened.map(\.descriptor)
  }

  /// Opens `path` without waiting and without changing it, creating it when it does not exist,
  /// and checks what it is.
  private static func openUnchanged(_ path: String) throws(Unwritable) -> (
    descriptor: Int32, path: String, created: Bool, isRegular: Bool
  ) {
    let flags = O_WRONLY | O_NONBLOCK | O_CLOEXEC
    var created = true
    var descriptor = sinetui_open(path, flags | O_CREAT | O_EXCL, 0o644)
    if descriptor < 0, sinetui_errno() == EEXIST {
      created = false
      descriptor = sinetui_open(path, flags, 0)
    }
    guard descriptor >= 0 else {
      let errno = sinetui_errno()
      throw Unwritable(
        path: path, reason: errno == ENXIO ? "no program is reading the FIFO" : describeErrno())
    }
    let kind = sinetui_descriptor_kind(descriptor)
    var failure: String?
    switch kind {
    case sinetui_kind_regular, sinetui_kind_fifo, sinetui_kind_character_device: break
    case sinetui_kind_missing: failure = describeErrno()
    default: failure = "it is not a regular file"
    }
    if failure == nil, sinetui_make_blocking(descriptor) != 0 { failure = describeErrno() }
    guard let failure else {
      return (descriptor, path, created, kind == sinetui_kind_regular)
    }
    close(descriptor)
    if created { unlink(path) }
    throw Unwritable(path: path, reason: failure)
  }

  /// Why `path` cannot name an output, found without opening it, or nil when it may: the command
  /// line is checked with this before anything is read or written.
  static func problem(writing path: String) -> String? {
    if path.isEmpty { return "the path is empty" }
    switch sinetui_path_kind(path) {
    case sinetui_kind_missing: break
    case sinetui_kind_directory: return "\(QuotedText.quoted(path)) is a directory"
    case sinetui_kind_regular, sinetui_kind_fifo, sinetui_kind_character_device:
      return access(path, W_OK) == 0 ? nil : "\(QuotedText.quoted(path)) is not writable"
    default: return "\(QuotedText.quoted(path)) is not a regular file"
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
}
