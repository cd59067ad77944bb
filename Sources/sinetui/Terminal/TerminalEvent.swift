import SineUI

/// Why the terminal could not be opened.
struct TerminalUnavailable: Error {
  /// One line for standard error.
  var message: String
}

/// What reading the keyboard gave.
enum TerminalEvent: Equatable {
  /// A key.
  case key(Key)
  /// The window changed size.
  case resize
  /// The terminal is gone: its input ended or failed, or its output hung up.
  case hangUp
}
