/// Why a trace cannot be read or diagnosed: where in the file, and what is wrong there.
struct TraceProblem: Error, Sendable, Hashable {
  /// The 1-based line the problem is on, or nil when it concerns the file as a whole.
  var line: Int?

  /// What is wrong, in a few words.
  ///
  /// For example "the key 'eta' is missing".
  var message: String

  /// A problem on `line` (nil for the whole file).
  init(line: Int?, _ message: String) {
    self.line = line
    self.message = message
  }

  /// "line N: message", or the message alone when the problem has no line.
  var description: String {
    guard let line else { return message }
    return "line \(line): \(message)"
  }
}
