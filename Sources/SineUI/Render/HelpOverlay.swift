/// The `?` overlay: every key, in a box over the plots.
struct HelpOverlay {
  var glyphs: Canvas.Glyphs

  var lines: [String] {
    let width = KeyMap.help.map(\.keys.count).max() ?? 0
    return ["sinetui keys (? closes)"]
      + KeyMap.help.map {
        $0.keys + String(repeating: " ", count: width - $0.keys.count) + "  " + $0.action
      }
      + ["Where curves cross, the network is drawn over sin(x)."]
  }

  func draw(on frame: inout Frame) {
    let lines = lines
    let inner = min(lines.map(\.count).max() ?? 0, max(frame.columns - 4, 0))
    let height = min(lines.count, max(frame.rows - 2, 0))
    let left = max((frame.columns - inner - 4) / 2, 0)
    let top = max((frame.rows - height - 2) / 2, 0)
    let (horizontal, vertical, corners): (Character, Character, [Character]) =
      glyphs == .braille ? ("─", "│", ["┌", "┐", "└", "┘"]) : ("-", "|", ["+", "+", "+", "+"])
    let border = String(repeating: horizontal, count: inner + 2)
    frame.write(
      String(corners[0]) + border + String(corners[1]), row: top, column: left, tone: .axis)
    for (index, line) in lines.prefix(height).enumerated() {
      let clipped = String(line.prefix(inner))
      let padded = clipped + String(repeating: " ", count: inner - clipped.count)
      frame.set(row: top + 1 + index, column: left, Cell(vertical, .axis))
      frame.write(" " + padded + " ", row: top + 1 + index, column: left + 1)
      frame.set(row: top + 1 + index, column: left + inner + 3, Cell(vertical, .axis))
    }
    frame.write(
      String(corners[2]) + border + String(corners[3]), row: top + height + 1, column: left,
      tone: .axis)
  }
}
