// The one file that talks to ncurses: open the terminal, draw a frame of cells, follow its size,
// and put the terminal back as it was. Keys are read by KeyboardInput; what curses writes is sent
// to the terminal by FrameOutput.
import CNcurses
import CPlatform
import SineFormats
import SineUI

/// The curses screen: a resource with identity, opened once and closed exactly once.
///
/// curses is started on a duplicate of standard output, which then points to a file in memory
/// (``FrameOutput``): curses draws each frame there, and the frame goes to the terminal in one
/// write that never waits. curses sets the terminal's modes through that descriptor, so it
/// points to the terminal again while curses sets them (coming back after a stop) and once the
/// screen is left (at a stop and at the end).
final class Terminal {
  /// Whether the terminal and locale can show braille.
  let supportsUnicode: Bool
  private let screen: OpaquePointer
  /// The descriptor curses was started on: a duplicate of standard output, pointing to the
  /// terminal or to ``output``'s memory file.
  private let cursesDescriptor: Int32
  /// The stream curses was given for ``cursesDescriptor`` (curses never writes through it).
  private let cursesStream: UnsafeMutablePointer<FILE>
  /// What takes curses' output to the terminal; nil where it cannot be had (the terminal cannot
  /// be opened again), and curses writes to the terminal itself.
  private let output: FrameOutput?
  /// The size last given to the recording.
  private var recordedSize: (columns: Int, rows: Int)?
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
    let descriptor = support == 0 ? sinetui_duplicate(STDOUT_FILENO) : -1
    var stream: UnsafeMutablePointer<FILE>?
    guard descriptor >= 0,
      let screen = Self.withCursesSize(
        requested.map(\.drawn), unless: requested, { sinetui_newterm_on(descriptor, &stream) }),
      let stream
    else {
      TerminalRescue.disarm()
      let named =
        termName.isEmpty
        ? "TERM is not set" : "TERM=\(QuotedText.quoted(termName)) names no known terminal"
      throw TerminalUnavailable(message: "sinetui: \(named); \(advice)")
    }
    self.screen = screen
    cursesDescriptor = descriptor
    cursesStream = stream
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
    // From here on curses writes into memory, and FrameOutput sends it on: every byte after the
    // modes are set, from the first one that takes the screen.
    var output = FrameOutput(terminal: STDOUT_FILENO)
    if let capture = output?.capture, dup2(capture, descriptor) < 0 {
      output?.close()
      output = nil
    }
    self.output = output
    curs_set(0)
    usesColor = wantsColor && has_colors()
    if usesColor {
      start_color()
      use_default_colors()
      for (index, tone) in Tone.allCases.enumerated() {
        init_pair(Int16(index + 1), Self.foreground(tone), -1)
      }
    }
    // ncurses 6.4 writes out its buffer at every cursor move until the screen has been left
    // once (its `_endwin` stays `ewInitial` after newterm), dozens of writes a frame. Leaving it
    // and coming back at once has it write a frame in one piece. On the memory file its attempts
    // to change the modes fail and change nothing; its bytes (leave and take the screen again)
    // go out with the first frame.
    endwin()
    CNcurses.refresh()
  }

  deinit {
    close()
  }

  /// Puts the terminal back in its normal mode, after every byte of the last frame.
  ///
  /// Safe to call more than once. A terminal that has stopped reading is waited for: nothing
  /// else could put it back. One that has gone away ends the wait.
  func close() {
    guard isOpen else { return }
    isOpen = false
    leaveScreen()
    TerminalRescue.disarm()
    delscreen(screen)
    fclose(cursesStream)
    output?.close()
  }

  /// Leaves curses' screen: the rest of the last frame, then what curses sends to leave it (plain
  /// attributes, the cursor shown and on the last row, the alternate screen left), both waited
  /// for and both in the recording, then the shell's modes.
  ///
  /// curses writes its part into the memory file, where its attempt to set the modes fails; they
  /// are set here instead, from the settings saved before curses started.
  private func leaveScreen() {
    output?.drain()
    endwin()
    guard let output else { return }
    output.drain()
    pointCurses(atMemory: false)
    TerminalRescue.restoreSettings()
  }

  /// Stops the process as Ctrl-Z stops any full-screen program.
  ///
  /// The terminal is put back as it was, then the process stops until the shell continues it
  /// (`fg`), when the terminal is taken again and the next frame drawn whole. Does nothing where
  /// SIGTSTP was ignored from the start (no job control, so nothing could continue it).
  func suspend() {
    guard isOpen, ScreenSignals.canSuspend else { return }
    leaveScreen()
    TerminalRescue.disarm()
    sinetui_stop_process_group()
    // The continue that ends the stop is this one, not one to act on again.
    _ = ScreenSignals.takeContinue()
    reenter()
  }

  /// Takes the terminal again after the process was stopped and continued, by Ctrl-Z or any
  /// SIGSTOP: the shell has set its own modes meanwhile, written over the screen and perhaps
  /// resized it, so curses' modes are set again, the size read again, and the next frame drawn
  /// whole.
  func reenter() {
    guard isOpen else { return }
    pointCurses(atMemory: false)
    reset_prog_mode()
    pointCurses(atMemory: true)
    resize()
    clearok(sinetui_stdscr(), true)
    TerminalRescue.arm()
  }

  /// Points the descriptor curses writes to and asks about at the memory file, or at the terminal
  /// (whose modes curses then sets; what it writes then goes straight to the terminal).
  private func pointCurses(atMemory: Bool) {
    guard let output else { return }
    dup2(atMemory ? output.capture : STDOUT_FILENO, cursesDescriptor)
  }

  /// The size the view draws at, in cells: the window's (at most ``ScreenSize/largest``), less
  /// any spare column.
  var size: (columns: Int, rows: Int) {
    (max(Int(sinetui_cols()) - spareColumns, 0), Int(sinetui_lines()))
  }

  // MARK: - Drawing

  /// Draws `frame` over the whole window; returns whether the terminal took all of it.
  ///
  /// curses sends only the cells that changed, in one write that never waits; what the terminal
  /// does not take goes with ``catchUp()``, or at the end. Each run of same-toned cells goes out
  /// in one call, through a buffer kept between frames.
  @discardableResult
  func draw(_ frame: Frame) -> Bool {
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
    return output?.send() ?? true
  }

  /// Sends what the terminal has not taken yet, without waiting; returns whether it has it all.
  ///
  /// Until it has, a new frame is not worth drawing: skip it.
  func catchUp() -> Bool {
    output?.send() ?? true
  }

  // MARK: - Recording

  /// Records the session into `recording` from now on; false where it cannot be recorded.
  ///
  /// The header with the terminal's size and `TERM` first, then every byte sent to the terminal
  /// and every change of size. Where curses writes to the terminal itself (it could not be
  /// opened again), its bytes cannot be had.
  func record(into recording: SessionRecording) -> Bool {
    guard let output else { return false }
    let size = (columns: Int(sinetui_cols()), rows: Int(sinetui_lines()))
    recording.begin(
      width: size.columns, height: size.rows,
      term: getenv("TERM").map { String(cString: $0) } ?? "")
    recordedSize = size
    output.recording = recording
    return true
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
    if output?.isGone == true { return .hangUp }
    return input.read(waitingAtMost: min(milliseconds, 1000))
  }

  /// Gives curses the window's new size as the view draws it (``ScreenSize``), and the recording
  /// the change.
  private func resize() {
    guard
      let size = ScreenSize.requested(
        descriptor: STDOUT_FILENO, environment: ScreenSize.fromEnvironment())?.drawn
    else { return }
    resizeterm(Int32(size.rows), Int32(size.columns))
    let now = (columns: Int(sinetui_cols()), rows: Int(sinetui_lines()))
    if let recording = output?.recording, let recordedSize, recordedSize != now {
      recording.resize(width: now.columns, height: now.rows)
      self.recordedSize = now
    }
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
