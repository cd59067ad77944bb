import SineFormats
import SineNet

/// Everything the view shows and every setting a key can change.
///
/// The model of the model-update-view loop. Pure: no clock, no terminal, no randomness it does not
/// own.
public struct Session: Sendable {
  /// The main run, the one the keys change.
  public private(set) var run: Run
  /// The comparison run, while `c` has one going: the same start and samples, the other rule.
  public private(set) var other: Run?

  /// The main run's trainer.
  public var trainer: Trainer { run.trainer }
  /// The main run's mse over the run.
  public var history: LossHistory { run.history }
  /// The main run's last network with every value finite.
  public var lastFiniteNetwork: Network { run.lastFiniteNetwork }
  /// The main run's current mse.
  public var currentMSE: Double { run.currentMSE }
  /// The x range the function plot shows: the data range, or three times as wide around it.
  public var viewRange: Range<Double> {
    let range = trainer.dataset.range
    guard isWideView else { return range }
    let width = range.upperBound - range.lowerBound
    return (range.lowerBound - width)..<(range.upperBound + width)
  }

  /// Whether training is paused by hand (a divergence stops training without pausing).
  public private(set) var isPaused = false
  /// Whether the pause is a divergence's, which a reset lifts, rather than the person's.
  private var isPausedByDivergence = false
  /// How fast training runs while not paused.
  public private(set) var speed: Speed
  /// Whether the help overlay is open.
  public private(set) var isShowingHelp = false
  /// Whether the gradient check panel is open.
  public private(set) var isShowingGradientCheck = false
  /// The latest gradient check of the main run's rule, at its weights and ``probe``.
  public private(set) var gradientCheck: GradientCheck?
  /// The fixed sample the gradient check probes: the one `sinetui check` uses for the same seed.
  public private(set) var probe: Sample
  /// Whether each hidden unit's share of the output is drawn behind the curves.
  public private(set) var isShowingHiddenUnits = false
  /// Whether the plot spans three times the data range, centred on it.
  public private(set) var isWideView = false
  /// Whether the overlay on the seed's three problems is open.
  public private(set) var isShowingExplanation = false
  /// A short note for the status line from the loop that drives the session, such as the name of
  /// a snapshot just saved; the next command clears it.
  public var notice: String?
  /// Whether a snapshot was asked for and not yet taken by the loop.
  public private(set) var isSnapshotRequested = false
  /// Steps per second actually achieved, as measured by the loop that drives the session.
  public var measuredRate: Double = 0
  /// Set when the person has asked to leave.
  public private(set) var exitRequest: ExitRequest?
  /// The hidden-unit count every reset keeps.
  public let hidden: Int
  /// Where reset seeds come from, so that a whole session replays from its first seed.
  ///
  /// They are kept to 32 bits, short enough to read off the status line and type back in.
  private var seeds: Xoshiro256StarStar

  /// The trace being replayed, or nil when the session trains a network of its own.
  public private(set) var replay: Replay?

  /// A replayed trace: its verdict for the status line, and how far it has been shown.
  public struct Replay: Sendable, Hashable {
    /// The diagnosis's verdict in a few words.
    public var verdict: String
    /// Whether the trace follows the correct gradient.
    public var isCorrect: Bool
    /// Whether every step of the trace has been shown.
    public var isFinished = false
    /// Steps asked for with `n` and `N` while paused, not yet taken by the loop.
    var requestedSteps = 0
  }

  /// Why the session ended.
  public enum ExitRequest: Sendable, Hashable {
    /// `q` or Esc.
    case quit
    /// Ctrl-C.
    case interrupt
  }

  /// A session training `trainer` at `speed`.
  public init(trainer: Trainer, speed: Speed = .standard) {
    run = Run(trainer: trainer)
    probe = GradientCheckTable.probe(for: trainer)
    self.speed = speed
    hidden = trainer.network.hidden
    seeds = Xoshiro256StarStar(seed: trainer.seed ^ 0x5EED_5EED_5EED_5EED)
  }

  /// A session continuing `trainer` with the loss history `history` (oldest first), as a
  /// snapshot saved it.
  public init(trainer: Trainer, history: [LossHistory.Point], speed: Speed = .standard) {
    self.init(trainer: trainer, speed: speed)
    var restored = LossHistory(capacity: run.history.capacity)
    for point in history { restored.record(step: point.step, mse: point.mse) }
    restored.record(step: trainer.stepCount, mse: run.currentMSE)
    run.restore(history: restored)
  }

  /// A session replaying a trace.
  ///
  /// The main run follows the traced networks (see ``follow(_:)``) from `start`, and the
  /// comparison run trains with the correct rule from the same start on the same samples.
  /// `dataset` holds samples from the trace, for the plot.
  public init(
    replaying start: Network, eta: Double, preset: Preset, dataset: Dataset,
    verdict: String, isCorrect: Bool, speed: Speed = .standard
  ) {
    let trainer = Trainer(
      preset: preset, seed: 0, dataset: dataset, network: start,
      generator: Xoshiro256StarStar(seed: 0), rule: .correct, eta: eta)
    self.init(trainer: trainer, speed: speed)
    other = Run(trainer: trainer, historyCapacity: run.history.capacity)
    replay = Replay(verdict: verdict, isCorrect: isCorrect)
  }

  /// Shows the next steps of the replayed trace: the main run takes the traced networks, the
  /// comparison run a correct step on each sample.
  public mutating func follow(_ steps: some Sequence<TracedStep>) {
    for step in steps {
      run.trainer.follow(step.sample, to: step.network)
      other?.trainer.step(on: step.sample)
    }
  }

  /// Marks the replayed trace as shown to its end, which pauses the view.
  public mutating func finishReplay() {
    guard replay != nil else { return }
    replay?.isFinished = true
    isPaused = true
  }

  /// Takes the steps asked for with `n` and `N` during a paused replay.
  public mutating func takeRequestedReplaySteps() -> Int {
    defer { replay?.requestedSteps = 0 }
    return replay?.requestedSteps ?? 0
  }

  /// Takes the pending snapshot request, if there is one.
  public mutating func takeSnapshotRequest() -> Bool {
    defer { isSnapshotRequested = false }
    return isSnapshotRequested
  }

  /// Whether the loop should be taking steps now.
  public var isTraining: Bool {
    !isPaused && !trainer.hasDiverged && exitRequest == nil && replay?.isFinished != true
  }

  // MARK: - Update

  /// Applies one command.
  public mutating func apply(_ command: Command) {
    // A notice answers the last key (a save): the next key clears it.
    notice = nil
    if replay != nil, !applyDuringReplay(command) { return }
    switch command {
    case .togglePause:
      // Nothing can run after a divergence until a reset.
      if !trainer.hasDiverged { isPaused.toggle() }
    case .stepOnce: stepWhilePaused(1)
    case .stepThousand: stepWhilePaused(1000)
    case .reset: restart(preset: trainer.preset)
    case .nextPreset: restart(preset: trainer.preset.next)
    case .toggleSeedBugs:
      setRule(trainer.rule != .correct ? .correct : .seed)
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
    case .toggleComparison:
      other = other == nil ? Self.comparison(for: run) : nil
    case .speedUp: speed = Speed.ladder.above(speed)
    case .speedDown: speed = Speed.ladder.below(speed)
    case .toggleGradientCheck:
      isShowingGradientCheck.toggle()
      gradientCheck = nil
    case .toggleHiddenUnits: isShowingHiddenUnits.toggle()
    case .toggleWideView: isWideView.toggle()
    case .toggleExplanation:
      isShowingExplanation.toggle()
      if isShowingExplanation { isShowingHelp = false }
    case .saveSnapshot: isSnapshotRequested = true
    case .toggleHelp:
      isShowingHelp.toggle()
      if isShowingHelp { isShowingExplanation = false }
    case .quit: exitRequest = .quit
    case .interrupt: exitRequest = .interrupt
    }
    refreshGradientCheck()
  }

  /// Whether `command` still goes through ``apply(_:)`` during a replay.
  ///
  /// The trace sets the rule, η, the start and the samples: the keys that would change them do
  /// nothing, nor does the gradient check, whose rule would not be the trace's; `n`/`N` ask the
  /// loop for the trace's next steps.
  private mutating func applyDuringReplay(_ command: Command) -> Bool {
    switch command {
    case .reset, .nextPreset, .toggleSeedBugs, .toggleSign, .toggleDoubleSigmoid, .etaUp, .etaDown,
      .toggleComparison, .saveSnapshot, .toggleGradientCheck:
      // The gradient check would check the main run's rule, which here is not the trace's.
      return false
    case .stepOnce, .stepThousand:
      if isPaused, replay?.isFinished == false, !trainer.hasDiverged {
        replay?.requestedSteps += command == .stepOnce ? 1 : 1000
      }
      return false
    case .togglePause:
      return replay?.isFinished == false
    default:
      return true
    }
  }

  /// Recomputes the gradient check, when its panel is open, at the main run's last finite
  /// weights: the loop calls this a few times a second, and every command does.
  public mutating func refreshGradientCheck() {
    guard isShowingGradientCheck else { return }
    gradientCheck = GradientCheck(network: lastFiniteNetwork, sample: probe, rule: trainer.rule)
  }

  /// Takes up to `steps` steps and returns how many were taken (fewer on divergence).
  ///
  /// Call ``recordProgress()`` once a frame afterwards, not after every chunk: it costs a pass
  /// over the mse grid.
  ///
  /// A comparison run takes the same number of steps, on the same samples, until it diverges.
  @discardableResult
  public mutating func train(steps: Int) -> Int {
    let taken = run.trainer.train(steps: steps)
    other?.trainer.train(steps: taken)
    return taken
  }

  /// Refreshes the mse, the loss history and the last finite network from the trainer; on a
  /// divergence, pauses the view until a reset.
  public mutating func recordProgress() {
    run.recordProgress()
    other?.recordProgress()
    if trainer.hasDiverged, !isPaused {
      isPaused = true
      isPausedByDivergence = true
      measuredRate = 0
    }
  }

  private mutating func stepWhilePaused(_ count: Int) {
    guard isPaused, !trainer.hasDiverged else { return }
    train(steps: count)
    recordProgress()
  }

  private mutating func restart(preset: Preset) {
    let fresh = Trainer(
      preset: preset, seed: seeds.next() >> 32, hidden: hidden, rule: trainer.rule,
      eta: trainer.eta)
    run = Run(trainer: fresh, historyCapacity: history.capacity)
    probe = GradientCheckTable.probe(for: fresh)
    if other != nil { other = Self.comparison(for: run) }
    if isPausedByDivergence {
      isPaused = false
      isPausedByDivergence = false
    }
  }

  // MARK: - The comparison run

  /// The rule the comparison runs: the seed's when the main run is correct, else the correct one.
  public static func comparisonRule(for rule: GradientRule) -> GradientRule {
    rule == .correct ? .seed : .correct
  }

  /// A comparison for `run`: a copy of its trainer, so the same weights and the same samples from
  /// here on, with the other rule.
  private static func comparison(for run: Run) -> Run {
    var trainer = run.trainer
    trainer.rule = comparisonRule(for: trainer.rule)
    return Run(trainer: trainer, historyCapacity: run.history.capacity)
  }

  private mutating func setRule(_ rule: GradientRule) {
    run.trainer.rule = rule
    other?.trainer.rule = Self.comparisonRule(for: rule)
  }

  private mutating func setEta(_ eta: Double) {
    run.trainer.eta = eta
    other?.trainer.eta = eta
  }
}
