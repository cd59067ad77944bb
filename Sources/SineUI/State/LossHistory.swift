/// The mse over the whole run, in bounded memory.
///
/// Points are kept at steps that are multiples of a stride; when the buffer fills, every other
/// point is dropped and the stride doubles. Memory never grows with the number of steps, and the
/// kept points stay evenly spread over the whole run.
public struct LossHistory: Sendable, Hashable {
  /// One recorded point.
  public struct Point: Sendable, Hashable {
    /// The step count when the point was taken.
    public var step: Int
    /// The mean squared error then.
    public var mse: Double
  }

  /// The most points kept at once.
  public let capacity: Int
  /// The points, oldest first.
  public private(set) var points: [Point] = []
  /// Only steps that are multiples of the stride are kept.
  public private(set) var stride = 1
  /// The newest point offered, kept even off the stride so the plot reaches the present.
  public private(set) var latest: Point?

  /// An empty history that keeps at most `capacity` points (at least 2).
  public init(capacity: Int = 512) {
    precondition(capacity >= 2, "a loss history needs room for two points")
    self.capacity = capacity
    points.reserveCapacity(capacity)
  }

  /// Offers the mse at `step`; non-finite values are not recorded.
  public mutating func record(step: Int, mse: Double) {
    guard mse.isFinite, mse >= 0 else { return }
    let point = Point(step: step, mse: mse)
    latest = point
    if let last = points.last, step - last.step < stride { return }
    if points.count == capacity {
      stride *= 2
      points = points.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
    }
    points.append(point)
  }

  /// The points to draw: the kept ones, then the newest if it is not already among them.
  public var plotted: [Point] {
    guard let latest, points.last != latest else { return points }
    return points + [latest]
  }
}
