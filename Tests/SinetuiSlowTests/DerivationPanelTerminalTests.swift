import Foundation
import TestSupport
import Testing

/// The `d` panel in a real 80x24 terminal, paused: what each rule marks, and a step's new sample.
@Suite("The derivation panel in a terminal", .enabled(if: Tools.runsTmuxTests, Tools.tmuxMissing))
struct DerivationPanelTerminalTests {
  let binary = BinaryRunner.executable.path

  /// The panel's lines on `screen` that hold `mark`.
  static func marked(_ screen: String, _ mark: String) -> [Substring] {
    screen.split(separator: "\n").filter { $0.contains(mark) }
  }

  /// The sample in the panel's title: the text from `x = ` to the end of the title.
  static func sample(_ screen: String) -> Substring? {
    guard let title = screen.split(separator: "\n").first(where: { $0.contains("next step,") }),
      let start = title.range(of: "x = ")
    else { return nil }
    return title[start.lowerBound...].prefix { $0 != "│" && $0 != "|" }
  }

  @Test(
    "d shows the derivation; each rule marks its own factors; n gives the next sample",
    arguments: [
      (ascii: false, mark: "≠", output: "∂L/∂ŷ ", slope: "∂aᵢ/∂hᵢ "),
      (ascii: true, mark: "!=", output: "dL/dyhat ", slope: "da_i/dh_i "),
    ])
  func marks(ascii: Bool, mark: String, output: String, slope: String) throws {
    let tmux = try Tmux(columns: 80, rows: 24)
    let arguments = "--seed 2" + (ascii ? " --ascii" : "")
    try tmux.type(
      "stty -g > stty-before; \(binary) \(arguments); echo $? > status; stty -g > stty-after")
    try tmux.waitFor("training under way") { statusRows($0).contains("steps/s") }
    try tmux.press("Space")
    try tmux.waitFor("paused") { statusRows($0).contains("PAUSED") }
    try tmux.press("d")
    var screen = try tmux.waitFor("the panel") { $0.contains("rule: correct") }
    #expect(Self.marked(screen, mark).isEmpty, "the correct rule marks nothing")
    #expect(screen.contains("next step, unit i = "))

    // Each rule's marks, the rule set by its key: 1 the sign, 2 the slip, b both.
    for (keys, rule, factors) in [
      (["1"], "sign", [output]), (["1", "2"], "double-sigmoid", [slope]),
      (["2", "b"], "original", [output, slope]),
    ] {
      try tmux.run(["send-keys"] + keys)
      screen = try tmux.waitFor("rule \(rule)") { $0.contains("rule: \(rule) ") }
      let lines = Self.marked(screen, mark)
      #expect(lines.count == factors.count, "\(rule): \(lines)")
      for (line, factor) in zip(lines, factors) {
        #expect(line.contains(factor), "\(rule): \(line)")
      }
    }

    // n takes the step the panel derived and shows the one after, on a new sample.
    let before = try #require(Self.sample(screen))
    try tmux.press("n")
    screen = try tmux.waitFor("the next sample") { Self.sample($0).map { $0 != before } ?? false }
    #expect(Self.marked(screen, mark).count == 2)
    // u walks to the unit with the next largest |w2|.
    try tmux.press("u")
    try tmux.waitFor("the next unit") { $0.contains("(|w2| rank 2)") }

    // Too small, a note; large enough again, the panel.
    try tmux.resize(columns: 70, rows: 20)
    try tmux.waitFor("the size note") { $0.contains("the derivation needs") }
    try tmux.resize(columns: 80, rows: 24)
    try tmux.waitFor("the panel again") { $0.contains("(|w2| rank 2)") }
    try tmux.press("d")
    try tmux.waitFor("the panel closed") { !$0.contains("next step, unit") }
    try tmux.quitCleanly(alternateScreenGone: true)
  }
}
