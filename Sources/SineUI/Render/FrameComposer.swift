/// Composes a session into a frame of cells: the view of the model-update-view loop.
///
/// A composer keeps its frame and its two canvases between frames and reuses their storage, so
/// composing a frame of an unchanged size allocates nothing. Pure: the same session and size
/// always give the same frame.
public struct FrameComposer: Sendable {
  /// The smallest size that shows the plots; below it the frame says the terminal is too small.
  public static let minimumSize = (columns: 60, rows: 16)

  /// The last frame composed.
  public private(set) var frame = Frame(columns: 0, rows: 0)
  private var functionCanvas = Canvas(columns: 0, rows: 0, glyphs: .braille)
  private var lossCanvas = Canvas(columns: 0, rows: 0, glyphs: .braille)

  /// A composer with nothing composed yet.
  public init() {}

  /// Composes the frame for `session` at `columns` x `rows` into ``frame``; without `colors`, the
  /// curves are told apart by their lines' patterns alone.
  public mutating func compose(
    _ session: Session, columns: Int, rows: Int, glyphs: Canvas.Glyphs, colors: Bool = true
  ) {
    frame.reset(columns: columns, rows: rows)
    guard columns >= Self.minimumSize.columns, rows >= Self.minimumSize.rows else {
      drawTooSmall()
      return
    }
    StatusLine(session: session).draw(on: &frame, top: 0, rows: 2)
    // The loss plot gets three rows of plot at least, and under two fifths of the height.
    let available = rows - 3
    let functionHeight = available - max(6, available * 38 / 100)
    FunctionPlot(session: session, glyphs: glyphs, colors: colors).draw(
      in: PlotPanel(top: 2, left: 0, width: columns, height: functionHeight, glyphs: glyphs),
      canvas: &functionCanvas, on: &frame)
    LossPlot(session: session, glyphs: glyphs).draw(
      in: PlotPanel(
        top: 2 + functionHeight, left: 0, width: columns, height: available - functionHeight,
        glyphs: glyphs),
      canvas: &lossCanvas, on: &frame)
    let keys = session.replay == nil ? KeyMap.summary : KeyMap.replaySummary
    TokenFlow.draw(top: rows - 1, rows: 1, on: &frame) { flow, frame in
      for key in keys { flow.token(rank: key.rank, key.text, tone: .axis, on: &frame) }
    }
    if session.overlays.isShowingGradientCheck {
      GradientCheckPanel(session: session, glyphs: glyphs).draw(
        on: &frame, topRight: (row: 3, column: columns - 1))
    }
    if session.overlays.isShowingDerivation, session.replay == nil {
      DerivationPanel(session: session, glyphs: glyphs).draw(on: &frame)
    }
    if session.overlays.isShowingHelp {
      TextBox(glyphs: glyphs).draw(HelpOverlay.lines, widest: HelpOverlay.widest, on: &frame)
    } else if session.overlays.isShowingExplanation {
      TextBox(glyphs: glyphs).draw(ExplainOverlay.lines, widest: ExplainOverlay.widest, on: &frame)
    }
  }

  /// The note that replaces the plots on a terminal below ``minimumSize``: in three lines when they
  /// fit, else in shorter ones, and as many of them as there are rows, the size first.
  private mutating func drawTooSmall() {
    let minimum = "\(Self.minimumSize.columns)x\(Self.minimumSize.rows)"
    let actual = "\(frame.columns)x\(frame.rows)"
    let wide = "need \(minimum), have \(actual)"
    if wide.count <= frame.columns {
      center(["terminal too small", wide, "q quits"])
    } else {
      center(["too small", "need " + minimum, "have " + actual, "q quits"])
    }
  }

  /// Centres `lines` on the frame, keeping the first ones when there are more lines than rows.
  private mutating func center(_ lines: [String]) {
    let shown = min(lines.count, frame.rows)
    let top = max((frame.rows - shown) / 2, 0)
    for (index, line) in lines.prefix(shown).enumerated() {
      frame.write(line, row: top + index, column: max((frame.columns - line.count) / 2, 0))
    }
  }

}

/// One-off frame composition, for tests and callers that draw once.
public enum FrameRenderer {
  /// The frame for `session` at `columns` x `rows`, with braille or ASCII glyphs, in colour or
  /// not.
  public static func render(
    _ session: Session, columns: Int, rows: Int, glyphs: Canvas.Glyphs, colors: Bool = true
  ) -> Frame {
    var composer = FrameComposer()
    composer.compose(session, columns: columns, rows: rows, glyphs: glyphs, colors: colors)
    return composer.frame
  }
}
