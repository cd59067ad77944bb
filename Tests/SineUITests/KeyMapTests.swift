import Testing

@testable import SineUI

@Suite("Key map")
struct KeyMapTests {
  @Test("Every documented key asks for its command")
  func documentedKeys() {
    let expected: [(Key, Command)] = [
      (.character(" "), .togglePause), (.character("n"), .stepOnce),
      (.character("N"), .stepThousand),
      (.character("r"), .reset), (.character("b"), .toggleOriginalBugs),
      (.character("1"), .toggleSign),
      (.character("2"), .toggleDoubleSigmoid), (.character("+"), .etaUp),
      (.character("-"), .etaDown),
      (.up, .etaUp), (.down, .etaDown), (.character("]"), .speedUp), (.character("["), .speedDown),
      (.character("p"), .nextPreset), (.character("?"), .toggleHelp), (.character("q"), .quit),
      (.escape, .quit), (.control(3), .interrupt), (.control(26), .suspend),
    ]
    for (key, command) in expected {
      #expect(KeyMap.command(for: key) == command, "\(key)")
    }
  }

  @Test("Other keys do nothing")
  func unknownKeys() {
    for key in [Key.character("x"), .character("é"), .control(25), .left, .right, .other(265)] {
      #expect(KeyMap.command(for: key) == nil, "\(key)")
    }
  }

  @Test("Every command is reachable from some key, and the help is plain ASCII")
  func everyCommandHasAKey() {
    var keys: [Key] = [.escape, .up, .down, .left, .right, .control(3), .control(26)]
    keys += (32...126).compactMap { Unicode.Scalar($0).map { .character(Character($0)) } }
    let reached = Set(keys.compactMap(KeyMap.command(for:)))
    #expect(reached == Set(Command.allCases))
    #expect(KeyMap.help.count == 12)
    #expect((KeyMap.summary + KeyMap.replaySummary).allSatisfy { $0.text.allSatisfy(\.isASCII) })
    let helpText = KeyMap.help.map { $0.keys + $0.action }.joined()
    #expect(helpText.allSatisfy { $0.isASCII })
  }
}
