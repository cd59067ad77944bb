/// A screenful of cells, row by row: what the renderer makes and the terminal draws.
public struct Frame: Hashable, Sendable {
  /// The width in cells.
  public private(set) var columns: Int
  /// The height in cells.
  public private(set) var rows: Int
  /// The cells, row after row.
  public private(set) var cells: [Cell]

  /// A blank frame of the given size (negative sizes count as 0).
  public init(columns: Int, rows: Int) {
    self.columns = max(columns, 0)
    self.rows = max(rows, 0)
    cells = Array(repeating: .blank, count: self.columns * self.rows)
  }

  /// Blanks the frame and gives it the given size, reusing its storage when the size is unchanged.
  public mutating func reset(columns: Int, rows: Int) {
    let columns = max(columns, 0)
    let rows = max(rows, 0)
    if columns * rows == cells.count {
      for index in cells.indices { cells[index] = .blank }
    } else {
      cells = Array(repeating: .blank, count: columns * rows)
    }
    self.columns = columns
    self.rows = rows
  }

  /// The cell at (`row`, `column`); nil off the frame.
  public subscript(row: Int, column: Int) -> Cell? {
    contains(row: row, column: column) ? cells[row * columns + column] : nil
  }

  /// Whether (`row`, `column`) is on the frame.
  public func contains(row: Int, column: Int) -> Bool {
    (0..<rows).contains(row) && (0..<columns).contains(column)
  }

  /// Sets one cell; does nothing off the frame.
  public mutating func set(row: Int, column: Int, _ cell: Cell) {
    guard contains(row: row, column: column) else { return }
    cells[row * columns + column] = cell
  }

  /// Writes `text` from (`row`, `column`) rightwards, clipped to the frame.
  public mutating func write(_ text: String, row: Int, column: Int, tone: Tone = .plain) {
    var x = column
    for scalar in text.unicodeScalars {
      set(row: row, column: x, Cell(scalar, tone))
      x += 1
    }
  }

  /// The frame's characters, one line per row, without trailing spaces.
  public var text: String {
    (0..<rows).map { row in
      var line = ""
      line.unicodeScalars.append(
        contentsOf: cells[(row * columns)..<(row * columns + columns)].map(\.scalar))
      while line.last == " " { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }
}
