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
  /// Steps asked for with n and N while paused and not yet taken: the loop takes them a frame's
  /// worth at a time, so that a thousand slow steps (a batch of 500, 64 units) never hold up a
  /// key or a frame.
  public private(set) var pendingSteps = 0
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
      // Nothing can run after a divergence or at the step limit until a reset. Resuming takes
      // the place of steps still pending.
      if !trainer.hasDiverged, !trainer.isAtStepLimit { pause = pause == .none ? .byHand : .none }
      pendingSteps = 0
    case .stepOnce: stepWhilePaused(1)
    case .stepThousand: stepWhilePaused(1000)
    case .reset: restart()
    // A preset is a whole experiment, η and the target included.
    case .nextPreset:
      let next = trainer.preset.next
      restart(preset: next, eta: next.defaultEta, target: next.target)
    // Each of these answers with the new value, so that a narrow status line shows it too.
    case .nextActivation:
      setForBoth(\.activation, trainer.activation.next)
      notice = "activation " + trainer.activation.rawValue
    case .nextOptimizer:
      setForBoth(\.optimizer, trainer.optimizer.next)
      notice = "optimizer " + trainer.optimizer.rawValue
    case .nextBatchSize:
      setForBoth(\.batchSize, Ladder.batchSizes.cycled(after: trainer.batchSize))
      notice = "batch " + String(trainer.batchSize)
    case .nextTarget:
      setForBoth(\.target, trainer.target.next)
      // The mse is against the target: show the new one at once, not at the next step.
      recordProgress()
      notice = "target " + trainer.target.rawValue
    case .moreUnits, .fewerUnits:
      let hidden = trainer.network.hidden
      restart(
        hidden: command == .moreUnits
          ? Ladder.hiddenUnits.above(hidden) : Ladder.hiddenUnits.below(hidden))
      notice = "hidden " + String(trainer.network.hidden)
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
      if !trainer.activation.slipChangesSlope {
        notice = "for relu the slope at the activation is the slope: 2 changes nothing"
      }
    case .etaUp: setForBoth(\.eta, Ladder.learningRates.above(trainer.eta))
    case .etaDown: setForBoth(\.eta, Ladder.learningRates.below(trainer.eta))
    case .toggleComparison: toggleComparison()
    case .speedUp: speed = Speed.ladder.above(speed)
    case .speedDown: speed = Speed.ladder.below(speed)
    case .toggleGradientCheck:
      overlays.toggleGradientCheck()
      gradientCheck = nil
    case .toggleDerivation:
      overlays.toggleDerivation(openingOn: UnitOrder.first(in: lastFiniteNetwork))
    case .nextUnit: moveDerivation(by: 1)
    case .previousUnit: moveDerivation(by: -1)
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
    case .recordingFailed(let reason): notice = "recording stopped: " + reason
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
    let taken = run.train(steps: steps)
    _ = comparison?.train(steps: taken)
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

  /// Takes up to `limit` of the steps n and N asked for, and returns how many were taken; a
  /// divergence or the step limit drops the rest.
  ///
  /// Call ``recordProgress()`` once a frame afterwards, as after ``train(steps:)``.
  @discardableResult
  public mutating func takePendingSteps(limit: Int = .max) -> Int {
    let count = min(pendingSteps, max(limit, 0))
    guard count > 0 else { return 0 }
    let taken = train(steps: count)
    pendingSteps = taken < count ? 0 : pendingSteps - taken
    return taken
  }

  /// The most steps n and N can have pending: ten thousand presses of N.
  static let pendingLimit = 10_000_000

  private mutating func stepWhilePaused(_ count: Int) {
    guard isPaused, !trainer.hasDiverged, !trainer.isAtStepLimit else { return }
    pendingSteps = min(pendingSteps + count, Self.pendingLimit)
  }

  /// A new run from fresh weights and a new seed, keeping every setting but those given.
  private mutating func restart(
    preset: Preset? = nil, eta: Double? = nil, target: Target? = nil, hidden: Int? = nil
  ) {
    let fresh = Trainer(
      preset: preset ?? trainer.preset, seed: resetSeeds.next(),
      hidden: hidden ?? trainer.network.hidden, rule: trainer.rule, eta: eta ?? trainer.eta,
      activation: trainer.activation, optimizer: trainer.optimizer,
      batchSize: trainer.batchSize, target: target ?? trainer.target)
    run = Run(trainer: fresh, historyCapacity: history.capacity)
    pendingSteps = 0
    probe = GradientCheckTable.probe(for: fresh)
    // New weights: the derivation starts again from the unit with the largest |w2|.
    if overlays.isShowingDerivation {
      overlays.followUnit(UnitOrder.first(in: fresh.network))
    }
    if comparison != nil { comparison = Self.comparison(for: run) }
    if pause == .byDivergence || pause == .atStepLimit { pause = .none }
  }

  /// Points the derivation `offset` units on in ``UnitOrder``, while it is open.
  private mutating func moveDerivation(by offset: Int) {
    guard overlays.isShowingDerivation else { return }
    overlays.followUnit(
      UnitOrder.unit(offset, after: overlays.derivationUnit, in: lastFiniteNetwork))
  }

  /// Sets one of the trainer's settings for the main run and the comparison alike: η, and those
  /// beyond the original network (activation, optimizer, batch size, target).
  private mutating func setForBoth<Value>(
    _ setting: WritableKeyPath<Trainer, Value>, _ value: Value
  ) {
    run.trainer[keyPath: setting] = value
    comparison?.trainer[keyPath: setting] = value
  }
}
