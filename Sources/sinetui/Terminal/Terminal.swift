// The one file that talks to ncurses: open the terminal, draw a frame of cells, read keys, and put
// the terminal back as it was.
import CNcurses
import CPlatform
import SineFormats
import SineUI

/// The curses screen: a resource with identity, opened once and closed exactly once.
final class Terminal {
  /// Whether the terminal and locale can show braille.
  let supportsUnicode: Bool
  private let screen: OpaquePointer
  private let usesColor: Bool
  private var isOpen = true
  /// Wide characters of the run being drawn, kept between frames so drawing allocates nothing.
  private var runBuffer: [wchar_t] = []

  /// Opens the terminal, or explains in one line why it cannot.
  ///
  /// Refuses before writing anything when standard input or output is not a terminal, when `TERM`
  /// names no known terminal, or when the terminal cannot address its cursor (`TERM=dumb`).
  init(color wantsColor: Bool) throws(TerminalUnavailable) {
    let advice = "to train without a terminal, use 'sinetui train'"
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw TerminalUnavailable(
        message: "sinetui: standard input and output must be a terminal; \(advice)")
    }
    setlocale(LC_ALL, "")
    let termName = getenv("TERM").map { String(cString: $0) } ?? ""
    let support = termName.isEmpty ? 1 : sinetui_terminal_support()
    guard support != 2 else {
      throw TerminalUnavailable(
        message:
          "sinetui: TERM=\(QuotedText.quoted(termName)) cannot move the cursor to draw plots; \(advice)"
      )
    }
    guard support == 0, let screen = sinetui_newterm() else {
      let named =
        termName.isEmpty
        ? "TERM is not set" : "TERM=\(QuotedText.quoted(termName)) names no known terminal"
      throw TerminalUnavailable(message: "sinetui: \(named); \(advice)")
    }
    self.screen = screen
    supportsUnicode = sinetui_locale_is_utf8() != 0
    raw()
    noecho()
    nonl()
    keypad(sinetui_stdscr(), true)
    set_escdelay(25)
    curs_set(0)
    usesColor = wantsColor && has_colors()
    if usesColor {
      start_color()
      use_default_colors()
      for (index, tone) in Tone.allCases.enumerated() {
        init_pair(Int16(index + 1), Self.foreground(tone), -1)
      }
    }
  }

  deinit {
    close()
  }

  /// Puts the terminal back in its normal mode.
  ///
  /// Safe to call more than once.
  func close() {
    guard isOpen else { return }
    isOpen = false
    endwin()
    delscreen(screen)
  }

  /// The window's size in cells.
  var size: (columns: Int, rows: Int) {
    (Int(sinetui_cols()), Int(sinetui_lines()))
  }

  // MARK: - Drawing

  /// Draws `frame` over the whole window; curses sends only the cells that changed.
  ///
  /// Each run of same-toned cells goes out in one call, through a buffer kept between frames.
  func draw(_ frame: Frame) {
    erase()
    for row in 0..<frame.rows {
      var start = 0
      while start < frame.columns {
        let tone = frame.cells[row * frame.columns + start].tone
        runBuffer.removeAll(keepingCapacity: true)
        var end = start
        while end < frame.columns, frame.cells[row * frame.columns + end].tone == tone {
          runBuffer.append(wchar_t(bitPattern: frame.cells[row * frame.columns + end].scalar.value))
          end += 1
        }
        runBuffer.append(0)
        attrset(Int32(bitPattern: attributes(tone)))
        runBuffer.withUnsafeBufferPointer { text in
          if let base = text.baseAddress { _ = mvaddwstr(Int32(row), Int32(start), base) }
        }
        start = end
      }
    }
    attrset(Int32(bitPattern: sinetui_a_normal()))
    CNcurses.refresh()
  }

  private func attributes(_ tone: Tone) -> attr_t {
    let index = Tone.allCases.firstIndex(of: tone) ?? 0
    let pair = usesColor && Self.foreground(tone) >= 0 ? sinetui_color_pair(Int16(index + 1)) : 0
    var attributes = pair
    switch tone {
    case .plain, .truth, .loss: break
    case .comparison: attributes |= sinetui_a_bold()
    case .axis: if usesColor { attributes |= sinetui_a_dim() }
    case .network, .clamp: attributes |= sinetui_a_bold()
    case .sample, .unit: attributes |= sinetui_a_dim()
    case .warning: attributes |= sinetui_a_bold() | sinetui_a_reverse()
    case .notice: attributes |= sinetui_a_reverse()
    }
    return attributes
  }

  private static func foreground(_ tone: Tone) -> Int16 {
    switch tone {
    case .plain, .axis: -1
    case .truth: Int16(COLOR_GREEN)
    case .network: Int16(COLOR_YELLOW)
    case .comparison: Int16(COLOR_RED)
    case .sample: Int16(COLOR_CYAN)
    case .unit: Int16(COLOR_BLUE)
    case .clamp: Int16(COLOR_MAGENTA)
    case .loss: Int16(COLOR_CYAN)
    case .warning: Int16(COLOR_RED)
    case .notice: Int16(COLOR_YELLOW)
    }
  }

  // MARK: - Reading keys

  /// The next key or resize, waiting at most `milliseconds` (0: only what is already there).
  func read(waitingAtMost milliseconds: Int) -> TerminalEvent? {
    timeout(Int32(max(0, min(milliseconds, 1000))))
    var character: wint_t = 0
    switch get_wch(&character) {
    case KEY_CODE_YES:
      switch Int32(character) {
      case KEY_RESIZE: return .resize
      case KEY_UP: return .key(.up)
      case KEY_DOWN: return .key(.down)
      case KEY_LEFT: return .key(.left)
      case KEY_RIGHT: return .key(.right)
      default: return .key(.other(Int32(character)))
      }
    case OK:
      switch character {
      case 27: return skipEscapeSequence() ? .key(.other(27)) : .key(.escape)
      case 0..<32, 127: return .key(.control(UInt8(character)))
      default:
        guard let scalar = Unicode.Scalar(UInt32(character)) else { return .key(.other(0)) }
        return .key(.character(Character(scalar)))
      }
    default:
      return nil
    }
  }

  /// Reads what follows an Esc that ncurses did not turn into a key, and returns whether anything
  /// did: Alt with a key, or an escape sequence the terminal description does not list.
  ///
  /// ncurses has already waited its escape delay, so the rest of such a sequence is waiting to be
  /// read; a lone Esc, a person pressing the key, has nothing after it. Only a lone Esc quits: an
  /// Alt chord or a stray sequence is swallowed whole rather than read as Esc and then keys.
  private func skipEscapeSequence() -> Bool {
    timeout(0)
    var character: wint_t = 0
    switch get_wch(&character) {
    case OK: break
    case KEY_CODE_YES:
      // Alt with a key ncurses decoded, such as an arrow; a resize is not a key, and is kept.
      if Int32(character) == KEY_RESIZE { ungetch(KEY_RESIZE) }
      return true
    default: return false
    }
    switch character {
    case 0x5B:  // "[": a control sequence runs to its final byte, 0x40 through 0x7E.
      // Its tail may come in a later read: wait for it as long as ncurses waits after an Esc.
      timeout(25)
      for _ in 0..<32 {
        guard get_wch(&character) == OK else { break }
        if (0x40...0x7E).contains(character) { break }
      }
    case 0x4F:  // "O": a single shift, one more byte.
      _ = get_wch(&character)
    default:  // Alt with a key.
      break
    }
    return true
  }
}
