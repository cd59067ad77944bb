import SineFormats

/// What is wrong with a first word that is not a command, and the command it most likely meant.
enum CommandSuggestion {
  /// The commands, in the order the help lists them.
  static let commands = ["watch", "train", "check", "diagnose", "help"]

  /// One line for `word` when it stands where a command goes but names none; nil for a command,
  /// an option, or nothing.
  static func problem(with word: String) -> String? {
    guard !word.isEmpty, !word.hasPrefix("-"), !commands.contains(word) else { return nil }
    let known = "the commands are watch (the default), train, check and diagnose"
    let quoted = QuotedText.quoted(word)
    guard let closest = closest(to: word) else {
      return "\(quoted) is not a command; \(known)"
    }
    return "\(quoted) is not a command; did you mean '\(closest)'? (\(known))"
  }

  /// The command within two edits of `word` (a letter added, dropped, changed, or two swapped),
  /// the nearest first; nil when none is that near.
  static func closest(to word: String) -> String? {
    let candidates = commands.dropLast().map { ($0, distance(word.lowercased(), $0)) }
    guard let best = candidates.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
    return best.0
  }

  /// The optimal string alignment distance: edits, counting a swap of neighbours as one.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          best = min(best, table[i - 2][j - 2] + 1)
        }
        table[i][j] = best
      }
    }
    return table[a.count][b.count]
  }
}
