import SineFormats
import SineNet

/// The columns of a gradient check, written the same way by `sinetui check` and by the `g` panel,
/// so the two can be read against each other.
public enum GradientCheckTable {
  /// The column titles after the rule column.
  public static let header = "group  |analytic|   |numerical|  cosine   rel.error  verdict"

  /// The sample that `sinetui check` and the panel probe: the first one the trainer's generator
  /// would draw next.
  public static func probe(for trainer: Trainer) -> Sample {
    var generator = trainer.generator
    return trainer.dataset[generator.nextIndex(below: trainer.dataset.count)]
  }

  /// The narrower column titles of the panel.
  public static let compactHeader = "grp |analytic| |numeric|  cosine  rel.err  verdict"

  /// One group's row: its lengths, their cosine, their relative error and `ok` or `WRONG`.
  public static func line(for row: GradientCheck.Row) -> String {
    let cells = cells(for: row)
    return [
      padded(cells[0], 6), padded(cells[1], 12), padded(cells[2], 12), padded(cells[3], 8),
      padded(cells[4], 10), cells[5],
    ].joined(separator: " ")
  }

  /// The same row in the panel's narrower columns, the same numbers.
  public static func compactLine(for row: GradientCheck.Row) -> String {
    let cells = cells(for: row)
    return [
      padded(cells[0], 3), padded(cells[1], 10), padded(cells[2], 10), padded(cells[3], 7),
      padded(cells[4], 8), cells[5],
    ].joined(separator: " ")
  }

  /// The six cells of a row, formatted once for both layouts.
  private static func cells(for row: GradientCheck.Row) -> [String] {
    [
      row.group.rawValue,
      NumberFormat.scientific(row.analyticLength, digits: 4),
      NumberFormat.scientific(row.numericalLength, digits: 4),
      row.cosine.map { ($0 >= 0 ? "+" : "") + NumberFormat.fixed($0, decimals: 3) } ?? "-",
      NumberFormat.scientific(row.relativeError, digits: 2),
      isWrong(row) ? "WRONG" : "ok",
    ]
  }

  /// Whether the row's relative error is above the check's tolerance.
  public static func isWrong(_ row: GradientCheck.Row) -> Bool {
    row.relativeError > GradientCheck.tolerance
  }

  /// `text` padded with spaces on the right to `width` characters.
  public static func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
