/// Turns the bytes a terminal sends into keys, the keys a person presses and nothing else.
///
/// Characters arrive as UTF-8, keys without a character (arrows, function keys) and the
/// terminal's own reports (mouse reports, replies) as escape sequences. Every well-formed
/// sequence is swallowed whole, however long: only the four arrows become keys. A sequence
/// that breaks off or holds bytes it cannot hold is swallowed too, up to where it ends, and an
/// Esc that interrupts one starts the next sequence rather than counting as the Escape key, so
/// that no malformed input can quit or change anything.
///
/// - Esc followed by anything in the same burst is Alt with that (a key, a character, or a whole
///   sequence, as xterm's "meta sends escape" writes it) and is swallowed; Esc Esc is Alt-Esc.
/// - Esc alone is the Escape key, but only once no more bytes have come within the escape delay:
///   the reader calls ``flush(into:)`` then.
/// - Control sequences (`Esc [`) and single shifts (`Esc O`) run to their final byte, 0x40
///   through 0x7E; strings (`Esc ]`, `Esc P`, `Esc _`, `Esc ^`, `Esc X`) to BEL or `Esc \`.
/// - `Esc [ M` with no parameters is an X10 mouse report: three more bytes, whatever they are.
/// - Bytes that are not UTF-8, and characters cut short, are dropped.
///
/// Pure: bytes in, keys out. The reader does the waiting.
public struct InputDecoder: Sendable {
  /// What the bytes so far have begun.
  private enum State: Sendable, Hashable {
    /// Nothing: the next byte starts a key.
    case ground
    /// A character of `length` bytes, `remaining` of them still to come; `isSwallowed` when it
    /// follows an Esc (Alt with a character), which is no key here.
    case character(value: UInt32, length: Int, remaining: Int, isSwallowed: Bool)
    /// An Esc. `isQuiet` when the Esc interrupted a sequence, which makes it no key of its own.
    case escape(isQuiet: Bool)
    /// A control sequence (`Esc [`) or a single shift (`Esc O`); `isBare` while no byte has come
    /// between the introducer and the final byte.
    case sequence(isShift: Bool, isBare: Bool)
    /// A string sequence, up to BEL or `Esc \`.
    case string
    /// The bytes of an X10 mouse report still to come.
    case mouseReport(remaining: Int)
  }

  private var state = State.ground

  /// A decoder with nothing begun.
  public init() {}

  /// Whether a key or sequence has begun and waits for more bytes.
  public var isWaiting: Bool { state != .ground }

  /// Decodes `bytes`, appending the keys they complete to `keys`.
  public mutating func decode(_ bytes: some Sequence<UInt8>, into keys: inout [Key]) {
    for byte in bytes { consume(byte, into: &keys) }
  }

  /// Ends what has begun, as when no more bytes come within the escape delay: an Esc on its own is
  /// the Escape key; a character or sequence cut short is dropped.
  public mutating func flush(into keys: inout [Key]) {
    if state == .escape(isQuiet: false) { keys.append(.escape) }
    state = .ground
  }

  // MARK: - One byte

  private mutating func consume(_ byte: UInt8, into keys: inout [Key]) {
    switch state {
    case .ground:
      ground(byte, into: &keys)
    case .character(let value, let length, let remaining, let isSwallowed):
      guard (0x80...0xBF).contains(byte) else {
        // Cut short: the character is dropped, and the byte begins what comes next.
        state = .ground
        ground(byte, into: &keys)
        return
      }
      let value = value << 6 | UInt32(byte & 0x3F)
      guard remaining == 1 else {
        state = .character(
          value: value, length: length, remaining: remaining - 1, isSwallowed: isSwallowed)
        return
      }
      state = .ground
      if !isSwallowed, let scalar = Self.scalar(value, length: length) {
        keys.append(.character(Character(scalar)))
      }
    case .escape:
      escape(byte)
    case .sequence(let isShift, let isBare):
      switch byte {
      case 0x40...0x7E:
        state = .ground
        guard isBare else { return }
        switch byte {
        case UInt8(ascii: "A"): keys.append(.up)
        case UInt8(ascii: "B"): keys.append(.down)
        case UInt8(ascii: "C"): keys.append(.right)
        case UInt8(ascii: "D"): keys.append(.left)
        case UInt8(ascii: "M") where !isShift: state = .mouseReport(remaining: 3)
        default: break
        }
      case 0x1B: state = .escape(isQuiet: true)
      // Parameters and intermediates, and bytes no sequence holds, which make it malformed: all
      // are swallowed up to the final byte.
      default: state = .sequence(isShift: isShift, isBare: false)
      }
    case .string:
      switch byte {
      case 0x07: state = .ground
      // Esc \ ends the string; an Esc with anything else interrupts it.
      case 0x1B: state = .escape(isQuiet: true)
      default: break
      }
    case .mouseReport(let remaining):
      state = remaining > 1 ? .mouseReport(remaining: remaining - 1) : .ground
    }
  }

  /// A byte that begins a key.
  private mutating func ground(_ byte: UInt8, into keys: inout [Key]) {
    switch byte {
    case 0x1B: state = .escape(isQuiet: false)
    case 0x00...0x1F, 0x7F: keys.append(.control(byte))
    case 0x20...0x7E: keys.append(.character(Character(Unicode.Scalar(byte))))
    default: beginCharacter(byte, isSwallowed: false)
    }
  }

  /// A byte after an Esc.
  private mutating func escape(_ byte: UInt8) {
    switch byte {
    case UInt8(ascii: "["): state = .sequence(isShift: false, isBare: true)
    case UInt8(ascii: "O"): state = .sequence(isShift: true, isBare: true)
    case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"),
      UInt8(ascii: "X"):
      state = .string
    case 0x80...0xFF:
      state = .ground
      beginCharacter(byte, isSwallowed: true)
    // Alt with a key: a printable one, a control character, DEL or Esc. (Esc and an intermediate
    // byte begins a sequence only in what a program sends a terminal, never in what it sends
    // back: Esc + is Alt-+.)
    default: state = .ground
    }
  }

  /// A byte of 0x80 or above outside a character: the lead byte of a character, or a byte that is
  /// not UTF-8, which is dropped.
  private mutating func beginCharacter(_ byte: UInt8, isSwallowed: Bool) {
    let length: Int
    switch byte {
    case 0xC2...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF4: length = 4
    default: return
    }
    let value = UInt32(byte) & (0xFF >> (length + 1))
    state = .character(
      value: value, length: length, remaining: length - 1, isSwallowed: isSwallowed)
  }

  /// The scalar `length` UTF-8 bytes decoded to, or nil when they spelled it in more bytes than
  /// it needs or it is no scalar (a surrogate, beyond U+10FFFF).
  private static func scalar(_ value: UInt32, length: Int) -> Unicode.Scalar? {
    let least: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
    guard value >= least else { return nil }
    return Unicode.Scalar(value)
  }
}
