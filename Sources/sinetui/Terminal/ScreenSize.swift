import CPlatform

/// The size the view draws at: the terminal's, or what `LINES` and `COLUMNS` say instead (curses
/// reads them the same way), but never more than ``largest``, whatever the terminal's size.
///
/// The drawing's memory grows with the size (curses keeps three copies of the screen): a window
/// larger than ``largest`` is drawn in its top-left corner. `LINES` or `COLUMNS` beyond
/// ``impossible`` ask for a screen no terminal has, and are refused with one line.
struct ScreenSize: Equatable {
  /// Rows.
  var rows: Int
  /// Columns.
  var columns: Int

  /// The largest part of a window the view draws: more than any screen shows at a readable size.
  static let largest = ScreenSize(rows: 500, columns: 1000)

  /// Beyond this many rows or columns no terminal goes (tmux's own limit is 10,000 either way).
  static let impossible = 10_000

  /// What `LINES` and `COLUMNS` ask for: positive whole numbers, or nil where a variable is
  /// unset or holds anything else (which curses ignores too).
  static func fromEnvironment() -> (rows: Int?, columns: Int?) {
    func value(_ name: String) -> Int? {
      guard let text = getenv(name).map({ String(cString: $0) }), let value = Int(text), value > 0
      else { return nil }
      return value
    }
    return (value("LINES"), value("COLUMNS"))
  }

  /// Why the sizes `LINES` and `COLUMNS` ask for cannot be used, naming them, or nil.
  static func problem(environment: (rows: Int?, columns: Int?)) -> String? {
    let named = [("LINES", environment.rows), ("COLUMNS", environment.columns)].compactMap {
      name, value in value.flatMap { $0 > impossible ? "\(name)=\($0)" : nil }
    }
    guard !named.isEmpty else { return nil }
    let them = named.count == 1 ? "it" : "them"
    return "\(named.joined(separator: " and ")) \(named.count == 1 ? "asks" : "ask") for a screen "
      + "larger than any terminal's (\(impossible) rows or columns at most); unset \(them) to use "
      + "the terminal's own size"
  }

  /// The size of the terminal on `descriptor`, or what `environment` says where it says it; nil
  /// when neither says.
  static func requested(descriptor: Int32, environment: (rows: Int?, columns: Int?))
    -> ScreenSize?
  {
    var rows: Int32 = 0
    var columns: Int32 = 0
    let known = sinetui_window_size(descriptor, &rows, &columns) == 0
    guard let rows = environment.rows ?? (known ? Int(rows) : nil),
      let columns = environment.columns ?? (known ? Int(columns) : nil)
    else { return nil }
    return ScreenSize(rows: rows, columns: columns)
  }

  /// This size as the view draws it: at most ``largest``.
  var drawn: ScreenSize {
    ScreenSize(rows: min(rows, Self.largest.rows), columns: min(columns, Self.largest.columns))
  }
}
