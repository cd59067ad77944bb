import Foundation
import Testing

/// The programs some tests need beside Swift: tmux for the terminal tests, python3 with NumPy for
/// the tests that run Python programs, python3 with pyte (a terminal emulator) for the tests that
/// replay recordings, PyTorch for the PyTorch example.
///
/// A test whose tool is missing is skipped with a message that says what to install, unless
/// `SINETUI_REQUIRE_TOOLS` is set (as `.ci/run` sets it): then it runs, and fails. PyTorch is the
/// exception: it cannot be installed everywhere, so its test skips without it even then.
public enum Tools {
  /// Whether a missing tool fails the tests instead of skipping them.
  public static let areRequired =
    ProcessInfo.processInfo.environment["SINETUI_REQUIRE_TOOLS"] != nil

  /// Whether tmux is on the `PATH`.
  public static let hasTmux = isOnPath("tmux")

  /// Whether python3 is on the `PATH` and imports NumPy.
  public static let hasNumPy: Bool = {
    guard isOnPath("python3") else { return false }
    let output =
      (try? BinaryRunner.shell("python3 -c 'import numpy; print(\"ok\")' 2>/dev/null")) ?? ""
    return output.hasPrefix("ok")
  }()

  /// Whether python3 on the `PATH` imports PyTorch.
  public static let hasTorch: Bool = {
    guard isOnPath("python3") else { return false }
    let output =
      (try? BinaryRunner.shell("python3 -c 'import torch; print(\"ok\")' 2>/dev/null")) ?? ""
    return output.hasPrefix("ok")
  }()

  /// Whether python3 is on the `PATH` and imports pyte.
  public static let hasPyte: Bool = {
    guard isOnPath("python3") else { return false }
    let output =
      (try? BinaryRunner.shell("python3 -c 'import pyte; print(\"ok\")' 2>/dev/null")) ?? ""
    return output.hasPrefix("ok")
  }()

  /// Whether tests that need tmux run.
  public static var runsTmuxTests: Bool { hasTmux || areRequired }

  /// Whether tests that need python3 and NumPy run.
  public static var runsNumPyTests: Bool { hasNumPy || areRequired }

  /// Whether tests that need tmux, python3 and pyte run.
  public static var runsReplayTests: Bool { (hasTmux && hasPyte) || areRequired }

  /// The message a skipped tmux test shows.
  public static let tmuxMissing: Comment =
    "needs tmux: install it (apt-get install tmux) or set SINETUI_REQUIRE_TOOLS to fail instead"

  /// The message a skipped NumPy test shows.
  public static let numPyMissing: Comment = """
    needs python3 with NumPy: install them (apt-get install python3-numpy) or set \
    SINETUI_REQUIRE_TOOLS to fail instead
    """

  /// The message the skipped PyTorch test shows.
  public static let torchMissing: Comment = """
    needs PyTorch for python3 (pip install torch), which cannot be installed everywhere: skipped \
    even when SINETUI_REQUIRE_TOOLS is set
    """

  /// The message a skipped replay test shows.
  public static let replayMissing: Comment = """
    needs tmux and python3 with pyte: install them (apt-get install tmux; pip install pyte) or \
    set SINETUI_REQUIRE_TOOLS to fail instead
    """

  private static func isOnPath(_ program: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
    }
  }
}
