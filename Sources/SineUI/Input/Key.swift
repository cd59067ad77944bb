/// A key press as the view understands it, already decoded from the terminal's codes.
public enum Key: Hashable, Sendable {
  /// A printable character.
  case character(Character)
  /// A control character, by its code (Ctrl-C is 3).
  case control(UInt8)
  /// The Escape key on its own.
  case escape
  /// The up arrow.
  case up
  /// The down arrow.
  case down
  /// The left arrow.
  case left
  /// The right arrow.
  case right
  /// A function or other special key, an Alt chord or an escape sequence the terminal does not
  /// list: keys the view has no use for.
  case other(Int32)
}
