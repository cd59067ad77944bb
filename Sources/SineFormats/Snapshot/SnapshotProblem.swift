/// Why the text of a snapshot file is not a snapshot: one line, for the message that names the
/// file.
public struct SnapshotProblem: Error, Sendable, Hashable {
  /// What is wrong, in a few words: "the key 'preset' is missing".
  public var message: String

  /// A problem described by `message`.
  public init(_ message: String) {
    self.message = message
  }
}
