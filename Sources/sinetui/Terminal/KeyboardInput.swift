import CPlatform
import SineUI

/// The keys typed at the terminal, read and decoded here (curses only draws), and the terminal
/// going away.
///
/// Bytes are read as they come and decoded by an ``InputDecoder``; when they stop in the middle of
/// a sequence, the reader waits the escape delay for the rest before ending it, which is when a
/// lone Esc becomes the Escape key. The end of the input or an I/O error on it, and a hang-up or
/// error on the output, are the terminal gone: ``TerminalEvent/hangUp``.
struct KeyboardInput {
  /// How long to wait for the rest of a sequence, as terminals send one in a single write.
  static let escapeDelay = 25

  private let input: Int32
  private let output: Int32
  private var decoder = InputDecoder()
  private var keys: [Key] = []
  private var nextKey = 0
  private var buffer = [UInt8](repeating: 0, count: 4096)
  private var isHungUp = false

  /// Keys from `input`, watching `output` for a hang-up.
  init(input: Int32, output: Int32) {
    self.input = input
    self.output = output
  }

  /// The next key, waiting at most `milliseconds` (0: only what is already there) for one to
  /// begin; nil when none came in that time or a signal cut the wait short.
  mutating func read(waitingAtMost milliseconds: Int) -> TerminalEvent? {
    if let key = queuedKey() { return .key(key) }
    guard !isHungUp else { return .hangUp }
    switch sinetui_wait_for_input(input, output, Int32(max(0, milliseconds))) {
    case sinetui_wait_input: readAvailable()
    case sinetui_wait_hung_up: isHungUp = true
    default: return nil
    }
    // The rest of a sequence comes at once; give it the escape delay, then end what is begun.
    while decoder.isWaiting, !isHungUp {
      switch sinetui_wait_for_input(input, output, Int32(Self.escapeDelay)) {
      case sinetui_wait_input: readAvailable()
      case sinetui_wait_hung_up: isHungUp = true
      case sinetui_wait_interrupted: continue
      default: decoder.flush(into: &keys)
      }
    }
    if let key = queuedKey() { return .key(key) }
    return isHungUp ? .hangUp : nil
  }

  /// Reads what is waiting and decodes it; the end of the input or a failed read is a hang-up.
  private mutating func readAvailable() {
    let count = buffer.withUnsafeMutableBytes {
      CPlatform.read(input, $0.baseAddress, $0.count)
    }
    if count > 0 {
      decoder.decode(buffer[..<count], into: &keys)
    } else if count == 0 || (sinetui_errno() != EINTR && sinetui_errno() != EAGAIN) {
      isHungUp = true
    }
  }

  /// The next decoded key not yet handed out.
  private mutating func queuedKey() -> Key? {
    guard nextKey < keys.count else {
      keys.removeAll(keepingCapacity: true)
      nextKey = 0
      return nil
    }
    defer { nextKey += 1 }
    return keys[nextKey]
  }
}
