/// The `?` overlay: every key, in a box over the plots.
struct HelpOverlay {
  var glyphs: Canvas.Glyphs

  private static let title = "sinetui keys (? closes)"
  private static let footer = "Where curves cross, the network is drawn over sin(x)."
  private static let keyWidth = KeyMap.help.map(\.keys.count).max() ?? 0
  private static let lineCount = KeyMap.help.count + 2
  private static let widest = max(
    title.count, footer.count, keyWidth + 2 + (KeyMap.help.map(\.action.count).max() ?? 0))

  func draw(on frame: inout Frame) {
    let inner = min(Self.widest, max(frame.columns - 4, 0))
    let height = min(Self.lineCount, max(frame.rows - 2, 0))
    let left = max((frame.columns - inner - 4) / 2, 0)
    let top = max((frame.rows - height - 2) / 2, 0)
    let braille = glyphs == .braille
    let horizontal: Unicode.Scalar = braille ? "─" : "-"
    let vertical: Unicode.Scalar = braille ? "│" : "|"
    drawBorder(
      row: top, left: left, inner: inner, ends: braille ? ("┌", "┐") : ("+", "+"),
      horizontal: horizontal, on: &frame)
    for index in 0..<height {
      let row = top + 1 + index
      for column in (left + 1)...(left + inner + 2) { frame.set(row: row, column: column, .blank) }
      frame.set(row: row, column: left, Cell(vertical, .axis))
      frame.set(row: row, column: left + inner + 3, Cell(vertical, .axis))
      // Text clipped to the box: written whole, then the box's right side drawn over any excess.
      let limit = left + 2 + inner
      if index == 0 {
        write(Self.title, row: row, column: left + 2, limit: limit, on: &frame)
      } else if index <= KeyMap.help.count {
        let entry = KeyMap.help[index - 1]
        write(entry.keys, row: row, column: left + 2, limit: limit, on: &frame)
        write(entry.action, row: row, column: left + 4 + Self.keyWidth, limit: limit, on: &frame)
      } else {
        write(Self.footer, row: row, column: left + 2, limit: limit, on: &frame)
      }
    }
    drawBorder(
      row: top + height + 1, left: left, inner: inner,
      ends: braille ? ("└", "┘") : ("+", "+"), horizontal: horizontal, on: &frame)
  }

  private func drawBorder(
    row: Int, left: Int, inner: Int, ends: (Unicode.Scalar, Unicode.Scalar),
    horizontal: Unicode.Scalar,
    on frame: inout Frame
  ) {
    frame.set(row: row, column: left, Cell(ends.0, .axis))
    for column in (left + 1)..<(left + inner + 3) {
      frame.set(row: row, column: column, Cell(horizontal, .axis))
    }
    frame.set(row: row, column: left + inner + 3, Cell(ends.1, .axis))
  }

  /// Writes `text` from `column`, stopping before `limit`.
  private func write(_ text: String, row: Int, column: Int, limit: Int, on frame: inout Frame) {
    var x = column
    for scalar in text.unicodeScalars where x < limit {
      frame.set(row: row, column: x, Cell(scalar))
      x += 1
    }
  }
}
