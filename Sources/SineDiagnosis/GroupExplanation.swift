/// What a parameter group's code computes, as the diagnosis explains it: the bugs that explain
/// every step of the group, and the update they give.
public struct GroupExplanation: Sendable, Hashable {
  /// The bugs, in catalog order; empty for the correct gradient.
  public var bugs: [GradientBug]
  /// The constant the update is multiplied by, for a wrong scale: c in −c·η·g (negative when the
  /// sign is flipped too); nil otherwise.
  public var scale: Double?
  /// The update of one sample in the catalog's notation.
  ///
  /// Such as `−η·e·w2·a(1−a)·x`, or `0` for a group that is not updated; a mini-batch's is the
  /// mean of its samples'.
  public var update: String

  /// An explanation with `bugs`, `scale` and `update`.
  public init(bugs: [GradientBug], scale: Double? = nil, update: String) {
    self.bugs = bugs
    self.scale = scale
    self.update = update
  }

  /// Whether the group computes the correct gradient.
  public var isCorrect: Bool { bugs.isEmpty }
}
