/// Writes text left to right along one row, for headers and legends.
struct RowWriter {
  /// The row written.
  let row: Int
  /// Where the next text goes.
  var column: Int

  /// Writes `text` in `tone` and moves past it.
  mutating func write(_ text: String, _ tone: Tone = .plain, on frame: inout Frame) {
    frame.write(text, row: row, column: column, tone: tone)
    column += text.count
  }
}
