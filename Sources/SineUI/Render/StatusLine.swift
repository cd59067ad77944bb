/// The two status rows: every setting a key changes, in tokens scripts can read
/// (`step N`, `eta V`, `mse V`, `gradient R`, `preset P`, `PAUSED`, `DIVERGED at step N`).
struct StatusLine {
  var session: Session
  var glyphs: Canvas.Glyphs

  /// The tokens in the order shown; later ones drop first when the rows are full.
  var tokens: [(String, Tone)] {
    let trainer = session.trainer
    var tokens: [(String, Tone)] = [
      ("step \(trainer.stepCount)", .plain),
      ("eta \(trainer.eta)", .plain),
      ("mse \(NumberFormat.scientific(session.currentMSE, digits: 2))", .plain),
      ("gradient \(trainer.rule.rawValue)", trainer.rule == .correct ? .plain : .warning),
    ]
    if let step = trainer.divergedAtStep {
      let dash = glyphs == .braille ? "—" : "-"
      tokens.append(("DIVERGED at step \(step) \(dash) press r to reset", .warning))
    }
    if session.isPaused {
      tokens.append(("PAUSED", .notice))
    }
    tokens += [
      ("preset \(trainer.preset.rawValue)", .plain),
      ("speed \(session.speed.label)", .plain),
      ("\(NumberFormat.rate(session.measuredRate)) steps/s", .plain),
      ("seed \(trainer.seed)", .plain),
    ]
    return tokens
  }

  /// Flows the tokens over `rows` rows from `top`, two spaces apart, in order.
  func draw(on frame: inout Frame, top: Int, rows: Int) {
    var row = top
    var column = 0
    for (text, tone) in tokens {
      let needed = (column == 0 ? 0 : 2) + text.count
      if column + needed > frame.columns {
        guard row + 1 < top + rows, text.count <= frame.columns else { break }
        row += 1
        column = 0
      }
      if column > 0 { column += 2 }
      frame.write(text, row: row, column: column, tone: tone)
      column += text.count
    }
  }
}
