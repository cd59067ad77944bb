import SineNet
import Testing

@testable import SineUI

/// What stays on screen when the terminal is narrow: the way to help and out, and the status
/// tokens that matter most, each whole.
@Suite("Narrow terminals")
struct NarrowTerminalTests {
  static func keyLine(_ session: Session, columns: Int) -> String {
    let frame = FrameRenderer.render(session, columns: columns, rows: 24, glyphs: .braille)
    return String(frame.text.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
  }

  @Test("From 60 columns up, the key line shows ? help and q quit, in whole entries only")
  func keyLine() {
    let session = Session(trainer: Trainer(preset: .bias, seed: 1))
    let entries = Set(KeyMap.summary.map(\.text))
    for columns in 60...160 {
      let line = Self.keyLine(session, columns: columns)
      #expect(line.contains("? help"), "\(columns)")
      #expect(line.contains("q quit"), "\(columns)")
      #expect(line.count <= columns, "\(columns)")
      // Only whole entries, two spaces apart.
      let shown = line.components(separatedBy: "  ")
      #expect(shown.allSatisfy(entries.contains), "\(columns): \(line)")
    }
    #expect(
      Self.keyLine(session, columns: 80)
        == "space pause  r reset  b bugs  1 sign  2 sigsig  +/- eta  e why  ? help  q quit")
    #expect(
      Self.keyLine(session, columns: 120)
        == "space pause  n step  r reset  b bugs  1 sign  2 sigsig  +/- eta  [/] speed  p preset  a act  e why  ? help  q quit"
    )
  }

  @Test("A diverged run at 60 columns keeps step, eta, mse, gradient, DIVERGED and PAUSED")
  func divergedStatus() throws {
    var session = Session(trainer: Trainer(preset: .numpy, seed: 3, rule: .original))
    for _ in 0..<100 where !session.trainer.hasDiverged {
      session.train(steps: 1000)
      session.recordProgress()
    }
    let frame = FrameRenderer.render(session, columns: 60, rows: 16, glyphs: .braille)
    let rows = frame.text.split(separator: "\n").prefix(2).joined(separator: "\n")
    #expect(
      rows == """
        step 4621  eta 0.01  mse inf  gradient original
        DIVERGED at step 4621 (original, eta 0.01)  PAUSED
        """)
    // Wider, the less important tokens come back, in their order.
    let wide = FrameRenderer.render(session, columns: 100, rows: 30, glyphs: .braille)
    #expect(
      wide.text.split(separator: "\n").prefix(2).joined(separator: "\n") == """
        step 4621  eta 0.01  mse inf  gradient original  DIVERGED at step 4621 (original, eta 0.01)
        press r to reset  PAUSED  preset numpy  speed 100k/s  0 steps/s  seed 3  activation sigmoid
        """)
  }

  @Test("The too-small note fits the terminal it is shown in, down to one row")
  func tooSmallFits() {
    let session = Session(trainer: Trainer(preset: .bias, seed: 1))
    #expect(
      FrameRenderer.render(session, columns: 20, rows: 5, glyphs: .ascii).text == """
             too small
             need 60x16
             have 20x5
              q quits

        """)
    for columns in 10..<60 {
      for rows in 1..<16 {
        let frame = FrameRenderer.render(session, columns: columns, rows: rows, glyphs: .ascii)
        let lines = frame.text.split(separator: "\n")
        #expect(lines.first?.contains("too small") == true, "\(columns)x\(rows)")
        if rows >= 2 { #expect(frame.text.contains("need 60x16"), "\(columns)x\(rows)") }
        if rows >= 3 {
          #expect(frame.text.contains("have \(columns)x\(rows)"), "\(columns)x\(rows)")
        }
      }
    }
  }
}
