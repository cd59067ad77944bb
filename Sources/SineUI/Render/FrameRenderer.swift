/// Turns a session into a frame of cells: the view of the model-update-view loop.
///
/// Pure: the same session and size always give the same frame.
public enum FrameRenderer {
  /// The smallest size that shows the plots; below it the frame says the terminal is too small.
  public static let minimumSize = (columns: 60, rows: 16)

  /// The frame for `session` at `columns` x `rows`, with braille or ASCII glyphs.
  public static func render(
    _ session: Session, columns: Int, rows: Int, glyphs: Canvas.Glyphs
  ) -> Frame {
    var frame = Frame(columns: columns, rows: rows)
    guard columns >= minimumSize.columns, rows >= minimumSize.rows else {
      drawTooSmall(on: &frame)
      return frame
    }
    StatusLine(session: session, glyphs: glyphs).draw(on: &frame, top: 0, rows: 2)
    // The loss plot gets three rows of plot at least, and under two fifths of the height.
    let available = rows - 3
    let functionHeight = available - max(6, available * 38 / 100)
    FunctionPlot(session: session, glyphs: glyphs).draw(
      in: PlotPanel(top: 2, left: 0, width: columns, height: functionHeight), on: &frame)
    LossPlot(session: session, glyphs: glyphs).draw(
      in: PlotPanel(
        top: 2 + functionHeight, left: 0, width: columns, height: available - functionHeight),
      on: &frame)
    frame.write(String(KeyMap.summary.prefix(columns)), row: rows - 1, column: 0, tone: .axis)
    if session.isShowingHelp {
      HelpOverlay(glyphs: glyphs).draw(on: &frame)
    }
    return frame
  }

  private static func drawTooSmall(on frame: inout Frame) {
    let need = "\(minimumSize.columns)x\(minimumSize.rows)"
    let lines = [
      "terminal too small", "need \(need), have \(frame.columns)x\(frame.rows)", "q quits",
    ]
    let top = max((frame.rows - lines.count) / 2, 0)
    for (index, line) in lines.enumerated() {
      let clipped = String(line.prefix(frame.columns))
      frame.write(clipped, row: top + index, column: max((frame.columns - clipped.count) / 2, 0))
    }
  }
}
