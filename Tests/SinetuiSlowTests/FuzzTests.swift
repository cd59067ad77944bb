import Foundation
import SineFormats
import SineNet
import SineUI
import TestSupport
import Testing

/// A cat on the keyboard: thousands of random keys and resizes through a real terminal.
@Suite(
  "Fuzzing the view through tmux", .serialized,
  .enabled(if: Tools.runsTmuxTests, Tools.tmuxMissing))
struct FuzzTests {
  let binary = BinaryRunner.executable.path

  /// One fuzzing run: a preset, a rule and the seed of both the view and the storm.
  struct Run: Sendable, CustomTestStringConvertible {
    var preset: Preset
    var rule: GradientRule
    var seed: UInt64
    var testDescription: String { "\(preset.rawValue) \(rule.rawValue) seed \(seed)" }
  }

  /// Every preset with every rule, each with a seed of its own.
  static let runs = Preset.allCases.flatMap { preset in GradientRule.allCases.map { (preset, $0) } }
    .enumerated().map { Run(preset: $0.element.0, rule: $0.element.1, seed: UInt64($0.offset + 1)) }

  @Test(
    "10,000 random keys and resizes leave the view running, its frame whole, η and speed on their ladders",
    arguments: runs)
  func storm(_ run: Run) throws {
    let tmux = try Tmux(columns: 120, rows: 40)
    try tmux.type(
      "stty -g > stty-before; \(binary) --preset \(run.preset.rawValue) --gradient \(run.rule.rawValue)"
        + " --seed \(run.seed); echo $? > status; stty -g > stty-after")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    let storm = KeyStorm(keys: 10_000, seed: run.seed, eta: run.preset.defaultEta)
    try storm.play(on: tmux)
    #expect(storm.keyCount == 10_000)
    guard try Self.isRunning(in: tmux) else {
      let status = try tmux.waitForFile("status", timeout: 1) ?? "none"
      Issue.record("the view is gone after the storm, status \(status):\n\(try tmux.screen())")
      return
    }

    // The frame fits whatever size the window is left at, and the status line has the settings
    // the keys stepped to.
    for (columns, rows) in [(37, 9), (200, 50)] {
      try tmux.resize(columns: columns, rows: rows)
      try tmux.waitFor("a whole \(columns)x\(rows) frame") {
        Self.isWholeFrame($0, columns: columns, rows: rows)
      }
    }
    let eta = "eta \(storm.etaLabel)"
    let speed = "speed \(storm.speed.label)"
    try tmux.waitFor("\(eta) and \(speed)") {
      statusRows($0).contains(eta + "  ") && statusRows($0).contains(speed + "  ")
    }

    try tmux.quitCleanly(alternateScreenGone: true)
  }

  @Test(
    "Diverged on purpose at η 10 and max speed, it takes 2,000 keys, stays DIVERGED, and r recovers"
  )
  func keysWhileDiverged() throws {
    let tmux = try Tmux(columns: 120, rows: 40)
    try tmux.type(
      "stty -g > stty-before; \(binary) --preset numpy --gradient original --eta 10 --seed 9;"
        + " echo $? > status; stty -g > stty-after")
    try tmux.waitFor("running") { $0.contains("steps/s") }
    try tmux.press("]", "]")
    let diverged = try tmux.waitFor("the divergence") {
      statusRows($0).contains("DIVERGED at step ")
    }
    let step = try #require(TerminalTests.number(after: "DIVERGED at step ", in: diverged))
    // Every key but the ones that reset the run (r, p, < and >) or change its rule.
    let storm = KeyStorm(
      keys: 2_000, seed: 9, eta: 10, speed: .max, excluding: ["r", "p", "b", "1", "2", "<", ">"])
    try storm.play(on: tmux)
    try tmux.resize(columns: 200, rows: 50)
    let eta = "eta \(storm.etaLabel)  "
    try tmux.waitFor("still DIVERGED at step \(step), \(eta)") {
      statusRows($0).contains("DIVERGED at step \(step) ") && statusRows($0).contains(eta)
    }
    // The correct rule at the smallest η, then r: a new run that trains.
    try tmux.press("b")
    try tmux.run(["send-keys"] + Array(repeating: "Down", count: 13))
    try tmux.press("r")
    try tmux.waitFor("recovered") {
      !$0.contains("DIVERGED") && statusRows($0).contains("gradient correct")
        && statusRows($0).contains("eta 1e-05  ") && (TerminalTests.step(in: $0) ?? 0) > 1000
    }
    try tmux.quitCleanly()
  }

  @Test("At the step limit, 2,000 keys take no step past it, and the view stays whole")
  func keysAtTheStepLimit() throws {
    let tmux = try Tmux(columns: 120, rows: 40)
    let fresh = Trainer(preset: .bias, seed: 10)
    let near = Trainer(
      preset: .bias, seed: 10, dataset: fresh.dataset, network: fresh.network,
      generator: fresh.generator, rule: .correct, eta: 0.01,
      stepCount: Trainer.stepLimit - 100_000)
    try Snapshot(trainer: near, history: []).json.write(
      to: tmux.folder.appendingPathComponent("near.json"), atomically: true, encoding: .utf8)
    try tmux.type(
      "stty -g > stty-before; \(binary) --load near.json; echo $? > status; stty -g > stty-after")
    let limit = "STEP LIMIT \(Trainer.stepLimit)"
    try tmux.waitFor("the step limit") { statusRows($0).contains(limit) }
    // Every key but the ones that start a new run (r, p, < and >).
    let storm = KeyStorm(keys: 2_000, seed: 10, eta: 0.01, excluding: ["r", "p", "<", ">"])
    try storm.play(on: tmux)
    try tmux.resize(columns: 200, rows: 50)
    let eta = "eta \(storm.etaLabel)  "
    let speed = "speed \(storm.speed.label)  "
    let screen = try tmux.waitFor("still at the limit, \(eta)and \(speed)") {
      statusRows($0).contains(limit) && statusRows($0).contains(eta)
        && statusRows($0).contains(speed)
    }
    #expect(TerminalTests.step(in: screen) == UInt64(Trainer.stepLimit))
    try tmux.quitCleanly(alternateScreenGone: true)
  }

  // MARK: - Reading the terminal

  /// Whether the shell in `tmux` still has a `sinetui` child.
  static func isRunning(in tmux: Tmux) throws -> Bool {
    let shell = try tmux.run(["list-panes", "-F", "#{pane_pid}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return try !BinaryRunner.shell("pgrep -P \(shell) -f sinetui").isEmpty
  }

  /// Whether `screen` is the view's whole frame at `columns` x `rows`: nothing wider than the
  /// window, and either the status rows and the key line or, below 60x16, the size note.
  static func isWholeFrame(_ screen: String, columns: Int, rows: Int) -> Bool {
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.count >= rows, lines.allSatisfy({ $0.count <= columns }) else { return false }
    let minimum = FrameComposer.minimumSize
    guard columns >= minimum.columns, rows >= minimum.rows else {
      return screen.contains("need 60x16, have \(columns)x\(rows)")
    }
    return lines[0].hasPrefix("step ") && lines[rows - 1].hasPrefix("space pause")
  }
}
