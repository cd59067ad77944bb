import CPlatform

/// curses' output, collected in memory and sent to the terminal by the program: a frame in one
/// write, and never a wait for a terminal that is slow to read.
///
/// curses writes into ``capture``, a file in memory that the descriptor curses was started on
/// points to (``Terminal`` arranges it). After each frame, ``send()`` reads back what curses
/// wrote and gives it to the terminal in one write on a second open of it that never waits. What
/// the terminal does not take stays in the memory file and goes first the next time; until it
/// has gone, no new frame is drawn: frames are skipped, never queued. So memory holds at most
/// one frame, the bytes reach the terminal in order (curses' idea of the screen stays exact, and
/// the frame after a stall needs no full repaint), and the next frame shows the moment it is
/// drawn in.
///
/// Every byte is also given to the ``recording``, if there is one, as it is collected.
final class FrameOutput {
  /// The file in memory that curses writes into.
  let capture: Int32
  /// The terminal, opened again so that writing to it never waits.
  private let terminal: Int32
  /// Where the bytes the terminal has not taken yet begin in ``capture``; they end where curses
  /// has written to.
  private var sent = 0
  /// Where the bytes not yet given to the recording begin in ``capture``.
  private var recorded = 0
  /// The bytes being sent, read back from ``capture``: as large as the largest frame so far.
  private var buffer: [UInt8] = []
  /// The recording that gets every byte, if there is one.
  var recording: SessionRecording?
  /// Whether the terminal is gone: a write to it failed other than for want of room.
  private(set) var isGone = false

  /// The file size limit below which curses' output is not collected: a frame of the largest
  /// screen drawn (``ScreenSize/largest``) must fit, since a write past the limit fails and
  /// curses drops what it could not write.
  static let smallestFileSizeLimit = 64 << 20

  /// Output for the terminal on `descriptor`, or nil when it cannot be had.
  ///
  /// That is under a file size limit below ``smallestFileSizeLimit`` (`ulimit -f`), without a file
  /// in memory, or for a terminal that cannot be opened again; curses then writes to the
  /// terminal itself.
  init?(terminal descriptor: Int32) {
    let limit = sinetui_file_size_limit()
    guard limit < 0 || limit >= Self.smallestFileSizeLimit else { return nil }
    let capture = sinetui_memory_file("sinetui-frame")
    guard capture >= 0 else { return nil }
    let terminal = sinetui_open_terminal_without_waiting(descriptor)
    guard terminal >= 0 else {
      CPlatform.close(capture)
      return nil
    }
    self.capture = capture
    self.terminal = terminal
  }

  /// Closes the memory file and the second open of the terminal; call after ``drain()``.
  func close() {
    CPlatform.close(capture)
    CPlatform.close(terminal)
    TerminalRescue.setUnsent(file: -1, from: 0, to: 0)
  }

  // MARK: - Sending

  /// Gives the terminal what curses wrote since the last call and what it has not taken before,
  /// in one write that never waits; returns whether it has taken everything.
  ///
  /// A write cut short by a signal is made again; one the terminal has no room for sends
  /// nothing, and the bytes wait for the next call. A terminal that is gone gets nothing more.
  @discardableResult
  func send() -> Bool {
    let end = lseek(capture, 0, SEEK_CUR)
    let count = end - sent
    // Bytes that cannot be read back (which does not happen) are lost; the screen may then be
    // wrong until the next full repaint.
    guard count > 0, !isGone, readBack(count: count) else { return restart(at: end) }
    if end > recorded, let recording {
      buffer.withUnsafeBytes {
        recording.output(UnsafeRawBufferPointer(rebasing: $0[(recorded - sent)..<count]))
      }
    }
    recorded = end
    let written = buffer.withUnsafeBytes { bytes in
      var result = -1
      repeat {
        result = CPlatform.write(terminal, bytes.baseAddress, count)
      } while result < 0 && sinetui_errno() == EINTR
      return result
    }
    if written < 0, sinetui_errno() != EAGAIN, sinetui_errno() != EWOULDBLOCK { isGone = true }
    sent += max(written, 0)
    guard sent < end, !isGone else { return restart(at: end) }
    TerminalRescue.setUnsent(file: capture, from: sent, to: end)
    return false
  }

  /// Sends everything the terminal has not taken yet, waiting as long as it takes.
  ///
  /// The last frame goes whole before the terminal is put back; only a terminal that is gone ends
  /// the wait early.
  func drain() {
    while !send() {
      _ = sinetui_wait_for_room(terminal, -1)
    }
  }

  /// Reads `count` bytes from ``sent`` on back into ``buffer``; false when they cannot be read.
  private func readBack(count: Int) -> Bool {
    if buffer.count < count { buffer = [UInt8](repeating: 0, count: count) }
    var done = 0
    while done < count {
      let read = buffer.withUnsafeMutableBytes { bytes in
        pread(capture, bytes.baseAddress.map { $0 + done }, count - done, off_t(sent + done))
      }
      if read < 0, sinetui_errno() == EINTR { continue }
      guard read > 0 else { return false }
      done += read
    }
    return true
  }

  /// Starts the memory file again, which ends at `end` now; returns true.
  ///
  /// Everything is sent (or the terminal is gone): curses writes the next frame from the start.
  private func restart(at end: Int) -> Bool {
    if end > 0 { lseek(capture, 0, SEEK_SET) }
    sent = 0
    recorded = 0
    TerminalRescue.setUnsent(file: -1, from: 0, to: 0)
    return true
  }
}
