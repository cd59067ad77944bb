import CPlatform

/// Opens the files sinetui reads (snapshots, traces): the one way an input is opened.
///
/// A path is opened without waiting (a FIFO with no writer would hold `open` forever), then
/// checked on the open descriptor, so that what is checked is what is read: it must be a regular
/// file once links are followed. Reading then waits as usual.
enum InputFile {
  /// Why a path cannot be read, in a few words for a message; the status is always
  /// ``ExitStatus/noInput``.
  struct Unreadable: Error {
    /// "no such file", "it is not a regular file", or the C library's reason.
    var reason: String
  }

  /// Opens `path` for reading; the caller closes the descriptor.
  static func open(_ path: String) throws(Unreadable) -> Int32 {
    let descriptor = sinetui_open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0)
    guard descriptor >= 0 else {
      throw Unreadable(
        reason: sinetui_errno() == ENOENT ? "no such file" : "it cannot be read: \(describeErrno())"
      )
    }
    switch sinetui_descriptor_kind(descriptor) {
    case sinetui_kind_regular:
      guard sinetui_make_blocking(descriptor) == 0 else { break }
      return descriptor
    case sinetui_kind_missing: break
    default:
      close(descriptor)
      throw Unreadable(reason: "it is not a regular file")
    }
    let reason = "it cannot be read: \(describeErrno())"
    close(descriptor)
    throw Unreadable(reason: reason)
  }
}
