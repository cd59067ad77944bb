import Foundation
import SineNet
import TestSupport
import Testing

/// `sinetui --load-trace`: a trace replayed in the live view, through tmux.
@Suite("Replaying a trace in the live view", .enabled(if: Tools.runsTmuxTests, Tools.tmuxMissing))
struct ReplayTests {
  let binary = BinaryRunner.executable.path

  @Test(
    "The trace plays to its end beside the correct rule, with the verdict on the status line",
    arguments: [
      (
        ["--gradient", "original", "--steps", "300"], "trace follows rule original (both bugs)",
        "step 300"
      ),
      (["--steps", "300"], "trace follows the correct rule", "step 300"),
      (
        [
          "--preset", "numpy", "--gradient", "original", "--seed", "3", "--steps", "20000",
          "--trace-steps", "20000",
        ], "trace follows rule original (both bugs)", "DIVERGED at step "
      ),
    ])
  func replay(training: [String], verdict: String, end: String) throws {
    let tmux = try Tmux()
    let made = try BinaryRunner.run(
      ["train", "--trace", "t.jsonl", "--print-every", "100000"] + training, in: tmux.folder)
    #expect(made.status == 0)
    try tmux.type("\(binary) --load-trace t.jsonl; echo $? > status")
    let screen = try tmux.waitFor("the end of the trace") {
      let rows = statusRows($0)
      return rows.contains(end) && (rows.contains("END OF TRACE") || end.hasPrefix("DIVERGED"))
    }
    let rows = statusRows(screen)
    #expect(rows.contains(verdict), "\(rows)")
    #expect(rows.contains(" | other "), "the correct rule's run beside it: \(rows)")
    #expect(screen.contains("other: correct"))
    #expect(!rows.contains("seed 0"))
    try tmux.press("q")
    let status = try tmux.waitForFile("status")
    #expect(status?.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
  }
}
