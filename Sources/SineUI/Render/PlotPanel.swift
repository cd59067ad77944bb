/// The frame of a plot, around the area its canvas fills.
///
/// A header row, labelled y ticks on the left, the plot area, an x axis and its tick labels
/// underneath. The curves themselves come from a ``Canvas`` laid into ``area``. Everything is
/// written straight onto the frame, so drawing allocates nothing.
struct PlotPanel {
  /// The panel's top row on the frame.
  var top: Int
  /// The panel's left column on the frame.
  var left: Int
  /// The panel's width in cells.
  var width: Int
  /// The panel's height in cells.
  var height: Int
  /// Braille (with box-drawing axes) or ASCII.
  var glyphs: Canvas.Glyphs

  /// The width of the y tick labels.
  static let labelWidth = 6

  /// The plot area's top row.
  var areaTop: Int { top + 1 }
  /// The plot area's left column.
  var areaLeft: Int { left + Self.labelWidth + 1 }
  /// The plot area's width in cells.
  var areaColumns: Int { max(width - Self.labelWidth - 1, 0) }
  /// The plot area's height in cells.
  var areaRows: Int { max(height - 3, 0) }
  /// The row of the x axis.
  var axisRow: Int { areaTop + areaRows }

  /// Draws the two axes.
  func drawAxes(on frame: inout Frame) {
    let braille = glyphs == .braille
    for row in areaTop..<axisRow {
      frame.set(row: row, column: areaLeft - 1, Cell(braille ? "│" : "|", .axis))
    }
    frame.set(row: axisRow, column: areaLeft - 1, Cell(braille ? "└" : "+", .axis))
    for x in 0..<areaColumns {
      frame.set(row: axisRow, column: areaLeft + x, Cell(braille ? "─" : "-", .axis))
    }
  }

  /// Labels the y tick on row `offset` of the area, right-aligned in the label column.
  func drawYLabel(_ label: String, atRow offset: Int, on frame: inout Frame) {
    guard (0..<areaRows).contains(offset) else { return }
    let count = label.count
    guard count <= Self.labelWidth else { return }
    frame.write(label, row: areaTop + offset, column: left + Self.labelWidth - count, tone: .axis)
    frame.set(
      row: areaTop + offset, column: areaLeft - 1, Cell(glyphs == .braille ? "┤" : "+", .axis))
  }

  /// Marks the x tick at column `offset` of the area and centres its label under it, unless the
  /// label would overlap the one before (whose end `nextFree` tracks).
  func drawXLabel(_ label: String, atColumn offset: Int, nextFree: inout Int, on frame: inout Frame)
  {
    guard (0..<areaColumns).contains(offset) else { return }
    frame.set(row: axisRow, column: areaLeft + offset, Cell(glyphs == .braille ? "┬" : "+", .axis))
    let count = label.count
    let start = min(max(areaLeft + offset - count / 2, nextFree), left + width - count)
    guard start >= nextFree else { return }
    frame.write(label, row: axisRow + 1, column: start, tone: .axis)
    nextFree = start + count + 1
  }
}
