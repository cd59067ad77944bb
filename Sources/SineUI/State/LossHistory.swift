/// The mse over the whole run, in bounded memory.
///
/// Points are kept at least a stride apart; when the buffer fills, every other point is dropped
/// and the stride widens to the widest gap left. Memory never grows with the number of steps, and
/// the kept points stay evenly spread over the whole run. Between kept points the highest mse
/// offered is kept too, so that a climb (to a divergence) is drawn even when it is shorter than
/// the stride.
public struct LossHistory: Sendable, Hashable {
  /// One recorded point.
  public struct Point: Sendable, Hashable {
    /// The step count when the point was taken.
    public var step: Int
    /// The mean squared error then.
    public var mse: Double

    /// The point `mse` at `step`.
    public init(step: Int, mse: Double) {
      self.step = step
      self.mse = mse
    }
  }

  /// The most points kept at once.
  public let capacity: Int
  /// The points, oldest first.
  public private(set) var points: [Point] = []
  /// The least distance in steps between kept points.
  public private(set) var stride = 1
  /// The newest point offered, kept even off the stride so the plot reaches the present.
  public private(set) var latest: Point?
  /// The point with the highest mse offered since the last kept one.
  public private(set) var peak: Point?

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
    if let last = points.last, step - last.step < stride {
      if peak.map({ mse > $0.mse }) ?? true { peak = point }
      return
    }
    peak = nil
    if points.count == capacity {
      // Keep every other point, in place: the buffer never reallocates. New points then keep at
      // least the widest gap left, so old and new stay equally spread whatever the offer rate.
      let kept = (points.count + 1) / 2
      for index in 0..<kept { points[index] = points[2 * index] }
      points.removeLast(points.count - kept)
      var widest = stride * 2
      for index in 1..<points.count {
        widest = max(widest, points[index].step - points[index - 1].step)
      }
      stride = widest
    }
    points.append(point)
  }

  /// The points to draw: the kept ones, the highest since the last of them, then the newest if it
  /// is not already among them.
  public var plotted: [Point] {
    var result: [Point] = []
    forEachPlotted { result.append($0) }
    return result
  }

  /// Calls `body` with each point to draw, in order, without building an array.
  public func forEachPlotted(_ body: (Point) -> Void) {
    for point in points { body(point) }
    if let peak, peak != latest, peak.mse > latest?.mse ?? 0 { body(peak) }
    if let latest, points.last != latest { body(latest) }
  }
}
