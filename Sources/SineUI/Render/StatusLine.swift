import SineFormats
import SineNet

/// The two status rows: every setting a key changes, in tokens scripts can read
/// (`step N`, `eta V`, `mse V`, `gradient R`, `preset P`, `PAUSED`, `DIVERGED at step N`,
/// `STEP LIMIT N`).
///
/// Tokens flow over the rows in order, two spaces apart; one that does not fit in what is left is
/// skipped and the next ones still tried, so a narrow terminal loses the least it can. Each token
/// is written in parts, so nothing is concatenated or allocated.
struct StatusLine {
  var session: Session
  var glyphs: Canvas.Glyphs

  /// Flows the tokens over `rows` rows from `top`.
  func draw(on frame: inout Frame, top: Int, rows: Int) {
    var flow = TokenFlow(top: top, rows: rows)
    let trainer = session.trainer
    flow.token("step ", String(trainer.stepCount), on: &frame)
    flow.token("eta ", trainer.eta.description, on: &frame)
    if let comparison = session.comparison {
      flow.token(
        "mse ", NumberFormat.scientific(session.currentMSE, digits: 2), " | other ",
        NumberFormat.scientific(comparison.currentMSE, digits: 2), on: &frame)
    } else {
      flow.token("mse ", NumberFormat.scientific(session.currentMSE, digits: 2), on: &frame)
    }
    if let replay = session.replay {
      flow.token("trace ", replay.verdict, tone: replay.isCorrect ? .plain : .warning, on: &frame)
      if replay.isFinished { flow.token("END OF TRACE", tone: .notice, on: &frame) }
    } else {
      flow.token(
        "gradient ", trainer.rule.rawValue, tone: trainer.rule == .correct ? .plain : .warning,
        on: &frame)
    }
    if let step = trainer.divergedAtStep, session.replay != nil {
      flow.token("DIVERGED at step ", String(step), tone: .warning, on: &frame)
    } else if let step = trainer.divergedAtStep {
      flow.token(
        "DIVERGED at step ", String(step),
        glyphs == .braille ? " — press r to reset" : " - press r to reset", tone: .warning,
        on: &frame)
    } else if trainer.isAtStepLimit {
      flow.token(
        "STEP LIMIT ", String(Trainer.stepLimit),
        glyphs == .braille ? " — press r to reset" : " - press r to reset", tone: .warning,
        on: &frame)
    }
    if session.isPaused {
      flow.token("PAUSED", tone: .notice, on: &frame)
    }
    if let notice = session.notice {
      flow.token(notice, tone: .notice, on: &frame)
    }
    flow.token("preset ", trainer.preset.rawValue, on: &frame)
    flow.token("speed ", session.speed.label, on: &frame)
    flow.token(NumberFormat.rate(session.measuredRate), " steps/s", on: &frame)
    // A replay has no seed of its own.
    if session.replay == nil { flow.token("seed ", String(trainer.seed), on: &frame) }
  }
}

/// Places tokens left to right over a few rows.
private struct TokenFlow {
  let top: Int
  let rows: Int
  var row: Int
  var column = 0

  init(top: Int, rows: Int) {
    self.top = top
    self.rows = rows
    row = top
  }

  /// Writes one token made of up to four parts, or stops the flow when it no longer fits.
  mutating func token(
    _ first: String, _ second: String = "", _ third: String = "", _ fourth: String = "",
    tone: Tone = .plain, on frame: inout Frame
  ) {
    let width = first.count + second.count + third.count + fourth.count
    guard width <= frame.columns else { return }
    if column + (column == 0 ? 0 : 2) + width > frame.columns {
      guard row + 1 < top + rows else { return }
      row += 1
      column = 0
    }
    if column > 0 { column += 2 }
    write(first, tone: tone, on: &frame)
    write(second, tone: tone, on: &frame)
    write(third, tone: tone, on: &frame)
    write(fourth, tone: tone, on: &frame)
  }

  private mutating func write(_ part: String, tone: Tone, on frame: inout Frame) {
    frame.write(part, row: row, column: column, tone: tone)
    column += part.count
  }
}
