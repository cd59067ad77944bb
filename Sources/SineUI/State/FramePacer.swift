/// When to train, how much, and when to draw: the loop's timing as a pure value.
///
/// The loop asks it, with the current instant, for the steps owed by the speed setting and the
/// deadline to train until; tells it what was taken; and asks whether a frame is due and how long
/// to wait for a key. It never reads a clock, so it is tested with instants made up by the test.
public struct FramePacer<Instant: InstantProtocol>: Sendable
where Instant.Duration == Duration, Instant: Sendable {
  /// How many steps to take now, and the instant to stop taking them by.
  public struct Budget: Sendable, Equatable {
    /// The most steps to take.
    public var steps: Int
    /// When to stop, whatever was taken.
    public var deadline: Instant
  }

  /// The time between frames.
  public let frameInterval: Duration
  /// Time kept free before each frame for drawing it, when training as fast as possible.
  public let drawingReserve: Duration
  /// How long the measured rate is averaged over, at least.
  public let rateWindow = Duration.milliseconds(500)
  /// How many steps a measuring window holds, at least, unless it grows to ``longestRateWindow``:
  /// at 1 step a second, a half-second window would read 0 or 2 steps/s.
  public let rateWindowSteps = 4
  /// The longest a measuring window grows to wait for ``rateWindowSteps`` steps.
  public let longestRateWindow = Duration.seconds(10)
  /// How often the gradient check panel is recomputed while training.
  public let checkInterval = Duration.milliseconds(250)
  /// How long to wait for a key when nothing moves (the loop still looks for signals this often).
  public let idleWait = Duration.milliseconds(250)

  /// When the next frame is due.
  public private(set) var nextDraw: Instant
  private var lastTraining: Instant
  private var owedSteps = 0.0
  private var windowStart: Instant
  private var windowSteps = 0
  private var lastCheck: Instant

  /// A pacer starting at `start`, drawing at most `framesPerSecond` frames a second.
  public init(start: Instant, framesPerSecond: Int, drawingReserve: Duration = .milliseconds(2)) {
    frameInterval = .seconds(1) / max(framesPerSecond, 1)
    self.drawingReserve = drawingReserve
    nextDraw = start
    lastTraining = start
    windowStart = start
    lastCheck = start
  }

  // MARK: - Training

  /// The steps to take at `now` at `speed`: at `max`, as many as fit before the next frame is due;
  /// at a fixed rate, those owed since the last call (at most one second's worth), within a frame.
  public mutating func budget(at now: Instant, speed: Speed) -> Budget {
    defer { lastTraining = now }
    switch speed {
    case .max:
      return Budget(steps: .max, deadline: trainingDeadline)
    case .perSecond(let rate):
      owedSteps += Double(rate) * seconds(lastTraining.duration(to: now))
      let due = Int(min(owedSteps, Double(rate)))
      return Budget(steps: due, deadline: now.advanced(by: frameInterval - drawingReserve))
    }
  }

  /// Counts `taken` steps of `budget`, finished at `now`; returns the measured rate in steps per
  /// second when a measuring window closed: one at least ``rateWindow`` long that holds
  /// ``rateWindowSteps`` steps, or has grown to ``longestRateWindow``.
  public mutating func trained(_ taken: Int, of budget: Budget, at now: Instant) -> Double? {
    if budget.steps != .max {
      // Steps that did not fit are forgiven rather than carried: a slow frame does not make the
      // next one race.
      owedSteps = taken < budget.steps ? 0 : owedSteps - Double(taken)
    }
    windowSteps += taken
    let window = windowStart.duration(to: now)
    guard window >= rateWindow, windowSteps >= rateWindowSteps || window >= longestRateWindow
    else { return nil }
    defer {
      windowStart = now
      windowSteps = 0
    }
    return Double(windowSteps) / seconds(window)
  }

  /// Notes that nothing is being trained at `now`: nothing is owed, and the next window starts
  /// afresh.
  public mutating func idle(at now: Instant) {
    owedSteps = 0
    lastTraining = now
    windowStart = now
    windowSteps = 0
  }

  /// Whether the gradient check is due for a refresh at `now`; if so, the next one is counted from
  /// `now`.
  public mutating func takeCheck(at now: Instant) -> Bool {
    guard lastCheck.duration(to: now) >= checkInterval else { return false }
    lastCheck = now
    return true
  }

  // MARK: - Drawing and waiting

  /// The instant to stop training by for the next frame: its due time less the drawing reserve.
  public var trainingDeadline: Instant { nextDraw.advanced(by: .zero - drawingReserve) }

  /// Whether a frame may be drawn at `now`: the next one is due within the drawing reserve.
  public func isDrawDue(at now: Instant) -> Bool {
    now.advanced(by: drawingReserve) >= nextDraw
  }

  /// Counts a frame drawn at `now`: the next is due one interval after this one was, or one
  /// interval from `now` when the loop fell behind.
  public mutating func drew(at now: Instant) {
    nextDraw = nextDraw.advanced(by: frameInterval)
    if nextDraw < now { nextDraw = now.advanced(by: frameInterval) }
  }

  /// How long to wait for a key at `now`: not at all while training at `max` (the training fills
  /// the frame), until the next frame while training or with a frame to draw, and
  /// ``idleWait`` otherwise.
  public func wait(at now: Instant, isTraining: Bool, speed: Speed, needsDrawing: Bool)
    -> Duration
  {
    if isTraining, speed == .max { return .zero }
    if isTraining || needsDrawing {
      return max(now.duration(to: trainingDeadline), .zero)
    }
    return idleWait
  }

  private func seconds(_ duration: Duration) -> Double {
    let (whole, fraction) = duration.components
    return Double(whole) + Double(fraction) * 1e-18
  }
}
