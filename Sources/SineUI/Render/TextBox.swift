/// A box of plain text lines centred over the frame, for the help and the explanation.
///
/// Lines are clipped to the frame; the box's inside is blanked first so nothing shows through.
struct TextBox {
  var glyphs: Canvas.Glyphs

  /// Draws `lines` in a box centred on `frame`, or with its top right corner at `topRight`; each
  /// line in the tone `tone` gives it.
  func draw(
    _ lines: [String], widest: Int, topRight: (row: Int, column: Int)? = nil,
    on frame: inout Frame, tone: (Int) -> Tone = { _ in .plain }
  ) {
    let inner = min(widest, max(frame.columns - 4, 0))
    let height = min(lines.count, max(frame.rows - 2, 0))
    var left = max((frame.columns - inner - 4) / 2, 0)
    var top = max((frame.rows - height - 2) / 2, 0)
    if let topRight {
      left = max(topRight.column - inner - 3, 0)
      top = max(min(topRight.row, frame.rows - height - 2), 0)
    }
    let braille = glyphs == .braille
    let vertical: Unicode.Scalar = braille ? "│" : "|"
    drawBorder(
      row: top, left: left, inner: inner, ends: braille ? ("┌", "┐") : ("+", "+"), on: &frame)
    for index in 0..<height {
      let row = top + 1 + index
      for column in (left + 1)...(left + inner + 2) { frame.set(row: row, column: column, .blank) }
      frame.set(row: row, column: left, Cell(vertical, .axis))
      frame.set(row: row, column: left + inner + 3, Cell(vertical, .axis))
      var x = left + 2
      let lineTone = tone(index)
      for scalar in lines[index].unicodeScalars where x < left + 2 + inner {
        frame.set(row: row, column: x, Cell(scalar, lineTone))
        x += 1
      }
    }
    drawBorder(
      row: top + height + 1, left: left, inner: inner, ends: braille ? ("└", "┘") : ("+", "+"),
      on: &frame)
  }

  private func drawBorder(
    row: Int, left: Int, inner: Int, ends: (Unicode.Scalar, Unicode.Scalar), on frame: inout Frame
  ) {
    let horizontal: Unicode.Scalar = glyphs == .braille ? "─" : "-"
    frame.set(row: row, column: left, Cell(ends.0, .axis))
    for column in (left + 1)..<(left + inner + 3) {
      frame.set(row: row, column: column, Cell(horizontal, .axis))
    }
    frame.set(row: row, column: left + inner + 3, Cell(ends.1, .axis))
  }
}
