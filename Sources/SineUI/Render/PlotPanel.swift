/// The frame of a plot, around the area its canvas fills.
///
/// A header row, labelled y ticks on the left, the plot area, an x axis and its tick labels
/// underneath. The curves themselves come from a ``Canvas`` laid into ``area``.
struct PlotPanel {
  /// Where the panel sits on the frame.
  var top: Int
  var left: Int
  var width: Int
  var height: Int

  /// The width of the y tick labels.
  static let labelWidth = 6

  /// The plot area's top row, left column, and size in cells.
  var area: (top: Int, left: Int, columns: Int, rows: Int) {
    (top + 1, left + Self.labelWidth + 1, max(width - Self.labelWidth - 1, 0), max(height - 3, 0))
  }

  /// Draws the header, the axes and the tick labels.
  ///
  /// `yTicks` and `xTicks` pair a row or column
  /// offset within the area with its label.
  func drawFrame(
    on frame: inout Frame, header: [(String, Tone)], yTicks: [(Int, String)],
    xTicks: [(Int, String)],
    glyphs: Canvas.Glyphs
  ) {
    let area = area
    var column = left
    for (text, tone) in header {
      frame.write(text, row: top, column: column, tone: tone)
      column += text.count
    }
    let vertical: Character = glyphs == .braille ? "│" : "|"
    let horizontal: Character = glyphs == .braille ? "─" : "-"
    let corner: Character = glyphs == .braille ? "└" : "+"
    let tick: Character = glyphs == .braille ? "┼" : "+"
    let axisRow = area.top + area.rows
    for row in area.top..<axisRow {
      frame.set(row: row, column: area.left - 1, Cell(vertical, .axis))
    }
    frame.set(row: axisRow, column: area.left - 1, Cell(corner, .axis))
    for x in 0..<area.columns {
      frame.set(row: axisRow, column: area.left + x, Cell(horizontal, .axis))
    }
    for (offset, label) in yTicks where (0..<area.rows).contains(offset) {
      let padded = String(repeating: " ", count: max(Self.labelWidth - label.count, 0)) + label
      frame.write(
        String(padded.suffix(Self.labelWidth)), row: area.top + offset, column: left, tone: .axis)
      frame.set(row: area.top + offset, column: area.left - 1, Cell(tick == "┼" ? "┤" : "+", .axis))
    }
    var nextFree = area.left - 1
    for (offset, label) in xTicks where (0..<area.columns).contains(offset) {
      frame.set(row: axisRow, column: area.left + offset, Cell(tick == "┼" ? "┬" : "+", .axis))
      let start = min(
        max(area.left + offset - label.count / 2, nextFree), left + width - label.count)
      guard start >= nextFree else { continue }
      frame.write(label, row: axisRow + 1, column: start, tone: .axis)
      nextFree = start + label.count + 1
    }
  }
}
