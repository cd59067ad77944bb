import CPlatform
import Foundation
import SineFormats
import SineNet
import SineUI
import TestSupport
import Testing

/// The real terminal, through tmux: keys, resizes, signals, and the terminal left as it was.
@Suite("sinetui in a terminal", .enabled(if: Tools.runsTmuxTests, Tools.tmuxMissing))
struct TerminalTests {
  let binary = BinaryRunner.executable.path

  /// Runs `sinetui arguments` from the shell (with `environment` before it, such as `A=1`), then
  /// writes its exit status and `stty -g` to files.
  ///
  /// With `plainShell`, the line after `stty-before` runs in `sh -c`, without job control: bash
  /// puts the terminal's settings back itself after a job that a signal killed, which would hide
  /// a program that did not.
  func launch(
    _ tmux: Tmux, _ arguments: String = "--seed 2", environment: String = "",
    plainShell: Bool = false
  ) throws {
    let line = "\(environment) \(binary) \(arguments); echo $? > status; stty -g > stty-after"
    try tmux.type("stty -g > stty-before; " + (plainShell ? "sh -c '\(line)'" : line))
  }

  @Test("Every key shows its change on the status line, resizes re-lay out, and q leaves cleanly")
  func keysResizeAndQuit() throws {
    let tmux = try Tmux()
    try launch(tmux)
    try tmux.waitFor("training under way") {
      $0.contains("gradient correct") && $0.contains("steps/s")
    }
    // Paused first, so that no rule trains long enough to diverge however slow the machine.
    try tmux.press("Space")
    let paused = try tmux.waitFor("paused") { statusRows($0).contains("PAUSED") }
    try tmux.press("b")
    try tmux.waitFor("the original program's rule") { statusRows($0).contains("gradient original") }
    try tmux.press("1")
    try tmux.waitFor("sigmoid of a sigmoid alone") {
      statusRows($0).contains("gradient double-sigmoid")
    }
    try tmux.press("2")
    try tmux.waitFor("correct again") { statusRows($0).contains("gradient correct") }
    try tmux.press("+")
    try tmux.waitFor("eta up") { statusRows($0).contains("eta 0.03") }
    try tmux.press("Down", "Down", "Down", "Down", "Down", "Down", "Down")
    try tmux.waitFor("eta down the ladder") { statusRows($0).contains("eta 1e-05") }
    try tmux.press("]")
    try tmux.waitFor("speed up") { statusRows($0).contains("speed 1M/s") }
    try tmux.press("[", "[")
    try tmux.waitFor("speed down") { statusRows($0).contains("speed 10k/s") }
    let step = try #require(Self.step(in: paused).map(Int.init))
    // Paused, the step count stands still.
    Thread.sleep(forTimeInterval: 0.5)
    #expect(Self.step(in: try tmux.screen()) == UInt64(step))
    try tmux.press("n")
    try tmux.waitFor("one step") { Self.step(in: $0) == UInt64(step + 1) }
    try tmux.press("N")
    try tmux.waitFor("1,000 steps") { Self.step(in: $0) == UInt64(step + 1001) }
    try tmux.press("p")
    try tmux.waitFor("next preset") {
      statusRows($0).contains("preset numpy") && Self.step(in: $0) == 0
    }
    try tmux.press("r")
    try tmux.waitFor("a new seed") {
      Self.number(after: "seed ", in: statusRows($0)).map { $0 != 2 } ?? false
    }
    try tmux.press("?")
    try tmux.waitFor("help") { $0.contains("sinetui keys") }
    try tmux.press("?")
    try tmux.waitFor("help closed") { !$0.contains("sinetui keys") }
    try tmux.press("h")
    try tmux.waitFor("the hidden units") { $0.contains(" units") }
    try tmux.press("z")
    try tmux.waitFor("the wide view") { Self.hasWideAxis($0) }
    try tmux.press("z", "h")
    try tmux.waitFor("the data range again") { !Self.hasWideAxis($0) && !$0.contains(" units") }
    try tmux.press("c")
    try tmux.waitFor("the comparison") {
      statusRows($0).contains(" | other ") && $0.contains("other: original")
    }
    try tmux.press("g")
    try tmux.waitFor("the gradient check") { $0.contains("gradient check: correct") }
    try tmux.press("c", "g")
    try tmux.waitFor("both closed") {
      !$0.contains("other: original") && !$0.contains("gradient check")
    }
    try tmux.press("e")
    try tmux.waitFor("the explanation") { $0.contains("Why the original program fails") }
    try tmux.press("e")
    try tmux.waitFor("the explanation closed") { !$0.contains("Why the original program fails") }

    try tmux.resize(columns: 50, rows: 10)
    try tmux.waitFor("too small") { $0.contains("terminal too small") }
    for (columns, rows) in [(1, 1), (2, 40), (200, 3), (61, 17), (1, 1)] {
      try tmux.resize(columns: columns, rows: rows)
      Thread.sleep(forTimeInterval: 0.1)
    }
    try tmux.resize(columns: 120, rows: 40)
    try tmux.waitFor("the plots again") { $0.contains("mse") && $0.contains("log scale") }

    // The alternate screen is gone: the shell's own lines are back, the plots are not.
    try tmux.quitCleanly(alternateScreenGone: true)
  }

  /// Every signal whose default action ends a process on Linux (signal(7)), by number: those
  /// that end it, then those that also dump core, the faults among them.
  static let terminating: [(number: Int, name: String)] =
    [
      (1, "HUP"), (2, "INT"), (10, "USR1"), (12, "USR2"), (13, "PIPE"), (14, "ALRM"), (15, "TERM"),
      (16, "STKFLT"), (26, "VTALRM"), (27, "PROF"), (29, "IO"), (30, "PWR"),
      (3, "QUIT"), (24, "XCPU"), (25, "XFSZ"),
    ] + faults
    + [34, 35, 49, 63, 64].map { ($0, "RT\($0)") }

  /// The faults: what a trap, a bad access or an abort raise.
  static let faults: [(number: Int, name: String)] = [
    (4, "ILL"), (5, "TRAP"), (6, "ABRT"), (7, "BUS"), (8, "FPE"), (11, "SEGV"), (31, "SYS"),
  ]

  /// Each signal at its own moment, INT, TERM and HUP three times: the delays come from one
  /// seeded stream.
  static let signalMoments: [(number: Int, name: String, delay: Double)] = {
    var random = Xoshiro256StarStar(seed: 5)
    return terminating.flatMap { signal in
      (0..<([1, 2, 15].contains(signal.number) ? 3 : 1)).map { _ in
        (signal.number, signal.name, Double(random.nextIndex(below: 1500)) / 1000)
      }
    }
  }()

  @Test(
    "Every signal that ends a process, at a random moment mid-keys and mid-resize, ends it with 128 + the signal and the terminal restored",
    arguments: signalMoments)
  func signals(number: Int, name: String, delay: Double) throws {
    let tmux = try Tmux()
    // A fault is passed on to the Swift runtime's crash reporter, whose report and prompt the
    // test of that below waits for; here it is off.
    let isFault = Self.faults.contains { $0.number == number }
    try launch(
      tmux, "--seed 4 --preset numpy",
      environment: isFault ? "SWIFT_BACKTRACE=enable=no" : "", plainShell: true)
    // The signal comes `delay` seconds after the program exists, while keys and resizes keep it
    // busy.
    let child = try #require(try Self.programPID(in: tmux))
    let deadline = Date().addingTimeInterval(delay)
    var size = 0
    while Date() < deadline {
      try tmux.press("]", "h", "z", "c", "g")
      size += 1
      try tmux.resize(columns: 40 + size % 3 * 40, rows: 10 + size % 2 * 20)
    }
    _ = try BinaryRunner.shell("kill -\(number) \(child)")
    let end = try tmux.ending()
    #expect(end.status == 128 + number)
    #expect(end.sttyRestored)
    #expect(end.screenRestored)
    #expect(!(try tmux.screen()).contains("log scale"))
  }

  @Test("A fault puts the terminal back first, then the Swift runtime's crash report shows on it")
  func faultWithCrashReport() throws {
    let tmux = try Tmux(columns: 120, rows: 50)
    try launch(tmux, "--seed 4", plainShell: true)
    try tmux.waitFor("running") { $0.contains("steps/s") }
    let child = try #require(try Self.programPID(in: tmux))
    _ = try BinaryRunner.shell("kill -SEGV \(child)")
    // The report is on the shell's screen, the plots gone, and it waits for a key.
    try tmux.waitFor("the crash report's prompt", timeout: 120) {
      $0.contains("Press space to interact")
    }
    let report = try tmux.screen(history: true)
    #expect(report.contains("Program crashed"), "\(report)")
    #expect(report.contains("stty -g > stty-before"), "\(report)")
    #expect(!report.contains("log scale"), "\(report)")
    try tmux.press("q")
    let end = try tmux.ending()
    #expect(end.status == 128 + 11)
    #expect(end.sttyRestored)
    #expect(end.screenRestored)
  }

  /// How a run is stopped and brought back.
  enum Stop: String, CaseIterable, Sendable {
    case controlZ = "Ctrl-Z"
    case sigtstp = "kill -TSTP"
    case sigstop = "kill -STOP"
  }

  @Test(
    "Stopped (Ctrl-Z, SIGTSTP, SIGSTOP), the terminal is as it was; fg brings the view back whole",
    arguments: Stop.allCases)
  func suspend(_ stop: Stop) throws {
    let tmux = try Tmux()
    try launch(tmux, "--seed 4")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    let child = try #require(try Self.programPID(in: tmux))
    switch stop {
    case .controlZ: try tmux.press("C-z")
    case .sigtstp: _ = try BinaryRunner.shell("kill -TSTP \(child)")
    case .sigstop: _ = try BinaryRunner.shell("kill -STOP \(child)")
    }
    // The shell reports the job stopped and goes on with its line: the status and the settings
    // while stopped.
    let stopped = try tmux.ending()
    #expect(stopped.status == 128 + (stop == .sigstop ? 19 : 20))
    #expect(stopped.sttyRestored)
    #expect(stopped.screenRestored || stop == .sigstop)
    let shell = try tmux.waitFor("the shell's job report") { $0.contains("Stopped") }
    // SIGSTOP cannot be caught: the plots stay on the screen, and only the shell's own settings
    // come back.
    if stop != .sigstop { #expect(!shell.contains("log scale"), "\(shell)") }
    try tmux.type("fg; echo $? > status-fg; stty -g > stty-fg")
    // Back whole: the status rows, the plots and the key line, and keys work (raw mode again).
    try tmux.waitFor("the whole view again") { FuzzTests.isWholeFrame($0, columns: 100, rows: 30) }
    try tmux.press("+")
    try tmux.waitFor("eta up") { statusRows($0).contains("eta 0.03  ") }
    try tmux.press("q")
    #expect(try tmux.waitForFile("status-fg") == "0\n")
    #expect(try tmux.isScreenRestored())
    _ = try tmux.waitForFile("stty-fg")
    let before = try String(
      contentsOf: tmux.folder.appendingPathComponent("stty-before"), encoding: .utf8)
    let after = try String(
      contentsOf: tmux.folder.appendingPathComponent("stty-fg"), encoding: .utf8)
    #expect(before == after)
  }

  @Test("Ctrl-C quits with 130 and Esc with 0", arguments: [("C-c", 130), ("Escape", 0)])
  func quitKeys(key: String, status: Int) throws {
    let tmux = try Tmux()
    try launch(tmux)
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press(key)
    let end = try tmux.ending()
    #expect(end.status == status)
    #expect(end.sttyRestored)
  }

  @Test("Alt chords and escape sequences the terminal does not list do nothing; a lone Esc quits")
  func escapeSequences() throws {
    let tmux = try Tmux()
    try launch(tmux)
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("Space")
    try tmux.waitFor("paused") { statusRows($0).contains("PAUSED") && $0.contains("eta 0.01") }
    try tmux.press("M-q", "M-+", "M-Up", "M-Escape")
    for bytes in [
      ["1b", "5b", "39", "39", "7a"], ["1b", "4f", "5a"], ["1b", "5b", "31", "3b", "35"],
    ] {
      try tmux.run(["send-keys", "-H"] + bytes)
    }
    Thread.sleep(forTimeInterval: 0.5)
    let screen = try tmux.screen()
    #expect(statusRows(screen).contains("eta 0.01  "), "\(screen)")
    #expect(statusRows(screen).contains("PAUSED"), "\(screen)")
    try tmux.press("+")
    try tmux.waitFor("eta up, so the keys still arrive") { statusRows($0).contains("eta 0.03  ") }
    try tmux.press("Escape")
    let end = try tmux.ending()
    #expect(end.status == 0)
    #expect(end.sttyRestored)
  }

  /// Input that is not keys: mouse reports in both forms, a control sequence longer than 32
  /// bytes, and Esc or a lone byte that is not UTF-8.
  static let strayInput: [[String]] = [
    ["1b", "5b", "3c", "30", "3b", "32", "3b", "35", "4d"],
    ["1b", "5b", "3c", "30", "3b", "32", "3b", "35", "6d"],
    ["1b", "5b", "4d", "20", "21", "21"], ["1b", "5b", "4d", "20", "32", "2b"],
    ["1b", "5b"] + Array(repeating: "31", count: 41) + ["41"],
    ["1b", "5b"] + Array(repeating: "32", count: 300) + ["71"],
    ["1b", "ff"], ["1b", "c3"], ["c3"], ["ff"], ["1b", "5b", "31", "03", "71"],
  ]

  @Test(
    "Mouse reports, over-long and malformed sequences change nothing and never quit",
    arguments: ["screen", "xterm-256color"])
  func strayInput(term: String) throws {
    let tmux = try Tmux(environment: ["TERM": term])
    try launch(tmux)
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("Space")
    try tmux.waitFor("paused") { statusRows($0).contains("PAUSED") && $0.contains("eta 0.01") }
    for bytes in Self.strayInput { try tmux.run(["send-keys", "-H"] + bytes) }
    // Input is read in order: once the + after them shows, every byte before it has been read.
    try tmux.press("+")
    let screen = try tmux.waitFor("eta up") { statusRows($0).contains("eta 0.03  ") }
    #expect(statusRows(screen).contains("PAUSED"), "\(screen)")
    #expect(statusRows(screen).contains("gradient correct"), "\(screen)")
    try tmux.quitCleanly()
  }

  @Test(
    "It works fully under xterm-256color, screen and vt100, in colour where there is colour",
    arguments: ["xterm-256color", "screen", "vt100"])
  func terminals(term: String) throws {
    let tmux = try Tmux(environment: ["TERM": term])
    try launch(tmux)
    try tmux.waitFor("the plots") { $0.contains("log scale") && statusRows($0).contains("step ") }
    #expect(Self.usesColour(try tmux.screen(escapes: true)) == (term != "vt100"))
    try tmux.press("+", "c", "h")
    try tmux.waitFor("keys at work") {
      statusRows($0).contains("eta 0.03  ") && statusRows($0).contains(" | other ")
    }
    try tmux.resize(columns: 70, rows: 20)
    try tmux.waitFor("a whole 70x20 frame") { FuzzTests.isWholeFrame($0, columns: 70, rows: 20) }
    try tmux.quitCleanly()
  }

  @Test("Under TERM=ansi (am without xenl) the axes and their labels land where they belong")
  func ansiAxes() throws {
    let tmux = try Tmux(environment: ["TERM": "ansi"])
    try launch(tmux)
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("Space")
    let screen = try tmux.waitFor("paused") { statusRows($0).contains("PAUSED") }
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(!lines.contains { $0.contains("└0") }, "\(screen)")
    // The function plot's x axis and its labels, as composed one column narrower than the window:
    // the column the view leaves blank on such a terminal.
    let frame = FrameRenderer.render(
      Session(trainer: Trainer(preset: .bias, seed: 2)), columns: 99, rows: 30, glyphs: .braille
    ).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let axis = frame.firstIndex { $0.contains("└") } ?? 0
    let shown = try #require(lines.firstIndex { $0.contains("└") }, "\(screen)")
    #expect(shown == axis)
    for offset in 0...1 where shown + offset < lines.count {
      let trimmed = lines[shown + offset].replacingOccurrences(
        of: "\\s+$", with: "", options: .regularExpression)
      #expect(trimmed == frame[axis + offset], "row \(shown + offset) of\n\(screen)")
    }
    #expect(lines.allSatisfy { $0.count <= 99 }, "the last column stays blank")
    try tmux.quitCleanly()
  }

  @Test("s saves a snapshot that continues exactly where the view stood")
  func snapshotFromTheView() throws {
    let tmux = try Tmux()
    try launch(tmux, "--seed 6")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("Space")
    let paused = try tmux.waitFor("paused") { statusRows($0).contains("PAUSED") }
    let step = try #require(Self.step(in: paused))
    try tmux.press("s")
    let saved = try tmux.waitFor("the saved notice") { statusRows($0).contains("saved sinetui-") }
    try tmux.press("q")
    #expect(try tmux.ending().status == 0)
    let names = try FileManager.default.contentsOfDirectory(atPath: tmux.folder.path)
      .filter { $0.hasPrefix("sinetui-") && $0.hasSuffix(".json") }
    #expect(names.count == 1)
    let name = try #require(names.first)
    #expect(statusRows(saved).contains("saved \(name)"))
    // No temporary file is left behind.
    #expect(
      !(try FileManager.default.contentsOfDirectory(atPath: tmux.folder.path)).contains {
        $0.hasSuffix(".tmp")
      })
    let continued = try BinaryRunner.run(
      ["train", "--load", name, "--steps", "100", "--trace", "continued", "--trace-steps", "100"],
      in: tmux.folder)
    let total = Int(step) + 100
    let whole = try BinaryRunner.run(
      [
        "train", "--seed", "6", "--steps", "\(total)", "--trace", "whole", "--trace-steps",
        "\(total)", "--print-every", "\(total)",
      ], in: tmux.folder)
    #expect(continued.status == 0 && whole.status == 0)
    let continuedLines = try String(
      contentsOf: tmux.folder.appendingPathComponent("continued"), encoding: .utf8
    )
    .split(separator: "\n")
    let wholeLines = try String(
      contentsOf: tmux.folder.appendingPathComponent("whole"), encoding: .utf8
    )
    .split(separator: "\n")
    #expect(Array(continuedLines.dropFirst()) == Array(wholeLines.suffix(100)))
  }

  /// How a save can fail: a folder the program may not write to, a disk with no room.
  enum SaveFailure: String, CaseIterable, Sendable {
    case readOnlyFolder = "a read-only folder"
    case fullDisk = "a full disk"
  }

  @Test(
    "A save that fails says why on the status line, leaves no file, and the run goes on",
    arguments: SaveFailure.allCases)
  func failedSave(_ failure: SaveFailure) throws {
    let tmux = try Tmux()
    let folder = tmux.folder.appendingPathComponent("runs")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
    let command: String
    switch failure {
    case .readOnlyFolder:
      try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
      // Permissions do not bind root, so as root the program runs as nobody, from a copy that
      // nobody can reach wherever the build is.
      guard getuid() == 0 else {
        command = "\(binary) --seed 7"
        break
      }
      let copy = tmux.folder.appendingPathComponent("sinetui")
      try FileManager.default.copyItem(atPath: binary, toPath: copy.path)
      try FileManager.default.setAttributes(
        [.posixPermissions: 0o755], ofItemAtPath: tmux.folder.path)
      command = "setpriv --reuid=65534 --regid=65534 --clear-groups \(copy.path) --seed 7"
    case .fullDisk:
      // A file size limit of 0 fails every write with EFBIG, as a full disk fails it with ENOSPC.
      command = "trap '' XFSZ; ulimit -f 0; exec \(binary) --seed 7"
    }
    try tmux.type(
      "stty -g > stty-before; (cd runs && \(command)); echo $? > status; stty -g > stty-after")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("s")
    let reason = failure == .readOnlyFolder ? "Permission denied" : "File too large"
    let screen = try tmux.waitFor("the failure") {
      statusRows($0).contains("save failed: \(reason)")
    }
    let step = try #require(Self.step(in: screen))
    try tmux.waitFor("the run going on") { (Self.step(in: $0) ?? 0) > step }
    try tmux.quitCleanly()
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test("A diverged run is not saved, and the status line says so")
  func divergedSave() throws {
    let tmux = try Tmux()
    try launch(tmux, "--preset numpy --gradient original --seed 3")
    try tmux.waitFor("the divergence") { $0.contains("DIVERGED at step") }
    try tmux.press("s")
    try tmux.waitFor("the refusal") {
      statusRows($0).contains("not saved: the run diverged (r resets)")
    }
    try tmux.press("q")
    #expect(try tmux.ending().status == 0)
    #expect(
      !(try FileManager.default.contentsOfDirectory(atPath: tmux.folder.path)).contains {
        $0.hasPrefix("sinetui-")
      })
  }

  @Test(
    "SINETUI_FRAME_LOG gets a line a second: the frame rate, capped at 30, and the steps so far")
  func frameLog() throws {
    let tmux = try Tmux(environment: ["SINETUI_FRAME_LOG": "frames"])
    try launch(tmux)
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("]", "]")
    var lines: [[Double]] = []
    let deadline = Date().addingTimeInterval(20)
    while lines.count < 3, Date() < deadline {
      Thread.sleep(forTimeInterval: 0.5)
      let text = try String(
        contentsOf: tmux.folder.appendingPathComponent("frames"), encoding: .utf8)
      lines = text.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
    }
    try tmux.press("q")
    #expect(try tmux.ending().status == 0)
    try #require(lines.count >= 3)
    // The rate is over a window that ends at a frame, so it can pass 30 by a frame's worth.
    #expect(lines.allSatisfy { $0.count == 3 && $0[1] > 0 && $0[1] <= 31 }, "\(lines)")
    #expect(zip(lines, lines.dropFirst()).allSatisfy { $0[0] < $1[0] && $0[2] <= $1[2] })
  }

  @Test("A run from a snapshot near the step limit stops at it, says so, and r recovers")
  func stepLimit() throws {
    let tmux = try Tmux()
    let fresh = Trainer(preset: .bias, seed: 8)
    let trainer = Trainer(
      preset: .bias, seed: 8, dataset: fresh.dataset, network: fresh.network,
      generator: fresh.generator, rule: .correct, eta: 0.01,
      stepCount: Trainer.stepLimit - 150_000)
    try Snapshot(trainer: trainer, history: []).json.write(
      to: tmux.folder.appendingPathComponent("near.json"), atomically: true, encoding: .utf8)
    try launch(tmux, "--load near.json")
    let screen = try tmux.waitFor("the step limit") {
      statusRows($0).contains("STEP LIMIT \(Trainer.stepLimit)")
    }
    #expect(Self.step(in: screen) == UInt64(Trainer.stepLimit))
    #expect(statusRows(screen).contains("PAUSED"))
    try tmux.press("Space", "n")
    Thread.sleep(forTimeInterval: 0.3)
    #expect(Self.step(in: try tmux.screen()) == UInt64(Trainer.stepLimit))
    try tmux.press("r")
    try tmux.waitFor("a new run") { !statusRows($0).contains("STEP LIMIT") }
    try tmux.quitCleanly()
  }

  @Test("A divergence pauses the view with its notice, and r recovers")
  func divergence() throws {
    let tmux = try Tmux()
    try launch(tmux, "--preset numpy --gradient original --seed 3")
    let screen = try tmux.waitFor("the divergence") { $0.contains("DIVERGED at step 4621") }
    #expect(screen.contains("press r to reset"))
    // Keys still work while diverged.
    try tmux.press("+", "]", "n", "b")
    try tmux.waitFor("keys while diverged") { statusRows($0).contains("gradient correct") }
    try tmux.press("r")
    try tmux.waitFor("recovered") { !$0.contains("DIVERGED") && $0.contains("gradient correct") }
    try tmux.press("q")
    #expect(try tmux.ending().status == 0)
  }

  @Test("ASCII with --ascii and in a non-UTF-8 locale; no colour with NO_COLOR or --no-color")
  func glyphsAndColour() throws {
    for (environment, arguments) in [
      ([:], "--ascii"), (["LANG": "C", "LC_ALL": "C"], ""),
    ] as [([String: String], String)] {
      let tmux = try Tmux(environment: environment)
      try launch(tmux, "--seed 5 \(arguments)")
      let screen = try tmux.waitFor("an ASCII frame") { $0.contains("## network") }
      #expect(screen.unicodeScalars.allSatisfy { $0.isASCII }, "\(environment) \(arguments)")
      try tmux.press("q")
      #expect(try tmux.ending().status == 0)
    }
    let colour = try Tmux(environment: ["TERM": "xterm-256color"])
    try launch(colour)
    try colour.waitFor("running") { $0.contains("steps/s") }
    let colourScreen = try colour.screen(escapes: true)
    #expect(Self.usesColour(colourScreen), "\(colourScreen.debugDescription.prefix(600))")
    try colour.press("q")
    for (environment, arguments) in [(["NO_COLOR": "1"], ""), ([:], "--no-color")]
      as [([String: String], String)]
    {
      let tmux = try Tmux(environment: environment.merging(["TERM": "xterm-256color"]) { $1 })
      try launch(tmux, "--seed 5 \(arguments)")
      try tmux.waitFor("running") { $0.contains("steps/s") }
      let escapes = try tmux.screen(escapes: true)
      #expect(!Self.usesColour(escapes), "colour with \(environment) \(arguments)")
      // Without colour the curves differ by pattern, and the legend says how.
      #expect(try tmux.screen().contains("sin(x) dotted"), "\(environment) \(arguments)")
      try tmux.press("q")
      #expect(try tmux.ending().status == 0)
    }
  }

  @Test(
    "? help and q quit are on the key line at 60x16, 80x24 and 100x30",
    arguments: [(60, 16), (80, 24), (100, 30)])
  func helpAndQuitVisible(columns: Int, rows: Int) throws {
    let tmux = try Tmux(columns: columns, rows: rows)
    try launch(tmux)
    let screen = try tmux.waitFor("the key line") { $0.contains("steps/s") }
    let keyLine = screen.split(separator: "\n").last.map(String.init) ?? ""
    #expect(keyLine.contains("? help"), "\(columns)x\(rows): \(keyLine)")
    #expect(keyLine.contains("q quit"), "\(columns)x\(rows): \(keyLine)")
    try tmux.quitCleanly()
  }

  @Test("Every key beyond the original network changes its token, also while comparing")
  func settingsKeys() throws {
    let tmux = try Tmux(columns: 160, rows: 40)
    try launch(tmux)
    try tmux.waitFor("running") { statusRows($0).contains("activation sigmoid") }
    for (key, token) in [
      ("a", "activation tanh"), ("o", "optimizer momentum"), ("m", "batch 8"),
      ("f", "target square"), (">", "hidden 16"), ("<", "hidden 10"), ("c", " | other "),
      ("a", "activation relu"), ("o", "optimizer adam"), ("m", "batch 32"),
      ("f", "target kink"), ("2", "(= correct for relu)"),
    ] {
      try tmux.press(key)
      try tmux.waitFor("\(key) to show \(token)") { statusRows($0).contains(token) }
    }
    // The comparison kept the same settings, with the other rule, and keeps training.
    let screen = try tmux.waitFor("the comparison") { $0.contains("other: correct") }
    #expect(statusRows(screen).contains("gradient double-sigmoid"))
    try tmux.quitCleanly()
  }

  @Test("TERM=dumb is refused with one clear line and no escape codes")
  func dumbTerminal() throws {
    let tmux = try Tmux(environment: ["TERM": "dumb"])
    try tmux.type("\(binary) 2> message; echo $? > status")
    let status = try tmux.waitForFile("status")
    #expect(status == "1\n")
    let message = try String(
      contentsOf: tmux.folder.appendingPathComponent("message"), encoding: .utf8)
    #expect(
      message
        == "sinetui: TERM='dumb' cannot move the cursor to draw plots; to train without a terminal, use 'sinetui train'\n"
    )
  }

  @Test("A hostile TERM is quoted with its control characters escaped, not sent to the terminal")
  func hostileTerm() throws {
    let tmux = try Tmux()
    try tmux.type("TERM=$'\\e]2;X\\a\\e[31mred' \(binary) 2> message; echo $? > status")
    #expect(try tmux.waitForFile("status") == "1\n")
    let message = try String(
      contentsOf: tmux.folder.appendingPathComponent("message"), encoding: .utf8)
    #expect(
      message
        == "sinetui: TERM='\\x1B]2;X\\x07\\x1B[31mred' names no known terminal; to train without a terminal, use 'sinetui train'\n"
    )
  }

  @Test(
    "LINES or COLUMNS beyond any terminal are refused with one line naming them",
    arguments: [
      ("LINES=99999 COLUMNS=99999", "LINES=99999 and COLUMNS=99999 ask for", "them"),
      ("LINES=10001", "LINES=10001 asks for", "it"),
      ("COLUMNS=20000", "COLUMNS=20000 asks for", "it"),
    ])
  func impossibleSize(environment: String, named: String, pronoun: String) throws {
    let tmux = try Tmux()
    try tmux.type("\(environment) \(binary) 2> message; echo $? > status")
    #expect(try tmux.waitForFile("status") == "1\n")
    let message = try String(
      contentsOf: tmux.folder.appendingPathComponent("message"), encoding: .utf8)
    #expect(
      message
        == "sinetui: \(named) a screen larger than any terminal's (10000 rows or columns at most); unset \(pronoun) to use the terminal's own size\n"
    )
  }

  @Test("A 3000x3000 window is drawn in its top-left 1000x500, in bounded memory")
  func hugeWindow() throws {
    let tmux = try Tmux(columns: 120, rows: 40, environment: ["SINETUI_FRAME_LOG": "frames"])
    try launch(tmux)
    try tmux.waitFor("running") { $0.contains("steps/s") }
    let child = try #require(try Self.programPID(in: tmux))
    let log = tmux.folder.appendingPathComponent("frames")
    func loggedSeconds() -> Int {
      ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").count
    }
    try tmux.resize(columns: 3000, rows: 3000)
    // Two whole seconds of frames at the new size.
    let resized = loggedSeconds()
    let deadline = Date().addingTimeInterval(60)
    while loggedSeconds() < resized + 3, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
    let status = try String(contentsOfFile: "/proc/\(child)/status", encoding: .utf8)
    let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
      .flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") }
    let kilobytes = try #require(peak)
    #expect(kilobytes < 200_000, "peak resident memory \(kilobytes) kB")
    let row = { (index: Int) in
      try tmux.run(["capture-pane", "-p", "-S", "\(index)", "-E", "\(index)"])
    }
    #expect(try row(0).hasPrefix("step "))
    #expect(try row(499).hasPrefix("space pause"))
    #expect(try row(500).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    try tmux.resize(columns: 120, rows: 40)
    try tmux.waitFor("the view at 120x40") { FuzzTests.isWholeFrame($0, columns: 120, rows: 40) }
    try tmux.quitCleanly()
  }

  @Test("Without a terminal it says so in one line, suggests train, and writes nothing to stdout")
  func noTerminal() throws {
    let result = try BinaryRunner.run(["--seed", "1"])
    #expect(result.status == 1)
    #expect(result.standardOutput.isEmpty)
    #expect(result.standardError.split(separator: "\n").count == 1)
    #expect(result.standardError.contains("sinetui train"))
  }

  @Test("A terminal that goes away without a SIGHUP (end of input, I/O errors) ends the view: 129")
  func hangUpWithoutSignal() throws {
    let tmux = try Tmux()
    // The shell ignores SIGHUP, and so does the program it starts, so the end of the terminal
    // reaches the program only as the end of its input.
    try tmux.type("exec sh -c 'trap \"\" HUP; \(binary) --seed 2; echo $? > status'")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    let pid = try #require(try Self.programPID(in: tmux))
    try tmux.run(["kill-pane"])
    let status = try tmux.waitForFile("status")
    if status == nil { _ = try BinaryRunner.shell("kill -KILL \(pid)") }
    #expect(status == "129\n")
  }

  /// The pid of the program the window's shell started, once it exists.
  ///
  /// The shell leads the window's session, so the program is the process in that session that
  /// runs the binary, however many shells are between them.
  static func programPID(in tmux: Tmux) throws -> Int? {
    let shell =
      try tmux.run(["list-panes", "-F", "#{pane_pid}"]).split(separator: "\n").first ?? ""
    let binary = BinaryRunner.executable.path
    for _ in 0..<200 {
      let child = try BinaryRunner.shell("pgrep -s \(shell) -f '^\(binary) '")
        .trimmingCharacters(in: .whitespacesAndNewlines)
      if let pid = Int(child) { return pid }
      Thread.sleep(forTimeInterval: 0.01)
    }
    Issue.record("no program under the shell \(shell)")
    return nil
  }

  /// The number after `step ` on the status line.
  static func step(in screen: String) -> UInt64? {
    number(after: "step ", in: screen)
  }

  /// Whether screen text with escapes sets a foreground colour (SGR 30-38, not 39, the default).
  static func usesColour(_ escapes: String) -> Bool {
    var rest = Substring(escapes)
    while let start = rest.range(of: "\u{1B}[") {
      let parameters = rest[start.upperBound...].prefix { $0.isNumber || $0 == ";" }
      if parameters.split(separator: ";").contains(where: { (30...38).contains(Int($0) ?? 0) }) {
        return true
      }
      rest = rest[start.upperBound...]
    }
    return false
  }

  /// Whether the screen has the x tick labels of the wide view (-15 to 30).
  static func hasWideAxis(_ screen: String) -> Bool {
    screen.split(separator: "\n").contains { $0.contains("-10") && $0.contains("30") }
  }

  /// The whole number right after the first `label` in `text`.
  static func number(after label: String, in text: String) -> UInt64? {
    guard let range = text.range(of: label) else { return nil }
    return UInt64(text[range.upperBound...].prefix { $0.isNumber })
  }
}
