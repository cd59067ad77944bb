import SineNet

/// Everything the view shows and every setting a key can change.
///
/// The model of the model-update-view loop. Pure: no clock, no terminal, no randomness it does not
/// own.
public struct Session: Sendable {
  /// The training run.
  public private(set) var trainer: Trainer
  /// The x range the function plot shows: the data range, or three times as wide around it.
  public var viewRange: Range<Double> {
    let range = trainer.preset.range
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
  /// Whether each hidden unit's share of the output is drawn behind the curves.
  public private(set) var isShowingHiddenUnits = false
  /// Whether the plot spans three times the data range, centred on it.
  public private(set) var isWideView = false
  /// Whether the overlay on the seed's three problems is open.
  public private(set) var isShowingExplanation = false
  /// The mse over the run, bounded in memory.
  public private(set) var history = LossHistory()
  /// The network as last drawn with every value finite: what the plot keeps after a divergence.
  public private(set) var lastFiniteNetwork: Network
  /// The mse of the current network, refreshed by ``recordProgress()``.
  public private(set) var currentMSE: Double
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

  /// Why the session ended.
  public enum ExitRequest: Sendable, Hashable {
    /// `q` or Esc.
    case quit
    /// Ctrl-C.
    case interrupt
  }

  /// A session training `trainer` at `speed`.
  public init(trainer: Trainer, speed: Speed = .standard) {
    self.trainer = trainer
    self.speed = speed
    hidden = trainer.network.hidden
    lastFiniteNetwork = trainer.network
    currentMSE = trainer.meanSquaredError()
    seeds = Xoshiro256StarStar(seed: trainer.seed ^ 0x5EED_5EED_5EED_5EED)
    history.record(step: trainer.stepCount, mse: currentMSE)
  }

  /// Whether the loop should be taking steps now.
  public var isTraining: Bool { !isPaused && !trainer.hasDiverged && exitRequest == nil }

  // MARK: - Update

  /// Applies one command.
  public mutating func apply(_ command: Command) {
    switch command {
    case .togglePause:
      // Nothing can run after a divergence until a reset.
      if !trainer.hasDiverged { isPaused.toggle() }
    case .stepOnce: stepWhilePaused(1)
    case .stepThousand: stepWhilePaused(1000)
    case .reset: restart(preset: trainer.preset)
    case .nextPreset: restart(preset: trainer.preset.next)
    case .toggleSeedBugs:
      let buggy = trainer.rule != .correct
      trainer.rule = buggy ? .correct : .seed
    case .toggleSign:
      trainer.rule = GradientRule(
        flipsSign: !trainer.rule.flipsSign, appliesSigmoidTwice: trainer.rule.appliesSigmoidTwice)
    case .toggleDoubleSigmoid:
      trainer.rule = GradientRule(
        flipsSign: trainer.rule.flipsSign, appliesSigmoidTwice: !trainer.rule.appliesSigmoidTwice)
    case .etaUp: trainer.eta = Ladder.learningRates.above(trainer.eta)
    case .etaDown: trainer.eta = Ladder.learningRates.below(trainer.eta)
    case .speedUp: speed = Speed.ladder.above(speed)
    case .speedDown: speed = Speed.ladder.below(speed)
    case .toggleHiddenUnits: isShowingHiddenUnits.toggle()
    case .toggleWideView: isWideView.toggle()
    case .toggleExplanation:
      isShowingExplanation.toggle()
      if isShowingExplanation { isShowingHelp = false }
    case .toggleHelp:
      isShowingHelp.toggle()
      if isShowingHelp { isShowingExplanation = false }
    case .quit: exitRequest = .quit
    case .interrupt: exitRequest = .interrupt
    }
  }

  /// Takes up to `steps` steps and returns how many were taken (fewer on divergence).
  ///
  /// Call ``recordProgress()`` once a frame afterwards, not after every chunk: it costs a pass
  /// over the mse grid.
  @discardableResult
  public mutating func train(steps: Int) -> Int {
    trainer.train(steps: steps)
  }

  /// Refreshes the mse, the loss history and the last finite network from the trainer; on a
  /// divergence, pauses the view until a reset.
  public mutating func recordProgress() {
    if trainer.network.isFinite {
      lastFiniteNetwork = trainer.network
    }
    let mse = trainer.meanSquaredError()
    currentMSE = mse
    history.record(step: trainer.stepCount, mse: mse)
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
    trainer = fresh
    if isPausedByDivergence {
      isPaused = false
      isPausedByDivergence = false
    }
    history = LossHistory(capacity: history.capacity)
    lastFiniteNetwork = fresh.network
    currentMSE = fresh.meanSquaredError()
    history.record(step: 0, mse: currentMSE)
  }
}
