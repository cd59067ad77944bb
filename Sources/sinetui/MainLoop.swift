import SineNet
import SineUI

/// Paces frames, feeds keys to the session, runs as many SGD steps as the speed and the frame's
/// time budget allow, and draws: key -> command -> state -> steps -> frame -> terminal.
struct MainLoop {
  /// How the loop ended.
  enum Outcome: Equatable {
    /// `q` or Esc.
    case quit
    /// Ctrl-C pressed.
    case interrupt
    /// A termination signal arrived.
    case signal(Int32)
  }

  var session: Session
  let terminal: Terminal
  /// The trace being replayed, whose steps take the place of training steps.
  let feed: TraceFeed?
  private var composer = FrameComposer()
  let glyphs: Canvas.Glyphs
  private var frameLog = FrameLog.fromEnvironment()

  private let clock = ContinuousClock()
  private let frameInterval = Duration.seconds(1) / Watch.frameRate
  /// Time kept free in each frame for drawing when training as fast as possible.
  private let drawingReserve = Duration.milliseconds(2)
  /// How often the gradient check panel is recomputed while training.
  private let checkInterval = Duration.milliseconds(250)
  /// Steps between clock reads in the training loop.
  private let chunk = 4096

  init(session: Session, terminal: Terminal, glyphs: Canvas.Glyphs, feed: TraceFeed? = nil) {
    self.session = session
    self.terminal = terminal
    self.glyphs = glyphs
    self.feed = feed
  }

  mutating func run() -> Outcome {
    var needsDrawing = true
    var lastTraining = clock.now
    var owedSteps = 0.0
    var rateWindow = (start: clock.now, steps: 0)
    var nextDraw = clock.now
    var lastCheck = clock.now
    while true {
      if let signal = TerminationSignals.pending { return .signal(signal) }
      while let event = terminal.read(waitingAtMost: 0) {
        needsDrawing = true
        handle(event)
      }
      if session.takeSnapshotRequest() {
        saveSnapshot()
        needsDrawing = true
      }
      switch session.exitRequest {
      case .quit: return .quit
      case .interrupt: return .interrupt
      case nil: break
      }

      let now = clock.now
      if session.isTraining {
        let taken: Int
        switch session.speed {
        case .max:
          // As many steps as fit before the next frame is due (at least one chunk).
          taken = trainUntil(nextDraw - drawingReserve, limit: Int.max)
        case .perSecond(let rate):
          owedSteps += Double(rate) * (now - lastTraining).inSeconds
          let due = Int(min(owedSteps, Double(rate)))
          taken = trainUntil(now + frameInterval - drawingReserve, limit: due)
          owedSteps = taken < due ? 0 : owedSteps - Double(taken)
        }
        if taken > 0 {
          session.recordProgress()
          needsDrawing = true
        }
        if session.isShowingGradientCheck, now - lastCheck >= checkInterval {
          session.refreshGradientCheck()
          lastCheck = now
        }
        rateWindow.steps += taken
        let window = clock.now - rateWindow.start
        if window >= .milliseconds(500) {
          session.measuredRate = Double(rateWindow.steps) / window.inSeconds
          rateWindow = (clock.now, 0)
          needsDrawing = true
        }
      } else {
        let requested = session.takeRequestedReplaySteps()
        if requested > 0 {
          advance(requested)
          session.recordProgress()
          needsDrawing = true
        }
        owedSteps = 0
        if session.measuredRate != 0 { needsDrawing = true }
        session.measuredRate = 0
        rateWindow = (now, 0)
      }
      lastTraining = now

      // Draw at most once a frame interval, and only when something changed.
      let afterTraining = clock.now
      if needsDrawing, afterTraining + drawingReserve >= nextDraw {
        let size = terminal.size
        composer.compose(session, columns: size.columns, rows: size.rows, glyphs: glyphs)
        terminal.draw(composer.frame)
        frameLog?.frameDrawn(steps: session.trainer.stepCount)
        needsDrawing = false
        nextDraw += frameInterval
        if nextDraw < afterTraining { nextDraw = afterTraining + frameInterval }
      }

      // Wait for the next frame, or, when nothing is moving, for a key (polling for signals).
      // At speed max the training itself fills the frame: only look for keys.
      let wait: Duration
      if session.isTraining, session.speed == .max {
        wait = .zero
      } else if session.isTraining || needsDrawing {
        wait = nextDraw - drawingReserve - clock.now
      } else {
        wait = .milliseconds(250)
      }
      if let event = terminal.read(waitingAtMost: milliseconds(wait)) {
        needsDrawing = true
        handle(event)
      }
    }
  }

  /// Saves the main run to a new file in the current folder and says how it went on the status
  /// line; a failure leaves the run going.
  private mutating func saveSnapshot() {
    // A diverged run's parameters are not numbers JSON can hold, and nothing could continue it.
    guard !session.trainer.hasDiverged else {
      session.notice = "not saved: the run diverged (r resets)"
      return
    }
    do {
      session.notice = "saved " + (try Snapshot(session: session).save(in: "."))
    } catch let failure as OutputFailed {
      session.notice = "save failed: " + failure.reason
    } catch {
      session.notice = "save failed: " + describeErrno()
    }
  }

  private mutating func handle(_ event: TerminalEvent) {
    switch event {
    case .resize: break
    case .key(let key):
      if let command = KeyMap.command(for: key) {
        session.apply(command)
      }
    }
  }

  /// Trains in chunks until `limit` steps are taken or `deadline` passes; returns the steps taken.
  private mutating func trainUntil(_ deadline: ContinuousClock.Instant, limit: Int) -> Int {
    var taken = 0
    while taken < limit, session.isTraining {
      let steps = advance(min(chunk, limit - taken))
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
    session.follow(steps)
    if feed.isFinished {
      session.recordProgress()
      session.finishReplay()
    }
    return steps.count
  }

  private func milliseconds(_ duration: Duration) -> Int {
    let value = duration.inSeconds * 1000
    guard value.isFinite, value > 0 else { return 0 }
    return Int(min(value.rounded(.up), 1000))
  }
}
