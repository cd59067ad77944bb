/// A grid of dots for plotting, drawn as Unicode braille (2x4 dots a cell) or as ASCII (one dot a
/// cell, each series its own glyph).
///
/// A cell has one tone, so where series meet the higher ``Series`` wins the cell: the network over
/// the comparison run over the truth over the samples over the hidden units. Braille keeps every series' dots in the cell; ASCII shows the
/// winner's glyph.
public struct Canvas: Sendable {
  /// What a dot belongs to, in rising priority.
  public enum Series: Int, Comparable, Sendable, CaseIterable {
    /// One hidden unit's share of the output.
    case unit
    /// A training sample.
    case sample
    /// The true curve.
    case truth
    /// The loss curve.
    case loss
    /// The comparison run's curve.
    case comparison
    /// The network's curve.
    case network

    /// Lower priority sorts first.
    public static func < (lhs: Series, rhs: Series) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The tone a cell won by this series is drawn in.
    public var tone: Tone {
      switch self {
      case .unit: .unit
      case .sample: .sample
      case .truth: .truth
      case .loss: .loss
      case .comparison: .comparison
      case .network: .network
      }
    }

    /// The series' glyph in ASCII mode.
    public var asciiGlyph: Unicode.Scalar {
      switch self {
      case .unit: ":"
      case .sample: "'"
      case .truth: "."
      case .loss: "*"
      case .comparison: "%"
      case .network: "#"
      }
    }
  }

  /// Braille dots, or one ASCII glyph a cell.
  public enum Glyphs: Sendable, Hashable {
    /// Unicode braille: 2x4 dots a cell.
    case braille
    /// Plain ASCII: one dot a cell.
    case ascii

    /// Dots across one cell.
    public var dotsPerColumn: Int { self == .braille ? 2 : 1 }
    /// Dots down one cell.
    public var dotsPerRow: Int { self == .braille ? 4 : 1 }
  }

  /// The width in cells.
  public private(set) var columns: Int
  /// The height in cells.
  public private(set) var rows: Int
  /// How dots become characters.
  public private(set) var glyphs: Glyphs
  private var bits: [UInt8]
  private var owners: [Series?]
  private var markers: [Unicode.Scalar?]

  /// An empty canvas of `columns` x `rows` cells.
  public init(columns: Int, rows: Int, glyphs: Glyphs) {
    self.columns = max(columns, 0)
    self.rows = max(rows, 0)
    self.glyphs = glyphs
    bits = Array(repeating: 0, count: self.columns * self.rows)
    owners = Array(repeating: nil, count: self.columns * self.rows)
    markers = Array(repeating: nil, count: self.columns * self.rows)
  }

  /// Clears the canvas and gives it the given size, reusing its storage when the cell count is
  /// unchanged.
  public mutating func reset(columns: Int, rows: Int, glyphs: Glyphs) {
    let columns = max(columns, 0)
    let rows = max(rows, 0)
    if columns * rows == bits.count {
      for index in bits.indices {
        bits[index] = 0
        owners[index] = nil
        markers[index] = nil
      }
    } else {
      self = Canvas(columns: columns, rows: rows, glyphs: glyphs)
    }
    self.columns = columns
    self.rows = rows
    self.glyphs = glyphs
  }

  /// Dots across the whole canvas.
  public var dotColumns: Int { columns * glyphs.dotsPerColumn }
  /// Dots down the whole canvas.
  public var dotRows: Int { rows * glyphs.dotsPerRow }

  // MARK: - Plotting

  /// Sets the dot at (`x`, `y`), counted from the top left; does nothing off the canvas.
  public mutating func plot(x: Int, y: Int, series: Series) {
    guard (0..<dotColumns).contains(x), (0..<dotRows).contains(y) else { return }
    let cellX = x / glyphs.dotsPerColumn
    let cellY = y / glyphs.dotsPerRow
    let index = cellY * columns + cellX
    bits[index] |= Self.brailleBit(x: x % glyphs.dotsPerColumn, y: y % glyphs.dotsPerRow)
    if owners[index].map({ $0 < series }) ?? true {
      owners[index] = series
    }
  }

  /// Sets the dots on the straight line between two dots (Bresenham's algorithm).
  public mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), series: Series)
  {
    var x = start.x
    var y = start.y
    let dx = abs(end.x - x)
    let dy = -abs(end.y - y)
    let stepX = x < end.x ? 1 : -1
    let stepY = y < end.y ? 1 : -1
    var error = dx + dy
    while true {
      plot(x: x, y: y, series: series)
      if x == end.x && y == end.y { break }
      let doubled = 2 * error
      if doubled >= dy {
        error += dy
        x += stepX
      }
      if doubled <= dx {
        error += dx
        y += stepY
      }
    }
  }

  /// Puts `marker` in the cell holding dot (`x`, `y`) in place of its dots, won by `series`.
  public mutating func mark(x: Int, y: Int, _ marker: Unicode.Scalar, series: Series) {
    guard (0..<dotColumns).contains(x), (0..<dotRows).contains(y) else { return }
    let index = (y / glyphs.dotsPerRow) * columns + x / glyphs.dotsPerColumn
    if owners[index].map({ $0 <= series }) ?? true {
      owners[index] = series
      markers[index] = marker
    }
  }

  // MARK: - Reading cells

  /// The cell at (`row`, `column`), or nil where nothing was drawn.
  public func cell(row: Int, column: Int) -> Cell? {
    guard (0..<rows).contains(row), (0..<columns).contains(column) else { return nil }
    let index = row * columns + column
    guard let owner = owners[index] else { return nil }
    if let marker = markers[index] { return Cell(marker, .clamp) }
    switch glyphs {
    case .ascii:
      return Cell(owner.asciiGlyph, owner.tone)
    case .braille:
      return Cell(Unicode.Scalar(0x2800 + UInt16(bits[index])) ?? " ", owner.tone)
    }
  }

  /// Copies the drawn cells onto `frame` with the canvas's top left at (`row`, `column`).
  public func draw(on frame: inout Frame, row: Int, column: Int) {
    for y in 0..<rows {
      for x in 0..<columns {
        if let cell = cell(row: y, column: x) {
          frame.set(row: row + y, column: column + x, cell)
        }
      }
    }
  }

  /// The braille bit for dot (`x`, `y`) within a cell: (0,0)=0x01 (0,1)=0x02 (0,2)=0x04
  /// (1,0)=0x08 (1,1)=0x10 (1,2)=0x20 (0,3)=0x40 (1,3)=0x80.
  static func brailleBit(x: Int, y: Int) -> UInt8 {
    switch (x, y) {
    case (0, 3): 0x40
    case (1, 3): 0x80
    case (0, _): UInt8(1) << y
    default: UInt8(8) << y
    }
  }
}
