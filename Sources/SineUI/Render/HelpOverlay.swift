/// The `?` overlay: every key, in a box over the plots.
enum HelpOverlay {
  /// The lines, built once: a title, one line a key, and the crossing rule.
  static let lines: [String] = {
    let width = KeyMap.help.map(\.keys.count).max() ?? 0
    return ["sinetui keys (? closes)"]
      + KeyMap.help.map {
        $0.keys + String(repeating: " ", count: width - $0.keys.count) + "  " + $0.action
      }
      + ["Where curves cross, the network is drawn on top."]
  }()

  /// The longest line.
  static let widest = lines.map(\.count).max() ?? 0
}
