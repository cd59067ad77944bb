import SineFormats
import SineUI

/// Runs the model-update-view loop: key -> command -> session -> steps -> frame -> terminal.
///
/// It owns what the pure session cannot: the clock, the terminal, the files and the replayed
/// trace. Keys become commands; the ``Effect`` a command returns is carried out here and its
/// outcome told back as an ``Event``; a ``FramePacer`` says how many steps to take and when to
/// draw.
struct MainLoop {
  /// How the loop ended.
  enum Outcome: Equatable {
    /// `q` or Esc.
    case quit
    /// Ctrl-C pressed.
    case interrupt
    /// A termination signal arrived.
    case signal(Int32)
    /// The terminal went away without a signal: its input ended or failed.
    case hangUp
  }

  /// Frames per second, at most.
  static let frameRate = 30
  /// Steps between clock reads in the training loop.
  static let chunk = 4096

  private(set) var session: Session
  let terminal: Terminal
  /// The trace being replayed, whose steps take the place of training steps.
  let feed: TraceFeed?
  let glyphs: Canvas.Glyphs
  private var composer = FrameComposer()
  private var frameLog = FrameLog.fromEnvironment()
  private let clock = ContinuousClock()
  private var pacer: FramePacer<ContinuousClock.Instant>

  init(session: Session, terminal: Terminal, glyphs: Canvas.Glyphs, feed: TraceFeed? = nil) {
    self.session = session
    self.terminal = terminal
    self.glyphs = glyphs
    self.feed = feed
    pacer = FramePacer(start: clock.now, framesPerSecond: Self.frameRate)
  }

  mutating func run() -> Outcome {
    var needsDrawing = true
    while true {
      if let signal = TerminationSignals.pending { return .signal(signal) }
      if ScreenSignals.takeSuspend() {
        terminal.suspend()
        needsDrawing = true
      }
      if ScreenSignals.takeContinue() {
        terminal.reenter()
        needsDrawing = true
      }
      while let event = terminal.read(waitingAtMost: 0) {
        needsDrawing = true
        if let outcome = handle(event) { return outcome }
      }

      let now = clock.now
      if session.isTraining {
        let budget = pacer.budget(at: now, speed: session.speed)
        let taken = trainUntil(budget.deadline, limit: budget.steps)
        if taken > 0 {
          session.recordProgress()
          needsDrawing = true
        }
        if session.overlays.isShowingGradientCheck, pacer.takeCheck(at: now) {
          session.refreshGradientCheck()
        }
        if let rate = pacer.trained(taken, of: budget, at: clock.now) {
          session.handle(.measured(stepsPerSecond: rate))
          needsDrawing = true
        }
      } else {
        pacer.idle(at: now)
        if session.measuredRate != 0 {
          session.handle(.measured(stepsPerSecond: 0))
          needsDrawing = true
        }
      }

      // Draw at most once a frame interval, and only when something changed.
      let afterTraining = clock.now
      if needsDrawing, pacer.isDrawDue(at: afterTraining) {
        let size = terminal.size
        composer.compose(session, columns: size.columns, rows: size.rows, glyphs: glyphs)
        terminal.draw(composer.frame)
        frameLog?.frameDrawn(steps: session.trainer.stepCount)
        needsDrawing = false
        pacer.drew(at: afterTraining)
      }

      // Wait for the next frame, or, when nothing is moving, for a key (polling for signals).
      let wait = pacer.wait(
        at: clock.now, isTraining: session.isTraining, speed: session.speed,
        needsDrawing: needsDrawing)
      if let event = terminal.read(waitingAtMost: milliseconds(wait)) {
        needsDrawing = true
        if let outcome = handle(event) { return outcome }
      }
    }
  }

  /// Applies a key's command and carries out its effect; returns how the loop ends, if it does.
  private mutating func handle(_ event: TerminalEvent) -> Outcome? {
    if event == .hangUp { return .hangUp }
    guard case .key(let key) = event, let command = KeyMap.command(for: key) else { return nil }
    switch session.apply(command) {
    case nil: return nil
    case .exit(.quit): return .quit
    case .exit(.interrupt): return .interrupt
    case .suspend: terminal.suspend()
    case .save(let snapshot):
      do {
        session.handle(.saved(try SnapshotFile.save(snapshot, in: ".")))
      } catch let failure as OutputFailed {
        session.handle(.saveFailed(failure.reason))
      } catch {
        session.handle(.saveFailed(describeErrno()))
      }
    case .readTrace(let steps):
      advance(steps)
      session.recordProgress()
    }
    return nil
  }

  /// Trains in chunks until `limit` steps are taken or `deadline` passes; returns the steps taken.
  private mutating func trainUntil(_ deadline: ContinuousClock.Instant, limit: Int) -> Int {
    var taken = 0
    while taken < limit, session.isTraining {
      let steps = advance(min(Self.chunk, limit - taken))
      taken += steps
      if steps == 0 || clock.now >= deadline { break }
    }
    return taken
  }

  /// Takes up to `count` steps and returns how many were taken.
  ///
  /// Training steps, or the next steps of the replayed trace (whose end pauses the view).
  @discardableResult
  private mutating func advance(_ count: Int) -> Int {
    guard let feed else { return session.train(steps: count) }
    let steps = feed.next(count)
    session.handle(.traced(steps))
    if feed.isFinished { session.handle(.traceEnded) }
    return steps.count
  }

  private func milliseconds(_ duration: Duration) -> Int {
    let value = duration.inSeconds * 1000
    guard value.isFinite, value > 0 else { return 0 }
    return Int(min(value.rounded(.up), 1000))
  }
}
