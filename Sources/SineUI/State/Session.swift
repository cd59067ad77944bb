import SineFormats
import SineNet

/// Everything the view shows and every setting a key can change: the model of the
/// model-update-view loop.
///
/// Pure: no clock, no terminal, no files, no randomness it does not own. Commands come in through
/// ``apply(_:)``, which says in an ``Effect`` what the outside world must do; what happened out
/// there comes back as an ``Event`` through ``handle(_:)``.
public struct Session: Sendable {
  /// The main run, the one the keys change.
  public internal(set) var run: Run
  /// The comparison run, while `c` has one going: the same start and samples, the other rule.
  public internal(set) var comparison: Run?
  /// The panels and overlays that are open.
  public private(set) var overlays = Overlays()
  /// The trace being replayed, or nil when the session trains a network of its own.
  public internal(set) var replay: Replay?
  /// How fast training runs while not paused.
  public private(set) var speed: Speed
  /// Why training is paused, if it is.
  var pause = Pause.none
  /// A short note on the status line answering the last key, such as the name of a snapshot just
  /// saved; the next command clears it.
  public internal(set) var notice: String?
  /// Steps per second actually achieved, as the loop that drives the session measured them.
  public private(set) var measuredRate: Double = 0
  /// The latest gradient check of the main run's rule, at its weights and ``probe``, while the
  /// panel is open.
  public private(set) var gradientCheck: GradientCheck?
  /// The fixed sample the gradient check probes: the one `sinetui check` uses for the same seed.
  public private(set) var probe: Sample
  /// Where reset seeds come from.
  private var resetSeeds: ResetSeeds

  /// Why training is paused.
  enum Pause: Sendable, Hashable {
    /// It is not.
    case none
    /// The person pressed space.
    case byHand
    /// The main run diverged; a reset lifts it.
    case byDivergence
    /// The main run reached the step limit; a reset lifts it.
    case atStepLimit
    /// The replayed trace has been shown to its end.
    case atEnd
  }

  /// A session training `trainer` at `speed`.
  public init(trainer: Trainer, speed: Speed = .standard) {
    run = Run(trainer: trainer)
    probe = GradientCheckTable.probe(for: trainer)
    self.speed = speed
    resetSeeds = ResetSeeds(after: trainer.seed)
  }

  // MARK: - Reading the state

  /// The main run's trainer.
  public var trainer: Trainer { run.trainer }
  /// The main run's mse over the run.
  public var history: LossHistory { run.history }
  /// The main run's last network with every value finite.
  public var lastFiniteNetwork: Network { run.lastFiniteNetwork }
  /// The main run's current mse.
  public var currentMSE: Double { run.currentMSE }
  /// Whether training is paused: by hand, by a divergence or at the end of a replayed trace.
  public var isPaused: Bool { pause != .none }

  /// The x range the function plot shows: the data range, or three times as wide around it.
  public var viewRange: Range<Double> {
    let range = trainer.dataset.range
    guard overlays.isWideView else { return range }
    let width = range.upperBound - range.lowerBound
    return (range.lowerBound - width)..<(range.upperBound + width)
  }

  /// Whether the loop should be taking steps now.
  public var isTraining: Bool {
    pause == .none && !trainer.hasDiverged && !trainer.isAtStepLimit
  }

  // MARK: - Update

  /// Applies one command, and returns what the outside world must do for it, if anything.
  @discardableResult
  public mutating func apply(_ command: Command) -> Effect? {
    // A notice answers the last key (a save): the next key clears it.
    notice = nil
    if replay != nil {
      switch replayHandling(of: command) {
      case .ignored: return nil
      case .effect(let effect): return effect
      case .asUsual: break
      }
    }
    var effect: Effect?
    switch command {
    case .togglePause:
      // Nothing can run after a divergence or at the step limit until a reset.
      if !trainer.hasDiverged, !trainer.isAtStepLimit { pause = pause == .none ? .byHand : .none }
    case .stepOnce: stepWhilePaused(1)
    case .stepThousand: stepWhilePaused(1000)
    case .reset: restart(preset: trainer.preset)
    case .nextPreset: restart(preset: trainer.preset.next)
    case .toggleOriginalBugs:
      setRule(trainer.rule != .correct ? .correct : .original)
    case .toggleSign:
      setRule(
        GradientRule(
          flipsSign: !trainer.rule.flipsSign, appliesSigmoidTwice: trainer.rule.appliesSigmoidTwice)
      )
    case .toggleDoubleSigmoid:
      setRule(
        GradientRule(
          flipsSign: trainer.rule.flipsSign, appliesSigmoidTwice: !trainer.rule.appliesSigmoidTwice)
      )
    case .etaUp: setEta(Ladder.learningRates.above(trainer.eta))
    case .etaDown: setEta(Ladder.learningRates.below(trainer.eta))
    case .toggleComparison: toggleComparison()
    case .speedUp: speed = Speed.ladder.above(speed)
    case .speedDown: speed = Speed.ladder.below(speed)
    case .toggleGradientCheck:
      overlays.toggleGradientCheck()
      gradientCheck = nil
    case .toggleHiddenUnits: overlays.toggleHiddenUnits()
    case .toggleWideView: overlays.toggleWideView()
    case .toggleExplanation: overlays.toggleExplanation()
    case .toggleHelp: overlays.toggleHelp()
    case .saveSnapshot: effect = saveRequest()
    case .suspend: effect = .suspend
    case .quit: effect = .exit(.quit)
    case .interrupt: effect = .exit(.interrupt)
    }
    refreshGradientCheck()
    return effect
  }

  /// Takes in what happened outside: how a save went, a measured rate, the trace's next steps.
  public mutating func handle(_ event: Event) {
    switch event {
    case .saved(let name): notice = "saved " + name
    case .saveFailed(let reason): notice = "save failed: " + reason
    case .measured(let rate): measuredRate = rate
    case .traced(let steps): follow(steps)
    case .traceEnded: finishReplay()
    }
  }

  /// Recomputes the gradient check, when its panel is open, at the main run's last finite
  /// weights: the loop calls this a few times a second, and every command does.
  public mutating func refreshGradientCheck() {
    guard overlays.isShowingGradientCheck, replay == nil else { return }
    gradientCheck = GradientCheck(network: lastFiniteNetwork, sample: probe, rule: trainer.rule)
  }

  // MARK: - Training

  /// Takes up to `steps` steps and returns how many were taken (fewer on divergence).
  ///
  /// Call ``recordProgress()`` once a frame afterwards, not after every chunk: it costs a pass
  /// over the mse grid.
  ///
  /// A comparison run takes the same number of steps, on the same samples, until it diverges.
  @discardableResult
  public mutating func train(steps: Int) -> Int {
    let taken = run.trainer.train(steps: steps)
    comparison?.trainer.train(steps: taken)
    return taken
  }

  /// Refreshes the mse, the loss history and the last finite network from the trainer; on a
  /// divergence or at the step limit, pauses the view until a reset.
  public mutating func recordProgress() {
    run.recordProgress()
    comparison?.recordProgress()
    guard pause == .none else { return }
    if trainer.hasDiverged {
      pause = .byDivergence
      measuredRate = 0
    } else if trainer.isAtStepLimit {
      pause = .atStepLimit
      measuredRate = 0
    }
  }

  private mutating func stepWhilePaused(_ count: Int) {
    guard isPaused, !trainer.hasDiverged, !trainer.isAtStepLimit else { return }
    train(steps: count)
    recordProgress()
  }

  private mutating func restart(preset: Preset) {
    let fresh = Trainer(
      preset: preset, seed: resetSeeds.next(), hidden: trainer.network.hidden, rule: trainer.rule,
      eta: trainer.eta)
    run = Run(trainer: fresh, historyCapacity: history.capacity)
    probe = GradientCheckTable.probe(for: fresh)
    if comparison != nil { comparison = Self.comparison(for: run) }
    if pause == .byDivergence || pause == .atStepLimit { pause = .none }
  }

  private mutating func setEta(_ eta: Double) {
    run.trainer.eta = eta
    comparison?.trainer.eta = eta
  }
}
