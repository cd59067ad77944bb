/// Lays tokens out left to right over a few rows, two spaces apart, keeping the most important
/// ones when not all fit.
///
/// Each token has a rank: the higher, the more important. A layout is tried with every token,
/// then without the lowest rank, and so on, until what is left fits; a token is dropped whole,
/// never cut. A token wider than the frame cannot fit at all and is left out on its own. The
/// caller emits its tokens through ``token(rank:_:_:_:_:tone:on:)`` once per trial, so nothing is
/// built or allocated.
struct TokenFlow {
  let top: Int
  let rows: Int
  let columns: Int
  /// Tokens ranked below this are left out.
  private(set) var cutoff = Int.min
  /// Whether this pass writes, or only measures.
  private var isDrawing = false
  private var row: Int
  private var column = 0
  /// Whether every token at or above the cutoff found a place.
  private(set) var fits = true

  /// A flow over `rows` rows from `top`, `columns` wide.
  init(top: Int, rows: Int, columns: Int) {
    self.top = top
    self.rows = rows
    self.columns = columns
    row = top
  }

  /// Lays out the tokens `emit` gives, dropping the lowest ranks until the rest fit, and writes
  /// them on `frame`.
  static func draw(
    top: Int, rows: Int, on frame: inout Frame,
    _ emit: (inout TokenFlow, inout Frame) -> Void
  ) {
    var cutoff = Int.min
    while true {
      var trial = TokenFlow(top: top, rows: rows, columns: frame.columns)
      trial.cutoff = cutoff
      var lowest = Int.max
      emit(&trial, &frame)
      lowest = trial.lowestRankPlaced
      guard !trial.fits, lowest != Int.max else { break }
      // Drop the lowest rank that was in play, and try again.
      cutoff = lowest + 1
    }
    var flow = TokenFlow(top: top, rows: rows, columns: frame.columns)
    flow.cutoff = cutoff
    flow.isDrawing = true
    emit(&flow, &frame)
  }

  /// The lowest rank among the tokens at or above the cutoff that could fit somewhere.
  private var lowestRankPlaced = Int.max

  /// Places one token made of up to four parts, of importance `rank`.
  mutating func token(
    rank: Int, _ first: String, _ second: String = "", _ third: String = "", _ fourth: String = "",
    tone: Tone = .plain, on frame: inout Frame
  ) {
    guard rank >= cutoff else { return }
    let width = first.count + second.count + third.count + fourth.count
    guard width <= columns else { return }
    lowestRankPlaced = min(lowestRankPlaced, rank)
    if column + (column == 0 ? 0 : 2) + width > columns {
      guard row + 1 < top + rows else {
        fits = false
        return
      }
      row += 1
      column = 0
    }
    if column > 0 { column += 2 }
    write(first, tone: tone, on: &frame)
    write(second, tone: tone, on: &frame)
    write(third, tone: tone, on: &frame)
    write(fourth, tone: tone, on: &frame)
  }

  private mutating func write(_ part: String, tone: Tone, on frame: inout Frame) {
    if isDrawing { frame.write(part, row: row, column: column, tone: tone) }
    column += part.count
  }
}
