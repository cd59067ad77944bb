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

  /// Composes the frame for `session` at `columns` x `rows` into ``frame``.
  public mutating func compose(
    _ session: Session, columns: Int, rows: Int, glyphs: Canvas.Glyphs
  ) {
    frame.reset(columns: columns, rows: rows)
    guard columns >= Self.minimumSize.columns, rows >= Self.minimumSize.rows else {
      drawTooSmall()
      return
    }
    StatusLine(session: session, glyphs: glyphs).draw(on: &frame, top: 0, rows: 2)
    // The loss plot gets three rows of plot at least, and under two fifths of the height.
    let available = rows - 3
    let functionHeight = available - max(6, available * 38 / 100)
    FunctionPlot(session: session, glyphs: glyphs).draw(
      in: PlotPanel(top: 2, left: 0, width: columns, height: functionHeight, glyphs: glyphs),
      canvas: &functionCanvas, on: &frame)
    LossPlot(session: session, glyphs: glyphs).draw(
      in: PlotPanel(
        top: 2 + functionHeight, left: 0, width: columns, height: available - functionHeight,
        glyphs: glyphs),
      canvas: &lossCanvas, on: &frame)
    var keys = RowWriter(row: rows - 1, column: 0)
    keys.write(session.replay == nil ? KeyMap.summary : KeyMap.replaySummary, .axis, on: &frame)
    if session.overlays.isShowingGradientCheck {
      GradientCheckPanel(session: session, glyphs: glyphs).draw(
        on: &frame, topRight: (row: 3, column: columns - 1))
    }
    if session.overlays.isShowingHelp {
      TextBox(glyphs: glyphs).draw(HelpOverlay.lines, widest: HelpOverlay.widest, on: &frame)
    } else if session.overlays.isShowingExplanation {
      TextBox(glyphs: glyphs).draw(ExplainOverlay.lines, widest: ExplainOverlay.widest, on: &frame)
    }
  }

  private mutating func drawTooSmall() {
    let minimum = Self.minimumSize
    let top = max((frame.rows - 3) / 2, 0)
    center("terminal too small", row: top)
    center(
      "need \(minimum.columns)x\(minimum.rows), have \(frame.columns)x\(frame.rows)", row: top + 1)
    center("q quits", row: top + 2)
  }

  private mutating func center(_ line: String, row: Int) {
    frame.write(line, row: row, column: max((frame.columns - line.count) / 2, 0))
  }
}

/// One-off frame composition, for tests and callers that draw once.
public enum FrameRenderer {
  /// The frame for `session` at `columns` x `rows`, with braille or ASCII glyphs.
  public static func render(
    _ session: Session, columns: Int, rows: Int, glyphs: Canvas.Glyphs
  ) -> Frame {
    var composer = FrameComposer()
    composer.compose(session, columns: columns, rows: rows, glyphs: glyphs)
    return composer.frame
  }
}
