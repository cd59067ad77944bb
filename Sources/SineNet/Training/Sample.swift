/// One training sample: an input and its target.
public struct Sample: Sendable, Hashable {
  /// The input x.
  public var x: Double
  /// The target y = sin(x).
  public var y: Double

  /// A sample with input `x` and target `y`.
  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}
