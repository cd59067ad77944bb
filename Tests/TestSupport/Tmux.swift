import CPlatform
import Foundation
import Testing

/// tmux could not be started.
public struct TmuxUnavailable: Error {}

/// A tmux server on a private socket running one shell, for driving `sinetui` as a person would.
public final class Tmux {
  /// The server's private socket name.
  public let socket = "sinetui-test-\(UUID().uuidString.prefix(8))"
  /// The folder the shell starts in, which is also its home, removed with the server.
  public let folder: URL

  /// Starts a server with a `columns` x `rows` window running a plain bash in a clean
  /// environment: `TERM=screen`, a UTF-8 locale, no `NO_COLOR` (SwiftPM sets it for tests), and
  /// then `environment` on top.
  public init(columns: Int = 100, rows: Int = 30, environment: [String: String] = [:]) throws {
    folder = try BinaryRunner.temporaryFolder()
    let base = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": folder.path, "TERM": "screen", "LANG": "C.UTF-8",
    ]
    let exports = base.merging(environment) { $1 }.sorted { $0.key < $1.key }.map {
      "\($0.key)=\($0.value)"
    }
    try run(
      ["new-session", "-d", "-x", "\(columns)", "-y", "\(rows)", "-c", folder.path]
        + ["env", "-i"] + exports + ["bash", "--norc", "--noprofile"])
    try run(["set-option", "-g", "status", "off"])
  }

  deinit {
    _ = try? run(["kill-server"])
    try? FileManager.default.removeItem(at: folder)
  }

  /// Runs a tmux command against this server and returns what it printed.
  ///
  /// Spawned directly rather than through Foundation's `Process`, which waits for every copy of
  /// its child's descriptors to close, and the tmux server that `new-session` forks keeps them.
  @discardableResult
  public func run(_ arguments: [String]) throws -> String {
    let output = folder.appendingPathComponent(".tmux-output-\(UUID().uuidString)").path
    defer { unlink(output) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let command = ["tmux", "-L", socket] + arguments
    let argv = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    // A clean signal state for the server and the shells it starts: the test runner's threads
    // block signals that the program under test must receive.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    guard posix_spawnp(&pid, "tmux", &actions, &attributes, argv, environ) == 0 else {
      throw TmuxUnavailable()
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
  }

  /// Types `text` and presses Enter.
  public func type(_ line: String) throws {
    try run(["send-keys", "-l", line])
    try run(["send-keys", "Enter"])
  }

  /// Sends keys by tmux's names (`Space`, `Escape`, `C-c`, `Up`) or literal characters.
  public func press(_ keys: String...) throws {
    try run(["send-keys"] + keys)
  }

  /// The screen as text; with `escapes`, with its colour and attribute codes; with `history`,
  /// after the lines scrolled off it.
  public func screen(escapes: Bool = false, history: Bool = false) throws -> String {
    try run(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + (history ? ["-S", "-"] : []))
  }

  /// Resizes the window.
  public func resize(columns: Int, rows: Int) throws {
    try run(["resize-window", "-x", "\(columns)", "-y", "\(rows)"])
  }

  /// Polls the screen until `condition` holds, for at most `timeout` seconds; records an issue
  /// and returns the last screen when it never does.
  @discardableResult
  public func waitFor(
    _ what: String, timeout: TimeInterval = 20, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: (String) -> Bool
  ) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var screen = try self.screen()
    while !condition(screen) {
      guard Date() < deadline else {
        Issue.record(
          "never saw \(what); the screen was:\n\(screen)", sourceLocation: sourceLocation)
        return screen
      }
      Thread.sleep(forTimeInterval: 0.1)
      screen = try self.screen()
    }
    return screen
  }

  /// The exit status, once a program started the way `TerminalTests.launch` starts it has ended
  /// (its shell line writes `status`, `stty-before` and `stty-after`); whether `stty -g` is as
  /// it was before; and whether the screen is the shell's again: the alternate screen left and
  /// the cursor shown.
  public func ending() throws -> (status: Int?, sttyRestored: Bool, screenRestored: Bool) {
    let status = try waitForFile("status").flatMap {
      Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    _ = try waitForFile("stty-after")
    let before = try String(
      contentsOf: folder.appendingPathComponent("stty-before"), encoding: .utf8)
    let after = try String(contentsOf: folder.appendingPathComponent("stty-after"), encoding: .utf8)
    return (status, before == after, try isScreenRestored())
  }

  /// Whether the pane shows its main screen with the cursor visible, as a shell expects it; tmux
  /// is given up to 20 s, as ``waitFor(_:timeout:sourceLocation:_:)`` gives a screen, to have
  /// read the last bytes the program wrote.
  public func isScreenRestored() throws -> Bool {
    let deadline = Date().addingTimeInterval(20)
    while true {
      let flags = try run(["display-message", "-p", "#{alternate_on} #{cursor_flag}"])
      if flags.trimmingCharacters(in: .whitespacesAndNewlines) == "0 1" { return true }
      guard Date() < deadline else { return false }
      Thread.sleep(forTimeInterval: 0.1)
    }
  }

  /// Presses `q` and expects the program to end with status 0 and the terminal's settings as they
  /// were; with `alternateScreenGone`, also the plots gone and the shell's own line back.
  public func quitCleanly(
    alternateScreenGone: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    try press("q")
    let end = try ending()
    #expect(end.status == 0, sourceLocation: sourceLocation)
    #expect(end.sttyRestored, sourceLocation: sourceLocation)
    #expect(end.screenRestored, sourceLocation: sourceLocation)
    guard alternateScreenGone else { return }
    let screen = try screen()
    #expect(!screen.contains("log scale"), sourceLocation: sourceLocation)
    #expect(screen.contains("stty -g"), sourceLocation: sourceLocation)
  }

  /// Waits for a file the shell writes, and returns its contents.
  public func waitForFile(_ name: String, timeout: TimeInterval = 20) throws -> String? {
    let url = folder.appendingPathComponent(name)
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let text = try? String(contentsOf: url, encoding: .utf8), text.hasSuffix("\n") {
        return text
      }
      Thread.sleep(forTimeInterval: 0.1)
    }
    return nil
  }
}

/// The status rows of a screen (the first two lines).
public func statusRows(_ screen: String) -> String {
  screen.split(separator: "\n", omittingEmptySubsequences: false).prefix(2).joined(separator: "\n")
}
