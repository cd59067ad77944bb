import Foundation
import TestSupport
import Testing

/// What the view sends its terminal: recordings replayed in an independent terminal emulator, a
/// terminal that stops reading, and the ways out while it does.
@Suite(
  "The terminal's output and recordings", .enabled(if: Tools.runsReplayTests, Tools.replayMissing))
struct OutputTests {
  let binary = BinaryRunner.executable.path

  /// The script that replays a recording through pyte and prints the screen it ends on.
  static let replayer = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/terminal/replay_cast.py").path

  /// The screen the recording at `path` ends on, as pyte shows it; records an issue (and returns
  /// nil) when pyte cannot read it.
  static func replay(_ path: URL, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> String?
  {
    let output = try BinaryRunner.shell(
      "python3 '\(replayer)' '\(path.path)' 2>&1; echo \"exit $?\"")
    guard output.hasSuffix("exit 0\n") else {
      Issue.record("pyte could not replay it: \(output)", sourceLocation: sourceLocation)
      return nil
    }
    return String(output.dropLast("exit 0\n".count))
  }

  /// `screen` as rows without trailing blanks, without the blank rows at the end.
  static func rows(_ screen: String) -> [String] {
    var rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0.reversed().drop { $0 == " " }.reversed())
    }
    while rows.last?.isEmpty == true { rows.removeLast() }
    return rows
  }

  /// The recording's lines, each parsed as JSON.
  static func lines(of recording: URL) throws -> [Any] {
    try String(contentsOf: recording, encoding: .utf8).split(separator: "\n").map {
      try JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed])
    }
  }

  /// The screen once it stays the same for half a second.
  static func stillScreen(_ tmux: Tmux) throws -> String {
    var last = try tmux.screen()
    for _ in 0..<40 {
      Thread.sleep(forTimeInterval: 0.5)
      let now = try tmux.screen()
      if now == last { return now }
      last = now
    }
    Issue.record("the screen never stood still:\n\(last)")
    return last
  }

  /// A value from `/proc/PID/status`, in kB (`VmRSS`).
  static func status(_ field: String, of pid: Int) throws -> Int? {
    let text = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
    let line = text.split(separator: "\n").first { $0.hasPrefix(field + ":") }
    return line.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
  }

  /// The CPU time the process has used, in clock ticks (user and system).
  static func cpuTicks(of pid: Int) throws -> Int? {
    let text = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
    guard let end = text.lastIndex(of: ")") else { return nil }
    let fields = text[text.index(after: end)...].split(separator: " ")
    guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else {
      return nil
    }
    return user + system
  }

  /// The size in bytes of the memory file the process collects curses' output in.
  static func frameFileSize(of pid: Int) throws -> Int? {
    let size = try BinaryRunner.shell(
      "for f in /proc/\(pid)/fd/*; do case $(readlink $f) in *memfd:sinetui-frame*) "
        + "stat -L -c %s $f; break;; esac; done")
    return Int(size.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// The tmux server's process id, which SIGSTOP stops from reading the terminal.
  static func serverPID(_ tmux: Tmux) throws -> Int? {
    Int(
      try tmux.run(["display-message", "-p", "#{pid}"]).trimmingCharacters(
        in: .whitespaces
          .union(.newlines)))
  }

  /// Writes a recording of a `width` x `height` terminal that gets `bytes` at once.
  static func writeRecording(of bytes: String, width: Int, height: Int, to path: URL) throws {
    let header = try JSONSerialization.data(
      withJSONObject: ["version": 2, "width": width, "height": height])
    let event = try JSONSerialization.data(withJSONObject: [0.0, "o", bytes] as [Any])
    try Data(header + [0x0A] + event + [0x0A]).write(to: path)
  }

  // MARK: - The replayer

  @Test(
    "The replayer and tmux agree on the sequences curses sends to change part of a screen: scrolling regions, SU, SD, RI, IL, DL, DCH, ICH, EL, ECH, VPA, CHA"
  )
  func replayerAgreesWithTmux() throws {
    let tmux = try Tmux(columns: 40, rows: 12)
    let csi = "\u{1B}["
    var bytes = csi + "H" + csi + "J"
    for row in 1...12 {
      let label = row < 10 ? "0\(row)" : "\(row)"
      bytes += "\(csi)\(row);1Hrow \(label) ⠁⠂⠃ abcdefghijklmnopqrstuvwxyz"
    }
    // Rows 4-9 up two; rows 3-6 down one; rows 2-5 down one by a reverse index at their top; two
    // lines inserted at row 8 of rows 7-11, then one deleted at row 9; then within rows.
    bytes += csi + "4;9r" + csi + "9;1H" + csi + "2S" + csi + "1;12r"
    bytes += csi + "3;6r" + csi + "1T" + csi + "r"
    bytes += csi + "2;5r" + csi + "2;1H\u{1B}M" + csi + "1;12r"
    bytes += csi + "7;11r" + csi + "8;1H" + csi + "2L" + csi + "9;1H" + csi + "M" + csi + "1;12r"
    bytes += csi + "10;5H" + csi + "3P" + csi + "11;5H" + csi + "2@XY" + csi + "12;10H" + csi + "1K"
    bytes += csi + "1;3H" + csi + "5X" + csi + "5d" + csi + "30G*"
    try bytes.write(
      to: tmux.folder.appendingPathComponent("sequences"), atomically: true, encoding: .utf8)
    let recording = tmux.folder.appendingPathComponent("sequences.cast")
    try Self.writeRecording(of: bytes, width: 40, height: 12, to: recording)

    try tmux.type("cat sequences; sleep 600")
    try tmux.waitFor("the bytes shown") { $0.contains("XY") }
    let shown = try Self.stillScreen(tmux)
    let expected = """
      ro     ⠁⠂⠃ abcdefghijklmnopqrstuvwxyz

      row 02 ⠁⠂⠃ abcdefghijklmnopqrstuvwxyz

      row 03 ⠁⠂⠃ abcdefghijklmnopqr*tuvwxyz
      row 07 ⠁⠂⠃ abcdefghijklmnopqrstuvwxyz
      row 09 ⠁⠂⠃ abcdefghijklmnopqrstuvwxyz



          XY
                 abcdefghijklmnopqrstuvwxyz
      """
    #expect(Self.rows(shown) == Self.rows(expected), "tmux:\n\(shown)")
    let replayed = try #require(try Self.replay(recording))
    #expect(Self.rows(replayed) == Self.rows(expected), "pyte:\n\(replayed)")
  }

  @Test("The replayer refuses a recording with a sequence it does not know, instead of dropping it")
  func replayerRefusesUnknownSequences() throws {
    try withTemporaryFolder { folder in
      let recording = folder.appendingPathComponent("unknown.cast")
      // REP (`CSI n b`: the last character n times more), which pyte does not know.
      try Self.writeRecording(of: "ab\u{1B}[2bc", width: 20, height: 4, to: recording)
      let output = try BinaryRunner.shell(
        "python3 '\(Self.replayer)' '\(recording.path)' 2>&1; echo \"exit $?\"")
      #expect(output.hasSuffix("exit 2\n"), "\(output)")
      #expect(output.contains("unknown.cast:2: an escape sequence pyte does not know"), "\(output)")
    }
  }

  // MARK: - Recordings

  @Test("A recording replays in an independent emulator (pyte) to exactly the screen tmux shows")
  func recordingReplays() throws {
    let tmux = try Tmux()
    try TerminalTests().launch(tmux, "--seed 3 --record session.cast")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("h", "c")
    try tmux.waitFor("the hidden units and the comparison") {
      $0.contains(" units") && statusRows($0).contains(" | other ")
    }
    try tmux.resize(columns: 90, rows: 26)
    try tmux.waitFor("a whole 90x26 frame") { FuzzTests.isWholeFrame($0, columns: 90, rows: 26) }
    try tmux.press("Space")
    try tmux.waitFor("paused") { statusRows($0).contains("PAUSED") }
    let shown = try Self.stillScreen(tmux)
    let recording = tmux.folder.appendingPathComponent("session.cast")
    let replayed = try #require(try Self.replay(recording))
    #expect(Self.rows(replayed) == Self.rows(shown), "pyte:\n\(replayed)\ntmux:\n\(shown)")
    try tmux.quitCleanly()

    // The header, then output and the resize, in time order.
    let lines = try Self.lines(of: recording)
    let header = try #require(lines.first as? [String: Any])
    #expect(header["version"] as? Int == 2)
    #expect(header["width"] as? Int == 100)
    #expect(header["height"] as? Int == 30)
    #expect((header["env"] as? [String: String])?["TERM"] == "screen")
    let timestamp = try #require(header["timestamp"] as? Int)
    #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 600)
    let events = lines.dropFirst().compactMap { $0 as? [Any] }
    #expect(events.count == lines.count - 1)
    let times = events.compactMap { $0.first as? Double }
    #expect(times.count == events.count)
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
    let codes = events.compactMap { $0.count == 3 ? $0[1] as? String : nil }
    #expect(codes.filter { $0 == "o" }.count >= 5)
    #expect(events.filter { $0[1] as? String == "r" }.map { $0[2] as? String } == ["90x26"])
    // Every byte the terminal got: the screen taken first, given back last (screen's smcup and
    // rmcup), so that `asciinema play` leaves the terminal as it found it.
    let first = try #require(events.first?[2] as? String)
    #expect(first.hasPrefix("\u{1B}(B\u{1B})0\u{1B}[?1049h"), "\(first.debugDescription)")
    let last = try #require(events.last?[2] as? String)
    #expect(last.contains("\u{1B}[?25h\u{1B}[?1049l"), "\(last.debugDescription)")
  }

  @Test("A recording killed mid-session (SIGKILL) keeps every frame up to then, whole")
  func recordingKilled() throws {
    let tmux = try Tmux()
    try TerminalTests().launch(tmux, "--seed 3 --record session.cast")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("]", "]", "h")
    try tmux.waitFor("speed max") { statusRows($0).contains("speed max") }
    let pid = try #require(try TerminalTests.programPID(in: tmux))
    let recording = tmux.folder.appendingPathComponent("session.cast")
    let deadline = Date().addingTimeInterval(20)
    while try Self.lines(of: recording).count < 20, Date() < deadline {
      Thread.sleep(forTimeInterval: 0.1)
    }
    let before = try Self.lines(of: recording).count
    _ = try BinaryRunner.shell("kill -KILL \(pid)")
    #expect(try Self.replay(recording) != nil)
    #expect(try Self.lines(of: recording).count >= max(before, 20))
  }

  @Test(
    "A recording that cannot be written stops with a notice, the view goes on, and q exits 74")
  func recordingWriteFails() throws {
    let tmux = try Tmux()
    // SIGXFSZ ignored, as for any program writing past a file size limit it must survive.
    try tmux.type(
      "stty -g > stty-before; (trap '' XFSZ; exec \(binary) --seed 5 --record r.cast 2> message);"
        + " echo $? > status; stty -g > stty-after")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    let pid = try #require(try TerminalTests.programPID(in: tmux))
    let recording = tmux.folder.appendingPathComponent("r.cast")
    func size() -> Int {
      ((try? FileManager.default.attributesOfItem(atPath: recording.path))?[.size] as? Int) ?? 0
    }
    let deadline = Date().addingTimeInterval(30)
    while size() < 50_000, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    // From now on the file may grow by a kilobyte at most (a frame here is well under the 50 kB
    // the file has, so curses' memory file stays within the limit).
    let limit = size() + 1000
    _ = try BinaryRunner.shell("prlimit --pid \(pid) --fsize=\(limit)")
    // What the file held once the limit was in force, which it may already have passed.
    let largest = max(limit, size())
    let screen = try tmux.waitFor("the notice") {
      statusRows($0).contains("recording stopped: File too large")
    }
    let step = try #require(TerminalTests.step(in: screen))
    try tmux.waitFor("the run going on") { (TerminalTests.step(in: $0) ?? 0) > step }
    try tmux.press("q")
    let end = try tmux.ending()
    #expect(end.status == 74)
    #expect(end.sttyRestored)
    let message = try String(
      contentsOf: tmux.folder.appendingPathComponent("message"), encoding: .utf8)
    #expect(message == "sinetui: cannot write the recording 'r.cast': File too large\n")
    // Cut back to its last whole line: it replays.
    #expect(size() <= largest)
    #expect(try Self.replay(recording) != nil)
  }

  // MARK: - A terminal that stops reading

  @Test(
    "A terminal that stops reading for 10 s: training goes on, memory stays flat, and afterwards the screen is whole, current, and takes keys"
  )
  func stalledTerminal() throws {
    let tmux = try Tmux()
    try TerminalTests().launch(tmux, "--seed 4 --record session.cast")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("]", "]")
    try tmux.waitFor("speed max") { statusRows($0).contains("speed max") }
    let pid = try #require(try TerminalTests.programPID(in: tmux))
    let server = try #require(try Self.serverPID(tmux))
    Thread.sleep(forTimeInterval: 1)
    let memoryBefore = try #require(try Self.status("VmRSS", of: pid))

    _ = try BinaryRunner.shell("kill -STOP \(server)")
    var memory: [Int] = []
    var frameFile: [Int] = []
    var ticks: [Int] = []
    for _ in 0..<10 {
      Thread.sleep(forTimeInterval: 1)
      memory.append(try Self.status("VmRSS", of: pid) ?? .max)
      frameFile.append(try Self.frameFileSize(of: pid) ?? .max)
      ticks.append(try Self.cpuTicks(of: pid) ?? 0)
    }
    _ = try BinaryRunner.shell("kill -CONT \(server)")
    // CPU time from the second second on, when the terminal's buffer is long full.
    let ticksDuring = ticks[9] - ticks[1]

    // Frames were skipped, not queued: neither the process nor the memory file holding the frame
    // the terminal had not taken grew. And training never waited for the terminal.
    #expect(
      memory.allSatisfy { $0 <= memoryBefore + 256 }, "VmRSS \(memoryBefore) kB, then \(memory)")
    #expect(frameFile.allSatisfy { $0 <= 65536 }, "memory file sizes \(frameFile)")
    #expect(ticksDuring > 30, "\(ticksDuring) clock ticks of CPU time in 8 s of the stop")

    try tmux.waitFor("the whole view again") { FuzzTests.isWholeFrame($0, columns: 100, rows: 30) }
    try tmux.press("+")
    try tmux.waitFor("eta up") { statusRows($0).contains("eta 0.03  ") }
    try tmux.press("Space")
    try tmux.waitFor("paused") { statusRows($0).contains("PAUSED") }
    let shown = try Self.stillScreen(tmux)
    // The bytes reached the terminal in order and whole: an independent emulator fed the
    // recording shows the same screen, and so does a full repaint (SIGCONT has the view redraw
    // everything).
    let recording = tmux.folder.appendingPathComponent("session.cast")
    let replayed = try #require(try Self.replay(recording))
    #expect(Self.rows(replayed) == Self.rows(shown), "pyte:\n\(replayed)\ntmux:\n\(shown)")
    let events = try Self.lines(of: recording).count
    _ = try BinaryRunner.shell("kill -CONT \(pid)")
    let deadline = Date().addingTimeInterval(20)
    while try Self.lines(of: recording).count == events, Date() < deadline {
      Thread.sleep(forTimeInterval: 0.1)
    }
    let repainted = try Self.stillScreen(tmux)
    #expect(Self.rows(repainted) == Self.rows(shown), "repainted:\n\(repainted)\nbefore:\n\(shown)")
    try tmux.quitCleanly(alternateScreenGone: true)
  }

  @Test(
    "SIGTERM while the terminal reads nothing: once it reads again, the last frame, then 143 and the terminal restored"
  )
  func terminationWhileStalled() throws {
    let tmux = try Tmux()
    try TerminalTests().launch(tmux, "--seed 4 --record session.cast", plainShell: true)
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("]", "]")
    try tmux.waitFor("speed max") { statusRows($0).contains("speed max") }
    let pid = try #require(try TerminalTests.programPID(in: tmux))
    let server = try #require(try Self.serverPID(tmux))
    _ = try BinaryRunner.shell("kill -STOP \(server)")
    Thread.sleep(forTimeInterval: 2)
    _ = try BinaryRunner.shell("kill -TERM \(pid)")
    Thread.sleep(forTimeInterval: 1)
    _ = try BinaryRunner.shell("kill -CONT \(server)")
    let end = try tmux.ending()
    #expect(end.status == 143)
    #expect(end.sttyRestored)
    #expect(end.screenRestored)
    #expect(!(try tmux.screen()).contains("log scale"))
    #expect(try Self.replay(tmux.folder.appendingPathComponent("session.cast")) != nil)
  }

  @Test(
    "A fault while the terminal reads nothing: once it reads again, the rest of the frame, then the terminal put back"
  )
  func faultWhileStalled() throws {
    let tmux = try Tmux()
    try TerminalTests().launch(
      tmux, "--seed 4", environment: "SWIFT_BACKTRACE=enable=no", plainShell: true)
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("]", "]")
    try tmux.waitFor("speed max") { statusRows($0).contains("speed max") }
    let pid = try #require(try TerminalTests.programPID(in: tmux))
    let server = try #require(try Self.serverPID(tmux))
    _ = try BinaryRunner.shell("kill -STOP \(server)")
    Thread.sleep(forTimeInterval: 2)
    _ = try BinaryRunner.shell("kill -SEGV \(pid)")
    Thread.sleep(forTimeInterval: 1)
    _ = try BinaryRunner.shell("kill -CONT \(server)")
    let end = try tmux.ending()
    #expect(end.status == 128 + 11)
    #expect(end.sttyRestored)
    #expect(end.screenRestored)
    #expect(!(try tmux.screen()).contains("log scale"))
  }
}
