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
  /// Work between clock reads in the training loop, in samples times hidden units.
  ///
  /// 4,096 steps of the original network, one step of a batch of 500 through 64 units: a chunk
  /// counted in steps alone would keep keys waiting for a second at the largest settings.
  static let chunkWork = 4096 * 10

  private(set) var session: Session
  let terminal: Terminal
  /// The trace being replayed, whose steps take the place of training steps.
  let feed: TraceFeed?
  let glyphs: Canvas.Glyphs
  /// The recording of the session (`--record`), if there is one.
  let recording: SessionRecording?
  private var recordingFailureNoted = false
  private var composer = FrameComposer()
  private var frameLog = FrameLog.fromEnvironment()
  private let clock = ContinuousClock()
  private var pacer: FramePacer<ContinuousClock.Instant>

  init(
    session: Session, terminal: Terminal, glyphs: Canvas.Glyphs, feed: TraceFeed? = nil,
    recording: SessionRecording? = nil
  ) {
    self.session = session
    self.terminal = terminal
    self.glyphs = glyphs
    self.feed = feed
    self.recording = recording
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
      } else if session.pendingSteps > 0 {
        // n and N while paused: as many of the asked-for steps as fit before the next frame.
        pacer.idle(at: now)
        if trainPending(until: pacer.trainingDeadline) > 0 {
          session.recordProgress()
          needsDrawing = true
        }
      } else {
        pacer.idle(at: now)
        if session.measuredRate != 0 {
          session.handle(.measured(stepsPerSecond: 0))
          needsDrawing = true
        }
      }

      // Keys that came while training count in this frame: at speed max the training fills the
      // frame, and a key read only after the drawing would show a frame later.
      while let event = terminal.read(waitingAtMost: 0) {
        needsDrawing = true
        if let outcome = handle(event) { return outcome }
      }

      // Draw at most once a frame interval, and only when something changed. A terminal still
      // taking the last frame (a slow link, a stopped terminal) gets no new one: the frame is
      // skipped, and the next one shows the state of its own moment. A frame not taken whole
      // keeps the loop coming back to send the rest, even when nothing else changes.
      let afterTraining = clock.now
      if needsDrawing, pacer.isDrawDue(at: afterTraining) {
        if terminal.catchUp() {
          let size = terminal.size
          composer.compose(
            session, columns: size.columns, rows: size.rows, glyphs: glyphs,
            colors: terminal.usesColor)
          needsDrawing = !terminal.draw(composer.frame)
          frameLog?.frameDrawn(steps: session.trainer.stepCount)
          noteRecordingFailure()
        }
        pacer.drew(at: afterTraining)
      }

      // Wait for the next frame, or, when nothing is moving, for a key (polling for signals).
      let wait =
        session.pendingSteps > 0
        ? .zero
        : pacer.wait(
          at: clock.now, isTraining: session.isTraining, speed: session.speed,
          needsDrawing: needsDrawing)
      if let event = terminal.read(waitingAtMost: milliseconds(wait)) {
        needsDrawing = true
        if let outcome = handle(event) { return outcome }
      }
    }
  }

  /// Tells the session, once, that the recording stopped early (its notice says why).
  private mutating func noteRecordingFailure() {
    guard !recordingFailureNoted, let failure = recording?.failure else { return }
    recordingFailureNoted = true
    session.handle(.recordingFailed(failure))
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
      let steps = advance(min(chunkSteps, limit - taken))
      taken += steps
      if steps == 0 || clock.now >= deadline { break }
    }
    return taken
  }

  /// Takes the steps n and N left pending in chunks until `deadline` passes, at least one chunk;
  /// returns the steps taken.
  private mutating func trainPending(until deadline: ContinuousClock.Instant) -> Int {
    var taken = 0
    while session.pendingSteps > 0 {
      let steps = session.takePendingSteps(limit: chunkSteps)
      taken += steps
      if steps == 0 || clock.now >= deadline { break }
    }
    return taken
  }

  /// The steps in one chunk of ``chunkWork`` at the main run's batch size and hidden units.
  private var chunkSteps: Int {
    let trainer = session.trainer
    return max(1, Self.chunkWork / max(trainer.batchSize * trainer.network.hidden, 1))
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
