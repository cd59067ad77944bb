// The one file that talks to ncurses: open the terminal, draw a frame of cells, follow its size,
// and put the terminal back as it was. Keys are read by KeyboardInput.
import CNcurses
import CPlatform
import SineFormats
import SineUI

/// The curses screen: a resource with identity, opened once and closed exactly once.
final class Terminal {
  /// Whether the terminal and locale can show braille.
  let supportsUnicode: Bool
  private let screen: OpaquePointer
  /// Whether the curves are drawn in colour.
  let usesColor: Bool
  private var isOpen = true
  /// Columns left blank at the right: one where the terminal's description cannot be trusted
  /// about what writing the last column does (``sinetui_wraps_on_last_column``).
  private let spareColumns: Int
  private var input = KeyboardInput(input: STDIN_FILENO, output: STDOUT_FILENO)
  /// Wide characters of the run being drawn, kept between frames so drawing allocates nothing.
  private var runBuffer: [wchar_t] = []

  /// Opens the terminal, or explains in one line why it cannot.
  ///
  /// Refuses before writing anything when standard input or output is not a terminal, when
  /// `LINES` or `COLUMNS` ask for a screen no terminal has, when `TERM` names no known terminal,
  /// or when the terminal cannot address its cursor (`TERM=dumb`).
  init(color wantsColor: Bool) throws(TerminalUnavailable) {
    let advice = "to train without a terminal, use 'sinetui train'"
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw TerminalUnavailable(
        message: "sinetui: standard input and output must be a terminal; \(advice)")
    }
    let environment = ScreenSize.fromEnvironment()
    if let problem = ScreenSize.problem(environment: environment) {
      throw TerminalUnavailable(message: "sinetui: \(problem)")
    }
    setlocale(LC_ALL, "")
    let termName = getenv("TERM").map { String(cString: $0) } ?? ""
    var leave = [CChar](repeating: 0, count: 256)
    let support = termName.isEmpty ? 1 : sinetui_terminal_support(&leave, leave.count)
    guard support != 2 else {
      throw TerminalUnavailable(
        message:
          "sinetui: TERM=\(QuotedText.quoted(termName)) cannot move the cursor to draw plots; \(advice)"
      )
    }
    // From before curses changes anything until close, a fault puts the terminal back before the
    // process dies.
    TerminalRescue.prepare(descriptor: STDOUT_FILENO)
    TerminalRescue.arm(
      leaving: String(
        decoding: leave.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    let requested = ScreenSize.requested(descriptor: STDOUT_FILENO, environment: environment)
    guard support == 0,
      let screen = Self.withCursesSize(requested.map(\.drawn), unless: requested, sinetui_newterm)
    else {
      TerminalRescue.disarm()
      let named =
        termName.isEmpty
        ? "TERM is not set" : "TERM=\(QuotedText.quoted(termName)) names no known terminal"
      throw TerminalUnavailable(message: "sinetui: \(named); \(advice)")
    }
    self.screen = screen
    // A description with `am` but not `xenl` (TERM=ansi) has curses believe the cursor wrapped
    // after the last column, where xterm, tmux and every VT100-like terminal keep it pending: its
    // next move by column then lands on the row above (`└0──`). Never writing the last column
    // keeps the two in step; curses' insert-character shortcut must not push a cell into it.
    spareColumns = sinetui_wraps_on_last_column() != 0 ? 1 : 0
    if spareColumns > 0 { idcok(sinetui_stdscr(), false) }
    supportsUnicode = sinetui_locale_is_utf8() != 0
    // Keys are read and decoded by KeyboardInput: curses gets no keypad mode and no escape delay.
    raw()
    noecho()
    nonl()
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
    TerminalRescue.disarm()
    delscreen(screen)
  }

  /// Stops the process as Ctrl-Z stops any full-screen program.
  ///
  /// The terminal is put back as it was, then the process stops until the shell continues it
  /// (`fg`), when the terminal is taken again and the next frame drawn whole. Does nothing where
  /// SIGTSTP was ignored from the start (no job control, so nothing could continue it).
  func suspend() {
    guard isOpen, ScreenSignals.canSuspend else { return }
    endwin()
    TerminalRescue.disarm()
    sinetui_stop_process_group()
    // The continue that ends the stop is this one, not one to act on again.
    _ = ScreenSignals.takeContinue()
    reenter()
  }

  /// Takes the terminal again after the process was stopped and continued, by Ctrl-Z or any
  /// SIGSTOP: the shell has set its own modes meanwhile and written over the screen, so curses'
  /// modes are set again and the next frame is drawn whole.
  func reenter() {
    guard isOpen else { return }
    reset_prog_mode()
    clearok(sinetui_stdscr(), true)
    TerminalRescue.arm()
  }

  /// The size the view draws at, in cells: the window's (at most ``ScreenSize/largest``), less
  /// any spare column.
  var size: (columns: Int, rows: Int) {
    (max(Int(sinetui_cols()) - spareColumns, 0), Int(sinetui_lines()))
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

  /// The next key or resize, or the terminal gone, waiting at most `milliseconds` (0: only what
  /// is already there); nil when nothing came in that time or a signal cut the wait short.
  func read(waitingAtMost milliseconds: Int) -> TerminalEvent? {
    if ScreenSignals.takeResize() {
      resize()
      return .resize
    }
    return input.read(waitingAtMost: min(milliseconds, 1000))
  }

  /// Gives curses the window's new size as the view draws it (``ScreenSize``).
  private func resize() {
    guard
      let size = ScreenSize.requested(
        descriptor: STDOUT_FILENO, environment: ScreenSize.fromEnvironment())?.drawn
    else { return }
    resizeterm(Int32(size.rows), Int32(size.columns))
  }

  /// Calls `start` (which starts curses) with `LINES` and `COLUMNS` set to `size` when it is not
  /// `requested`, the size curses would otherwise take, then puts them back as they were.
  ///
  /// curses allocates its screens at the size it starts at, and takes that size from `LINES` and
  /// `COLUMNS` where they are set: this is how a window larger than the view draws is never
  /// allocated whole.
  private static func withCursesSize<Result>(
    _ size: ScreenSize?, unless requested: ScreenSize?, _ start: () -> Result
  ) -> Result {
    guard let size, size != requested else { return start() }
    let saved = ["LINES", "COLUMNS"].map { (name: String) in
      (name, getenv(name).map { String(cString: $0) })
    }
    setenv("LINES", String(size.rows), 1)
    setenv("COLUMNS", String(size.columns), 1)
    defer {
      for (name, value) in saved {
        if let value { setenv(name, value, 1) } else { unsetenv(name) }
      }
    }
    return start()
  }
}
